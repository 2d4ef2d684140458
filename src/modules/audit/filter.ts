import type { SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { SIGN_IN_ACTIONS, type AuditFilter } from './schema.ts';

/**
 * The smallest UUIDv7 of a millisecond: ids are written after the row's `at` (the transaction's
 * start), so every entry at or after `time` has an id at or above this one. Lets the primary key
 * index bound a date range that the newest-first order then walks.
 */
export function firstIdAt(time: Date): string {
  const hex = time.getTime().toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/**
 * The audit filters as SQL conditions (never rows filtered in JS). Each one has an index that
 * starts with it and ends in id (migrations 0001 and 0028), so a page is an index range.
 */
export function filterAudit<O>(
  query: SelectQueryBuilder<DB, 'audit_log', O>,
  filter: AuditFilter,
): SelectQueryBuilder<DB, 'audit_log', O> {
  let q = query;
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
  if (filter.action) q = q.where('action', '=', filter.action);
  else if (filter.signIns !== 'true') q = q.where('action', 'not in', [...SIGN_IN_ACTIONS]);
  if (filter.from) {
    const from = new Date(filter.from);
    q = q.where('at', '>=', from).where('id', '>=', firstIdAt(from));
  }
  if (filter.to) q = q.where('at', '<', new Date(filter.to));
  return q;
}
