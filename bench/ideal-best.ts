import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { TicketView } from '../src/authz/tickets/condition.ts';
import type { DB } from '../src/db/schema.ts';
import { idealMembers, idealPage, SUMMARY_SELECT, uuids, type PageShape, type Status } from './ideal-sql.ts';
import type { Persona } from './personas.ts';

/**
 * The reference for list pages: hand-written SQL for one persona's page in the plan a person
 * would choose knowing the persona. Each way the persona reaches tickets (own, organization
 * scope, grants) is its own newest-first query; a set of keys (a tree's organizations, the
 * granted groups' members) is read key by key through the key's index ("few"), or by walking the
 * activity index and looking each ticket up in the keys hashed once ("hash"), probing the
 * membership tables per ticket from the granted groups ("many"), or from the requester's groups
 * ("reverse", for grants). `pickForm` times them once and keeps the fastest,
 * so the reference is the best of the plans, with no run-time choice.
 */
export type KeyForm = 'few' | 'hash' | 'many' | 'reverse';

const NEWEST = sql`order by t.last_activity_at desc, t.id desc`;
const statusSql = (status: Status) => (status === 'open' ? sql`t.status in ('open', 'pending')` : sql`true`);
const afterSql = (shape: PageShape) =>
  shape.after ? sql`and (t.last_activity_at, t.id) < (${shape.after.at}, ${shape.after.id}::uuid)` : sql``;

type Keyed = {
  column: string;
  keys: RawBuilder<unknown>;
  probe: RawBuilder<boolean>;
  /** The probe from the ticket's side, when it has one: the requester's few groups, each looked up in the persona's. */
  reverse?: RawBuilder<boolean>;
  condition: RawBuilder<boolean>;
};

/** The groups of the ticket's requester (explicit, rule, organization), with repeats. */
const requesterGroups = sql`(
  select e.user_group_id from user_group_contacts e where e.contact_id = t.requester_id
  union all
  select r.user_group_id from user_group_rule_members r where r.contact_id = t.requester_id
  union all
  select ugo.user_group_id from contacts rc
    join organization_closure oc on oc.descendant_id = rc.organization_id
    join user_group_organizations ugo on ugo.organization_id = oc.ancestor_id
      and (ugo.include_sub_organizations or oc.depth = 0)
  where rc.id = t.requester_id)`;

function keyedPath(p: Persona, view: TicketView): Keyed | undefined {
  const privateOk =
    view === 'organization'
      ? sql<boolean>`(t.requester_id = ${p.contactId}::uuid or not t.private)`
      : sql<boolean>`not t.private`;
  if ((view === 'groups' || view === 'all') && p.groups.length > 0)
    return {
      column: 't.requester_id',
      keys: sql`select m.contact_id from ${idealMembers(p.groups)} m`,
      probe: sql<boolean>`exists (select 1 from ${idealMembers(p.groups)} m where m.contact_id = t.requester_id offset 0)`,
      reverse: sql<boolean>`exists (select 1 from ${requesterGroups} rg where rg.user_group_id = any(${uuids(p.groups)}))`,
      condition: sql<boolean>`not t.private`,
    };
  if ((view === 'organization' || view === 'all') && p.ticketScope === 'organization_tree')
    return {
      column: 't.organization_id',
      keys: sql`select oc.descendant_id from organization_closure oc where oc.ancestor_id = ${p.organizationId}::uuid`,
      probe: sql<boolean>`exists (select 1 from organization_closure oc where oc.ancestor_id = ${p.organizationId}::uuid
        and oc.descendant_id = t.organization_id offset 0)`,
      condition: privateOk,
    };
  return undefined;
}

