import { audit, type ChangeContext } from '../audit/change.ts';

/**
 * The audit rows of one kind of record, in the change's transaction: `created` keeps the new
 * record, `deleted` the old one, `updated` both; `changed` is any other action.
 */
export function auditOf(entityType: string) {
  return {
    created: (ctx: ChangeContext, after: { id: string }) =>
      audit(ctx, { action: 'create', entityType, entityId: after.id, after }),
    updated: (ctx: ChangeContext, id: string, before: unknown, after: unknown) =>
      audit(ctx, { action: 'update', entityType, entityId: id, before, after }),
    deleted: (ctx: ChangeContext, before: { id: string }) =>
      audit(ctx, { action: 'delete', entityType, entityId: before.id, before }),
    changed: (ctx: ChangeContext, action: string, id: string, before: unknown, after: unknown) =>
      audit(ctx, { action, entityType, entityId: id, before, after }),
  };
}
