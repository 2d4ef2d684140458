import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { applyChange, checkChange, type AccessChange } from './change-relation.ts';
import { planChange, type Plan, type VisibilityKind } from './plan-relation.ts';
import {
  diffSummary,
  toDiff,
  visibilityRelation,
  type Diff,
  type VisibilitySources,
} from './diff-relation.ts';
import { RECORD_KINDS } from './record-relation.ts';

export type { AccessChange } from './change-relation.ts';

/**
 * Preview (permission-model §8): what a change to the permission configuration would do to what
 * contacts see, without saving it. The change is applied for real inside a transaction (so the
 * triggers bring organization_closure and user_group_rule_members up to date), the visibility of
 * the affected contacts is computed before and after with one set-based query per side from the
 * relations in src/authz, and the transaction is rolled back. The numbers are therefore the real
 * difference the change would make, at the moment of the preview.
 *
 * Cost: what is compared is derived from the change (plan-relation.ts): the whole visibility of
 * some kinds for some contacts (a grant's holder, a privilege group's contacts for the kinds its
 * change touches), and for the holders of grants on a group only the tickets of the contacts whose
 * membership can change. Each side is one query of that size, plus the change's own write (a rule
 * change re-evaluates the rule over all contacts, as saving it does).
 */

type Trx = Transaction<DB>;
export type PreviewResult = Diff & { counted: { tickets: boolean; records: boolean } };

class Rollback extends Error {
  constructor(readonly result: PreviewResult) {
    super('preview rolled back');
  }
}

/**
 * Previews the change. With a Kysely instance it runs in its own transaction, rolled back; with a
 * transaction (a save endpoint's dry run) it runs inside a savepoint that is rolled back, leaving
 * the caller's transaction as it was. Refuses a change the save would refuse (422 with the body
 * path, 409 for a system privilege group).
 */
export async function previewChange(db: Kysely<DB> | Trx, change: AccessChange): Promise<PreviewResult> {
  if (db.isTransaction) return inSavepoint(db as Trx, (trx) => run(trx, change));
  try {
    await db.transaction().execute(async (trx) => {
      throw new Rollback(await run(trx, change));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    throw error;
  }
  throw new Error('preview transaction was not rolled back');
}

async function inSavepoint<T>(trx: Trx, work: (trx: Trx) => Promise<T>): Promise<T> {
  await sql`savepoint portico_preview`.execute(trx);
  try {
    return await work(trx);
  } finally {
    await sql`rollback to savepoint portico_preview`.execute(trx);
    await sql`release savepoint portico_preview`.execute(trx);
  }
}

const TEMP_TABLES = [
  sql`create temp table pv_full (contact_id uuid not null, kind text not null, primary key (kind, contact_id)) on commit drop`,
  sql`create temp table pv_holders (contact_id uuid primary key) on commit drop`,
  sql`create temp table pv_requesters (contact_id uuid primary key) on commit drop`,
  sql`create temp table pv_before (kind text not null, contact_id uuid not null, record_id uuid not null) on commit drop`,
];

async function run(trx: Trx, change: AccessChange): Promise<PreviewResult> {
  await checkChange(trx, change);
  const plan = await planChange(trx, change);
  // For this transaction only: room to hash the compared sets in memory, and no JIT, whose
  // compilation of these large plans costs more than it saves on the sets a preview compares.
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`set local jit = off`.execute(trx);
  for (const statement of TEMP_TABLES) await statement.execute(trx);
  const sources = await materializePlan(trx, plan);
  await sql`insert into pv_before ${visibilityRelation(sources)}`.execute(trx);
  await sql`analyze pv_before`.execute(trx);
  await applyChange(trx, change);
  const affected = sql`select contact_id from pv_full union select contact_id from pv_holders`;
  const { rows } = await diffSummary('pv_before', visibilityRelation(sources), affected).execute(trx);
  const row = rows[0];
  if (!row) throw new Error('preview summary returned no row');
  const kinds = new Set(plan.full.flatMap((f) => f.kinds));
  const counted = {
    tickets: kinds.has('ticket') || !!plan.among,
    records: RECORD_KINDS.some((k) => kinds.has(k)),
  };
  return { ...toDiff(row), counted };
}

/** Writes the plan's contact sets into the temporary tables (before the change) and says what to compute. */
async function materializePlan(trx: Trx, plan: Plan): Promise<VisibilitySources> {
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
  };
}
