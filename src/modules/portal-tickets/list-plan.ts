import { sql, type Expression, type SqlBool } from 'kysely';
import type { TicketListPath } from '../../authz/tickets/condition.ts';
import type { Db } from '../../db/database.ts';

/**
 * How a ticket list reads each of its access paths (listTickets in repo.ts). Which tickets a page
 * holds is fixed by src/authz/tickets/condition.ts; this module only picks the plan that reads them
 * fastest, from the size of each path's key set.
 */

/**
 * The order of a list: one column, then the id, both the same way (a keyset; see repo.ts's
 * TICKET_SORTS). Every order has an index per key column (activity: migrations 0001 and 0007;
 * number: 0020), so a path's page is a walk of one index.
 */
export type ListOrder = { column: 'last_activity_at' | 'number'; direction: 'asc' | 'desc' };

const orderBy = (order: ListOrder, alias: string, column = sql.ref(`${alias}.${order.column}`)) => {
  const direction = sql.raw(order.direction);
  return sql`order by ${column} ${direction}, ${sql.ref(`${alias}.id`)} ${direction}`;
};

// Ceilings of the two thresholds below (keys read into an array; keys held in a hash table). The
// array itself is never cut: a remembered plan may meet a key set that has grown since.
const MAX_FEW_KEYS = 5000;
const MAX_HASHED_KEYS = 50_000;

type KeyedPath = Extract<TicketListPath, { kind: 'keyed' }>;
/** How a keyed path reads its page (see pathPage). */
type KeyPlan = 'few' | 'hashed' | 'many';

/**
 * The plan for each keyed path, from the number of its keys, counted (up to the second
 * threshold) in one small query before the list's. The thresholds follow from the planner's row
 * counts of the key table and of tickets, with constants measured on the L profile:
 * - starting from k keys costs one index descent per key; walking the open tickets reads about
 *   limit × keyTable ÷ k of them: they meet near k = keyTable × sqrt(0.5 × limit ÷ tickets)
 *   (about 500 contacts or 25 organizations at 2M tickets, 200k contacts, 10k organizations);
 * - hashing the keys costs about 0.8 µs a key, testing a walked ticket with index probes
 *   (`member`) 30-40 times as much: they meet near k = sqrt(30 × limit × keyTable) (12,500
 *   contacts).
 * Deciding first keeps the list's statement to one plan per path: planning all three plans in
 * one statement cost more than the extra round trip, which choosePlans mostly saves.
 */
async function countPlans(db: Db, keyed: KeyedPath[], limit: number): Promise<KeyPlan[]> {
  const plan = (
    path: KeyedPath,
  ) => sql<number>`(select case when n.n < b.few then 0 when n.n < b.many then 1 else 2 end
    from (select least(${MAX_FEW_KEYS}, greatest(10, greatest(k.reltuples, 0) * sqrt(0.5 * ${limit} / greatest(t.reltuples, 1))))::int as few,
            least(${MAX_HASHED_KEYS}, greatest(100, sqrt(30.0 * ${limit} * greatest(k.reltuples, 0))))::int as many
          from pg_class k, pg_class t where k.oid = ${path.keyTable}::regclass and t.oid = 'tickets'::regclass) b
    cross join lateral (select count(*) as n from (select 1 from ${path.keys} k limit b.many) c) n)`;
  const row = await sql<Record<string, number>>`select ${sql.join(
    keyed.map((p, i) => sql`${plan(p)} as ${sql.ref(`path_${i}`)}`),
  )}`.execute(db);
  const plans: KeyPlan[] = ['few', 'hashed', 'many'];
  return keyed.map((_, i) => plans[Number(row.rows[0]?.[`path_${i}`] ?? 2)] ?? 'many');
}

/**
 * Plans chosen for recent key sets (a user paging through a list, or reloading it, skips the
 * counting query). A plan only decides how a page is read, never which tickets it holds: the page
 * is always computed from the current data, so an outdated plan can cost time but not a wrong
 * answer. Entries expire after a minute; at most PLAN_MEMORY_SIZE are kept, oldest dropped first.
 */
const PLAN_MEMORY_MS = 60_000;
const PLAN_MEMORY_SIZE = 1_000;
const planMemory = new Map<string, { plan: KeyPlan; until: number }>();
const memoryKey = (path: KeyedPath, limit: number) => `${path.keySet}|${limit}`;

/** The plan of each keyed path: remembered, or counted in one query for those not remembered. */
export async function choosePlans(
  db: Db,
  keyed: KeyedPath[],
  limit: number,
): Promise<Map<TicketListPath, KeyPlan>> {
  const now = Date.now();
  const plans = new Map<TicketListPath, KeyPlan>();
  const missing: { path: KeyedPath; key: string }[] = [];
  for (const path of keyed) {
    const key = memoryKey(path, limit);
    const known = planMemory.get(key);
    if (known && known.until > now) plans.set(path, known.plan);
    else missing.push({ path, key });
  }
  if (missing.length === 0) return plans;
  const counted = await countPlans(
    db,
    missing.map((m) => m.path),
    limit,
  );
  missing.forEach(({ path, key }, i) => {
    const plan = counted[i] ?? 'many';
    plans.set(path, plan);
    planMemory.delete(key);
    planMemory.set(key, { plan, until: now + PLAN_MEMORY_MS });
    const oldest = planMemory.keys().next();
    if (planMemory.size > PLAN_MEMORY_SIZE && !oldest.done) planMemory.delete(oldest.value);
  });
  return plans;
}

/**
 * Up to `limit` ids of one path, first in `order`. A keyed path reads them with its plan:
 * - few keys: start from the keys, take each key's first tickets through its index
 *   (tickets_open_requester_idx / tickets_requester_idx, by organization likewise; by number:
 *   tickets_requester_number_idx, tickets_organization_number_idx), keep the first. The keys go through an array, so PostgreSQL costs this for a handful of keys instead
 *   of its (often huge) guess at the key set, which would push the statement over
 *   jit_above_cost; they are de-duplicated first (a member several ways), since a repeated key
 *   would repeat tickets inside its limit;
 * - hashed: walk the order's index and look each ticket up in the keys, hashed once;
 * - many keys: walk the order's index and test each ticket with `member` (a few index probes),
 *   never building the whole set.
 * Across paths, the caller's `t.id in (...)` removes repeated ids.
 */
export function pathPage(
  path: TicketListPath,
  plan: KeyPlan | undefined,
  narrowed: Expression<SqlBool>,
  limit: number,
  order: ListOrder,
) {
  const ordered = sql`${orderBy(order, 't')} limit ${limit}`;
  if (path.kind === 'where')
    return sql<{
      id: string;
    }>`(select t.id from tickets t where ${path.condition} and ${narrowed} ${ordered})`;
  const column = sql.ref(`t.${path.column}`);
  if (plan === 'few')
    return sql<{ id: string }>`(select x.id
      from unnest(array(select distinct k.key from ${path.keys} k)) k(key)
      cross join lateral (select t.id, ${sql.ref(`t.${order.column}`)} as sort_key from tickets t
        where ${column} = k.key and ${path.condition} and ${narrowed} ${ordered}) x
      ${orderBy(order, 'x', sql.ref('x.sort_key'))} limit ${limit})`;
  const test =
    plan === 'hashed' ? sql`coalesce(${column} in (select k.key from ${path.keys} k), false)` : path.member;
  return sql<{
    id: string;
  }>`(select t.id from tickets t where ${path.condition} and ${narrowed} and ${test} ${ordered})`;
}
