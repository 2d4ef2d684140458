import { sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { RECORD_KINDS } from '../../../authz/records/bulk.ts';
import type { VisibilitySources } from './diff-relation.ts';
import type { Plan, VisibilityKind } from './plan-relation.ts';

/**
 * The plan's contact sets, written into temporary tables in the state before the change, so the
 * state after is computed for the very same contacts. The tables live until the transaction (or
 * the savepoint the preview runs in) ends.
 */

type Trx = Transaction<DB>;

const TEMP_TABLES = [
  sql`create temp table pv_full (contact_id uuid not null, kind text not null, primary key (kind, contact_id)) on commit drop`,
  sql`create temp table pv_holders (contact_id uuid primary key) on commit drop`,
  sql`create temp table pv_requesters (contact_id uuid primary key) on commit drop`,
];

/** The contacts whose visibility is compared (a subquery of ids over the plan's tables). */
export const plannedContacts = sql`select contact_id from pv_full union select contact_id from pv_holders`;

/** Writes the plan's contact sets into new temporary tables (before the change) and says what to compute. */
export async function materializePlan(trx: Trx, plan: Plan): Promise<VisibilitySources> {
  for (const statement of TEMP_TABLES) await statement.execute(trx);
  for (const block of plan.full)
    await sql`insert into pv_full (contact_id, kind)
      select distinct f.id, k.kind from (${block.contacts}) f(id) cross join unnest(${[...block.kinds]}::text[]) k(kind)
      where f.id is not null on conflict do nothing`.execute(trx);
  let among = false;
  if (plan.among) {
    const holders = await sql`insert into pv_holders select distinct h.id from (${plan.among.contacts}) h(id)
      where h.id is not null`.execute(trx);
    // No holder: nobody's tickets can change, and the requesters (perhaps a rule over every contact) are not needed.
    if (Number(holders.numAffectedRows ?? 0) > 0) {
      await sql`insert into pv_requesters select distinct r.id from (${plan.among.requesters}) r(id)
        where r.id is not null`.execute(trx);
      among = true;
    }
  }
  await sql`analyze pv_full`.execute(trx);
  await sql`analyze pv_holders`.execute(trx);
  await sql`analyze pv_requesters`.execute(trx);
  const present = await sql<{ kind: VisibilityKind }>`select distinct kind from pv_full`.execute(trx);
  const kinds = new Set(present.rows.map((r) => r.kind));
  return {
    ...(kinds.has('ticket')
      ? { ticketContacts: sql`select contact_id from pv_full where kind = 'ticket'` }
      : {}),
    ...(among
      ? {
          among: {
            contacts: sql`select contact_id from pv_holders`,
            requesters: sql`select contact_id from pv_requesters`,
          },
        }
      : {}),
    recordKinds: RECORD_KINDS.filter((k) => kinds.has(k)),
    recordContacts: (kind) => sql`select contact_id from pv_full where kind = ${kind}`,
    ...(kinds.has('capability')
      ? { capabilityContacts: sql`select contact_id from pv_full where kind = 'capability'` }
      : {}),
  };
}
