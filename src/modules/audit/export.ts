import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { EXPORT_BATCH } from '../csv/columns.ts';
import { csvHeader, csvRecord, UTF8_BOM } from '../csv/write.ts';
import { changeText } from './change-text.ts';
import { filterAudit } from './filter.ts';
import type { AuditFilter } from './schema.ts';

export const AUDIT_COLUMNS = [
  'id',
  'at',
  'actor_type',
  'actor',
  'actor_id',
  'impersonator_staff_id',
  'action',
  'entity_type',
  'entity_id',
  'changes',
  'before',
  'after',
  'ip',
];

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

/**
 * The audit file, newest first, with the list's filters: keyset batches by id, one chunk of text
 * per batch, never more than one batch in memory however long the log.
 */
export async function* auditCsv(db: Kysely<DB>, filter: AuditFilter): AsyncGenerator<string> {
  yield UTF8_BOM + csvHeader(AUDIT_COLUMNS);
  let before: string | undefined;
  for (;;) {
    let query = filterAudit(db.selectFrom('audit_log').selectAll(), filter);
    if (before) query = query.where('id', '<', before);
    const rows = await query.orderBy('id', 'desc').limit(EXPORT_BATCH).execute();
    if (rows.length === 0) return;
    yield rows
      .map((r) =>
        csvRecord([
          r.id,
          r.at.toISOString(),
          r.actor_type,
          r.actor_label,
          r.actor_id,
          r.impersonator_staff_id,
          r.action,
          r.entity_type,
          r.entity_id,
          changeText(r.before, r.after),
          json(r.before),
          json(r.after),
          r.ip,
        ]),
      )
      .join('');
    if (rows.length < EXPORT_BATCH) return;
    before = rows[rows.length - 1]?.id;
  }
}
