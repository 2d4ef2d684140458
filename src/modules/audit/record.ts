import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { PREPARE } from '../../db/prepared.ts';
import type { ContactActor, StaffActor } from '../../authz/actor.ts';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

type Who =
  StaffActor | ContactActor | { kind: 'anonymous'; label: string } | { kind: 'system'; label: string };

/** Writes one audit row; pass the transaction of the change so both commit or neither does. */
export async function recordAudit(db: Kysely<DB> | Transaction<DB>, who: Who, entry: AuditEntry, ip = '') {
  const impersonation = who.kind === 'contact' ? who.impersonation : undefined;
  const actor =
    who.kind === 'staff' || who.kind === 'contact'
      ? {
          actor_type: who.kind,
          actor_id: who.id,
          // "Alice as Bob": both identities on every row written during an impersonation.
          actor_label: impersonation
            ? `${impersonation.staffName} as ${who.name} <${who.email}>`
            : `${who.name} <${who.email}>`,
        }
      : { actor_type: who.kind, actor_id: null, actor_label: who.label };
  // Prepared (src/db/prepared.ts): every write records one, and an INSERT has one plan.
  await db
    .insertInto('audit_log')
    .modifyEnd(PREPARE)
    .values({
      ...actor,
      impersonator_staff_id: impersonation?.staffUserId ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip,
    })
    .execute();
}
