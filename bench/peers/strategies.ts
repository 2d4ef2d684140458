import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ContactActor } from '../../src/authz/actor.ts';
import {
  ticketsInView,
  visibleTickets,
  type Evaluation,
  type TicketView,
} from '../../src/authz/tickets/condition.ts';
import type { DB } from '../../src/db/schema.ts';
import { SUMMARY_SELECT, type PageShape, type Status } from '../ideal-sql.ts';

/**
 * The peers' recommended list strategies (perf-anchors §9.3 S11), replayed on the same data and
 * with the same rules: each uses the app's own scope condition (visibleTickets AND
 * ticketsInView) for its permission part, and differs only in how it pages and filters.
 */

export type PeerResult = { ids: string[]; capped: boolean };

// Each strategy gets the condition in the shape that suits it: the single check per row for
// search-then-check, the set-based shape for those that read every visible ticket.
const viewCondition = (actor: ContactActor, view: TicketView, evaluation: Evaluation = 'bulk') =>
  sql<SqlBool>`(${visibleTickets(actor, 't', evaluation)} and ${ticketsInView(actor, view, 't', evaluation)})`;
const statusCondition = (status: Status) =>
  status === 'open' ? sql`t.status in ('open', 'pending')` : sql`true`;

/**
 * Search, then check each row (OpenFGA's "search then check", SpiceDB's CheckBulkPermissions
 * loop): read DB pages of candidate tickets in list order and ask the permission check for
 * each one until the page is full. Bounded by `maxExamined`; `capped` marks a lower bound.
 */
export async function searchThenCheck(
  db: Kysely<DB>,
  actor: ContactActor,
  view: TicketView,
  status: Status,
  skip: number,
  maxExamined: number,
): Promise<PeerResult> {
  const allowed: string[] = [];
  let passed = 0;
  let examined = 0;
  let after: { at: Date; id: string } | undefined;
  while (allowed.length < 26 && examined < maxExamined) {
    const candidates = await sql<{
      id: string;
      last_activity_at: Date;
    }>`select t.id, t.last_activity_at from tickets t
      where ${statusCondition(status)} ${after ? sql`and (t.last_activity_at, t.id) < (${after.at}, ${after.id}::uuid)` : sql``}
      order by t.last_activity_at desc, t.id desc limit 200`.execute(db);
    if (candidates.rows.length === 0) break;
    for (const c of candidates.rows) {
      examined += 1;
      const check = await sql<{ ok: number }>`select 1 as ok from tickets t where t.id = ${c.id}::uuid
        and ${viewCondition(actor, view, 'row')}`.execute(db);
      if (check.rows.length > 0 && passed++ >= skip) allowed.push(c.id);
      if (allowed.length >= 26 || examined >= maxExamined) break;
    }
    const last = candidates.rows[candidates.rows.length - 1]!;
    after = { at: last.last_activity_at, id: last.id };
  }
  if (allowed.length > 0)
    await sql`select ${SUMMARY_SELECT} from tickets t join contacts c on c.id = t.requester_id
      join organizations o on o.id = t.organization_id where t.id = any(${allowed}::uuid[])`.execute(db);
  return { ids: allowed.slice(0, 25), capped: allowed.length < 26 && examined >= maxExamined };
}

/**
 * List every visible id, then search among them (OpenFGA ListObjects / SpiceDB LookupResources,
 * then `WHERE id = ANY($ids)`): the id list grows with the visible set, not with the page.
 */
export async function idsThenIn(
  db: Kysely<DB>,
  actor: ContactActor,
  view: TicketView,
  status: Status,
  shape: PageShape,
): Promise<PeerResult> {
  const all = await sql<{
    id: string;
  }>`select t.id from tickets t where ${viewCondition(actor, view)}`.execute(db);
  const ids = all.rows.map((r) => r.id);
  const after = shape.after
    ? sql`and (t.last_activity_at, t.id) < (${shape.after.at}, ${shape.after.id}::uuid)`
    : sql``;
  const page = await sql<{ id: string }>`select ${SUMMARY_SELECT} from tickets t
    join contacts c on c.id = t.requester_id join organizations o on o.id = t.organization_id
    where t.id = any(${ids}::uuid[]) and ${statusCondition(status)} ${after}
    order by t.last_activity_at desc, t.id desc limit 26`.execute(db);
  return { ids: page.rows.slice(0, 25).map((r) => r.id), capped: false };
}

/** The CMS default (Directus, Payload): the same condition, OFFSET paging plus an exact total. */
export async function offsetAndCount(
  db: Kysely<DB>,
  actor: ContactActor,
  view: TicketView,
  status: Status,
  offset: number,
): Promise<PeerResult> {
  const page = await sql<{ id: string }>`select ${SUMMARY_SELECT} from tickets t
    join contacts c on c.id = t.requester_id join organizations o on o.id = t.organization_id
    where ${viewCondition(actor, view)} and ${statusCondition(status)}
    order by t.last_activity_at desc, t.id desc limit 26 offset ${offset}`.execute(db);
  await sql`select count(*) from tickets t where ${viewCondition(actor, view)} and ${statusCondition(status)}`.execute(
    db,
  );
  return { ids: page.rows.slice(0, 25).map((r) => r.id), capped: false };
}
