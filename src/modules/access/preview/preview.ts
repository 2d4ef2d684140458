import { sql, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { RECORD_KINDS } from '../../../authz/records/bulk.ts';
import { rolledBack, type ChangeContext } from '../../audit/change.ts';
import type { AccessChange } from './change.ts';
import { diffSummary, emptyDiff, toDiff, visibilityRelation, type Diff } from './diff-relation.ts';
import { materializePlan, plannedContacts } from './materialize-plan.ts';
import { planChange, type Plan } from './plan-relation.ts';

/**
 * Preview (permission-model §8): what a save would do to what contacts see, without keeping it.
 * The save itself runs (the very service function the endpoint runs, so it refuses what the save
 * refuses, and the triggers bring organization_closure and user_group_rule_members up to date),
 * between two measures of the visibility of the contacts its change can affect, each one
 * set-based query built from the relations in src/authz; then everything is rolled back, audit
 * rows included. The numbers are the real difference the save would make, at that moment.
 *
 * Cost: what is compared is derived from the change (plan-relation.ts): the whole visibility of
 * some kinds for some contacts (a grant's holder, a privilege group's contacts for the kinds its
 * change touches), and for the holders of grants on a group only the tickets of the contacts whose
 * membership can change. Each side is one query of that size, plus the save's own write (a rule
 * change re-evaluates the rule over all contacts, as saving it does).
 */

export type PreviewResult = Diff & { counted: { tickets: boolean; records: boolean; capabilities: boolean } };

/**
 * Runs `save` in ctx.trx and rolls it back, answering what it changed in what contacts see. The
 * contacts compared are those `change` (what the save stands for) can affect; with no change (a
 * save of fields no one's access depends on) the save still runs, to refuse what it refuses, and
 * nothing is counted. The caller's transaction is left as it was.
 */
export function previewSave(
  ctx: ChangeContext,
  change: AccessChange | null,
  save: () => Promise<unknown>,
): Promise<PreviewResult> {
  const plan = change && (() => planChange(ctx.trx, change));
  return rolledBack(ctx.trx, () => measureSave(ctx.trx, plan, save));
}

/**
 * Runs `save` in trx between two measures of what the plan's contacts (read before the save) see
 * and may do, and KEEPS what it wrote: previewSave rolls it back, a save that answers with its
 * own preview (the CSV contact import) commits it. No plan: nothing is counted.
 */
export async function measureSave(
  trx: Transaction<DB>,
  planOf: (() => Promise<Plan>) | null,
  save: () => Promise<unknown>,
): Promise<PreviewResult> {
  if (!planOf) {
    await save();
    return { ...emptyDiff(), counted: { tickets: false, records: false, capabilities: false } };
  }
  const plan = await planOf();
  // For this preview only: room to hash the compared sets in memory, and no JIT, whose
  // compilation of these large plans costs more than it saves on the sets a preview compares.
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`set local jit = off`.execute(trx);
  const sources = await materializePlan(trx, plan);
  await sql`create temp table pv_before (kind text not null, contact_id uuid not null, record_id text not null)
    on commit drop`.execute(trx);
  await sql`insert into pv_before ${visibilityRelation(sources)}`.execute(trx);
  await sql`analyze pv_before`.execute(trx);
  // The samples name the contacts as they are now, before a save that may rename one.
  await sql`create temp table pv_people on commit drop as
    select ct.id, ct.name, ct.email from contacts ct where ct.id in (${plannedContacts})`.execute(trx);
  await save();
  // ... and the contacts the save created (an import's new rows) as they are after it.
  await sql`insert into pv_people select ct.id, ct.name, ct.email from contacts ct
    where ct.id in (${plannedContacts}) and ct.id not in (select id from pv_people)`.execute(trx);
  const summary = diffSummary('pv_before', visibilityRelation(sources), plannedContacts, 'pv_people');
  const row = (await summary.execute(trx)).rows[0];
  if (!row) throw new Error('preview summary returned no row');
  const kinds = new Set(plan.full.flatMap((f) => f.kinds));
  const counted = {
    tickets: kinds.has('ticket') || !!plan.among,
    records: RECORD_KINDS.some((k) => kinds.has(k)),
    capabilities: kinds.has('capability'),
  };
  return { ...toDiff(row), counted };
}