function pathIds(
  p: Persona,
  view: TicketView,
  status: Status,
  shape: PageShape,
  form: KeyForm,
): RawBuilder<unknown>[] {
  const filters = sql`${statusSql(status)} ${afterSql(shape)}`;
  const top = sql`${NEWEST} limit 26`;
  const parts: RawBuilder<unknown>[] = [];
  if (view === 'mine' || view === 'all')
    parts.push(
      sql`(select t.id from tickets t where t.requester_id = ${p.contactId}::uuid and ${filters} ${top})`,
    );
  if ((view === 'organization' || view === 'all') && p.ticketScope === 'organization') {
    const privateOk =
      view === 'organization'
        ? sql`(t.requester_id = ${p.contactId}::uuid or not t.private)`
        : sql`not t.private`;
    parts.push(
      sql`(select t.id from tickets t where t.organization_id = ${p.organizationId}::uuid and ${privateOk} and ${filters} ${top})`,
    );
  }
  const k = keyedPath(p, view);
  if (k && form === 'few')
    // The keys as an array: PostgreSQL plans the per-key side for the keys it gets, and its cost
    // stays under jit_above_cost.
    parts.push(sql`(select x.id from unnest(array(select distinct kk.key from (${k.keys}) kk(key))) k(key) cross join lateral (
      select t.id, t.last_activity_at from tickets t where ${sql.ref(k.column)} = k.key and ${k.condition} and ${filters} ${top}) x
      order by x.last_activity_at desc, x.id desc limit 26)`);
  if (k && form === 'hash')
    parts.push(sql`(select t.id from tickets t where ${k.condition} and ${filters}
      and coalesce(${sql.ref(k.column)} in (${k.keys}), false) ${top})`);
  if (k && (form === 'many' || form === 'reverse'))
    parts.push(
      sql`(select t.id from tickets t where ${k.condition} and ${filters} and ${form === 'reverse' ? (k.reverse ?? k.probe) : k.probe} ${top})`,
    );
  return parts;
}

export function hasKeyedPath(p: Persona, view: TicketView): boolean {
  return keyedPath(p, view) !== undefined;
}

/** The page (limit + 1 rows) in the given form. */
export function bestPage(p: Persona, view: TicketView, status: Status, shape: PageShape, form: KeyForm) {
  const parts = pathIds(p, view, status, shape, form);
  const where = parts.length === 0 ? sql`false` : sql`t.id in (${sql.join(parts, sql` union all `)})`;
  return sql<{ id: string; last_activity_at: Date }>`select ${SUMMARY_SELECT} from tickets t
    join contacts c on c.id = t.requester_id join organizations o on o.id = t.organization_id
    where ${where} ${NEWEST} limit 26`;
}

/**
 * Times the three forms (median of 5 after a warm-up) and returns the fastest. The walking forms
 * never end early when the persona sees few tickets: they run under a statement timeout of 20 ×
 * the "few" time and lose if they hit it.
 */
export async function pickForm(
  db: Kysely<DB>,
  p: Persona,
  view: TicketView,
  status: Status,
  shape: PageShape = {},
): Promise<KeyForm> {
  if (!hasKeyedPath(p, view)) return 'many';
  // Fewer visible tickets than a few pages: walking the whole activity index can only lose.
  if (status === 'open' && !shape.after && (p.openCounts[view] ?? 0) < 2_000) return 'few';
  const expected = (await idealPage(p, view, status, shape).execute(db)).rows.map((r) => r.id).join();
  const median = async (form: KeyForm, timeoutMs: number) =>
    db.transaction().execute(async (trx) => {
      await sql.raw(`set local statement_timeout = ${Math.ceil(timeoutMs)}`).execute(trx);
      const times: number[] = [];
      for (let i = 0; i < 6; i++) {
        const start = performance.now();
        const rows = (await bestPage(p, view, status, shape, form).execute(trx)).rows;
        if (i > 0) times.push(performance.now() - start);
        else if (rows.map((r) => r.id).join() !== expected)
          throw new Error(`ideal form ${form} of ${p.name} ${view}/${status} returns a different page`);
      }
      return times.sort((a, b) => a - b)[2]!;
    });
  const few = await median('few', 600_000);
  const times: Record<KeyForm, number> = {
    few,
    hash: Number.POSITIVE_INFINITY,
    many: Number.POSITIVE_INFINITY,
    reverse: Number.POSITIVE_INFINITY,
  };
  const walks = keyedPath(p, view)?.reverse
    ? (['hash', 'many', 'reverse'] as const)
    : (['hash', 'many'] as const);
  for (const form of walks)
    times[form] = await median(form, Math.max(1_000, 20 * few)).catch((error: Error) => {
      if (error.message.startsWith('ideal form')) throw error;
      return Number.POSITIVE_INFINITY; // the statement timeout
    });
  return (Object.keys(times) as KeyForm[]).reduce((a, b) => (times[b] < times[a] ? b : a));
}
