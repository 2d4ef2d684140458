import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from './audit-of.ts';

/**
 * auditOf for writes that hold rows: each logs the record as the API shows it (`toOut` of the
 * row) and answers it, so a service returns what it audited.
 */
export function auditedRows<Row, Out extends { id: string }>(entityType: string, toOut: (row: Row) => Out) {
  const log = auditOf(entityType);
  return {
    changed: log.changed,
    async created(ctx: ChangeContext, row: Row): Promise<Out> {
      const after = toOut(row);
      await log.created(ctx, after);
      return after;
    },
    async updated(ctx: ChangeContext, before: Row, row: Row): Promise<Out> {
      const after = toOut(row);
      await log.updated(ctx, after.id, toOut(before), after);
      return after;
    },
    async deleted(ctx: ChangeContext, before: Row): Promise<void> {
      await log.deleted(ctx, toOut(before));
    },
  };
}
