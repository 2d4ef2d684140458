import { sql, type Expression, type InsertObject, type SqlBool, type Transaction } from 'kysely';
import { teamAutoAssigns } from '../tickets/assignment.ts';
import { z } from 'zod';
import type { ContactActor } from '../../authz/actor.ts';
import { can } from '../../authz/actor.ts';
import {
  ticketAbilities,
  contactOwnAbilities,
  ticketListPaths,
  visibleTickets,
  writableColumn,
  type TicketView,
} from '../../authz/tickets/condition.ts';
import { choosePlans, pathPage, type ListOrder } from './list-plan.ts';
import { PREPARE } from '../../db/prepared.ts';
import { visibleAssets } from '../../authz/records/condition.ts';
import type { DB, TicketStatus } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { checkedAfterCursor, cursorParts, toPage, type PageQuery } from '../../http/pagination.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { TicketDetail, TicketPriority, TicketSummary } from './schema.ts';
import type { Db } from '../../db/database.ts';

/**
 * Every query here is filtered by the conditions of src/authz/tickets/condition.ts: single reads start
 * from `tickets as t` AND-ed with visibleTickets(actor) (the list condition applied to one id, the
 * write flag from the same query); lists use the view's condition (listTickets).
 */
function visible(db: Db, actor: ContactActor) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('contacts as c', 'c.id', 't.requester_id')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .where(visibleTickets(actor, 't'));
}

const SUMMARY_COLUMNS = [
  't.id',
  't.number',
  't.subject',
  't.status',
  't.priority',
  't.private',
  't.created_at',
  't.last_activity_at',
  't.requester_id',
  'c.name as requester_name',
  't.organization_id',
  'o.name as organization_name',
] as const;

/** SUMMARY_COLUMNS as SQL text over `t` and SUMMARY_SQL_JOINS, for queries written in SQL (search). */
export const SUMMARY_SQL_COLUMNS = sql`t.id, t.number, t.subject, t.status, t.priority, t.private, t.created_at,
  t.last_activity_at, t.requester_id, c.name as requester_name, t.organization_id, o.name as organization_name`;
export const SUMMARY_SQL_JOINS = sql`join contacts c on c.id = t.requester_id
  join organizations o on o.id = t.organization_id`;

export type SummaryRow = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  private: boolean;
  created_at: Date;
  last_activity_at: Date;
  requester_id: string;
  requester_name: string;
  organization_id: string;
  organization_name: string;
};

export function toSummary(actor: ContactActor, r: SummaryRow): TicketSummary {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    ...(can(actor, 'tickets.priority.view') ? { priority: r.priority } : {}),
    private: r.private,
    requester: { id: r.requester_id, name: r.requester_name },
    organization: { id: r.organization_id, name: r.organization_name },
    createdAt: r.created_at,
    lastActivityAt: r.last_activity_at,
  };
}

export type TicketSort = 'activity' | 'activity_asc' | 'newest' | 'oldest';

/**
 * The orders a list offers, each a keyset over (column, id) with the cursor's value type: a
 * cursor from another order (or a tampered one) is a 422, never a cast error or a wrong page.
 */
const TICKET_SORTS: Record<TicketSort, ListOrder & { cursor: z.ZodType }> = {
  activity: { column: 'last_activity_at', direction: 'desc', cursor: cursorParts.timestamp },
  activity_asc: { column: 'last_activity_at', direction: 'asc', cursor: cursorParts.timestamp },
  newest: { column: 'number', direction: 'desc', cursor: z.number().int().positive() },
  oldest: { column: 'number', direction: 'asc', cursor: z.number().int().positive() },
};

export type TicketListFilter = {
  view: TicketView;
  status: 'open' | 'closed' | 'all';
  q?: string;
  organizationId?: string;
  /**
   * Only this requester's tickets. ANDed with the view like every filter, so a requester (or an
   * organization) outside the contact's scope lists nothing, exactly like one without tickets:
   * the answer cannot tell whether it exists.
   */
  requesterId?: string;
  sort?: TicketSort;
};

// Up to 15 digits: ticket numbers stay far below 2^53.
const NUMBER_QUERY = /^(#?)(\d{1,15})$/;

function matchesText(q: string): Expression<SqlBool> {
  const subject = sql<SqlBool>`t.subject ilike ${`%${escapeLike(q)}%`}`;
  const number = NUMBER_QUERY.exec(q);
  if (!number) return subject;
  const exact = sql<SqlBool>`t.number = ${Number(number[2])}`;
  // '#123' names a ticket; bare digits may also be part of a subject.
  return number[1] ? exact : sql<SqlBool>`(${exact} or ${subject})`;
}

/** The list's filters (status, organization, requester, text) as one condition over `t`. */
function listFilters(filter: TicketListFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  // Literals, not parameters: the partial indexes on open tickets (migration 0007) are usable
  // only when the planner can see that the query implies their predicate.
  if (filter.status === 'open') conditions.push(sql<SqlBool>`t.status in ('open', 'pending')`);
  if (filter.status === 'closed') conditions.push(sql<SqlBool>`t.status in ('resolved', 'closed')`);
  if (filter.organizationId)
    conditions.push(sql<SqlBool>`t.organization_id = ${filter.organizationId}::uuid`);
  if (filter.requesterId) conditions.push(sql<SqlBool>`t.requester_id = ${filter.requesterId}::uuid`);
  if (filter.q) conditions.push(matchesText(filter.q));
  return conditions;
}

const all = (conditions: Expression<SqlBool>[]) =>
  conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;

/**
 * The first `limit` tickets of the view in `order` that pass `narrowed`, as a condition over `t`.
 * The view's condition is run as its separate paths (ticketListPaths: own, organization scope,
 * grants; their union is ticketsInView), each for one page, and the page is the first of them:
 * one OR over every path would make PostgreSQL test every ticket in order against all of them,
 * which is slow when the contact sees a small share of the table (docs/benchmarks.md).
 */
async function inViewPage(
  db: Db,
  actor: ContactActor,
  view: TicketView,
  narrowed: Expression<SqlBool>,
  order: ListOrder,
  limit: number,
): Promise<Expression<SqlBool>> {
  const paths = ticketListPaths(actor, view, 't');
  const keyed = paths.flatMap((p) => (p.kind === 'keyed' ? [p] : []));
  const plans = await choosePlans(db, keyed, limit);
  const only = paths.length === 1 ? paths[0] : undefined;
  if (paths.length === 0) return sql<SqlBool>`false`;
  if (only?.kind === 'where') return sql<SqlBool>`(${only.condition} and ${narrowed})`;
  return sql<SqlBool>`t.id in (${sql.join(
    paths.map((p) => pathPage(p, plans.get(p), narrowed, limit, order)),
    sql` union all `,
  )})`;
}

/** One page of the view in the filter's order (newest activity first by default). */
export async function listTickets(db: Db, actor: ContactActor, filter: TicketListFilter, page: PageQuery) {
  const sort = TICKET_SORTS[filter.sort ?? 'activity'];
  const conditions = listFilters(filter);
  if (page.cursor)
    conditions.push(
      checkedAfterCursor(
        [`t.${sort.column}`, 't.id'],
        [sort.cursor, cursorParts.id],
        page.cursor,
        sort.direction,
      ),
    );
  const limit = page.limit + 1;
  const condition = await inViewPage(db, actor, filter.view, all(conditions), sort, limit);
  const rows = await db
    .selectFrom('tickets as t')
    .innerJoin('contacts as c', 'c.id', 't.requester_id')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .select(SUMMARY_COLUMNS)
    .where(condition)
    .orderBy(`t.${sort.column}`, sort.direction)
    .orderBy('t.id', sort.direction)
    .limit(limit)
    .execute();
  return toPage(
    rows,
    page.limit,
    (r) => [sort.column === 'number' ? Number(r.number) : r.last_activity_at.toISOString(), r.id],
    (r) => toSummary(actor, r),
  );
}

/** Counts stop here: "1,000+" says enough, and an exact count of a huge view is a scan of it. */
export const COUNT_CAP = 1000;

/**
 * How many tickets of the view pass the filter, up to COUNT_CAP (`more`: there are more). Read
 * like a list's page of COUNT_CAP + 1 tickets (same paths, same plans, same scope), so a count
 * costs at most one long page, never a scan of everything the contact sees.
 */
export async function countTickets(
  db: Db,
  actor: ContactActor,
  filter: TicketListFilter,
): Promise<{ count: number; more: boolean }> {
  const order = TICKET_SORTS.activity;
  const condition = await inViewPage(db, actor, filter.view, all(listFilters(filter)), order, COUNT_CAP + 1);
  const row = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('tickets as t')
        .select('t.id')
        .where(condition)
        .limit(COUNT_CAP + 1)
        .as('page'),
    )
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return { count: Math.min(row.n, COUNT_CAP), more: row.n > COUNT_CAP };
}

const DETAIL_COLUMNS = [
  ...SUMMARY_COLUMNS,
  't.description',
  't.updated_at',
  't.closed_at',
  't.asset_id',
  'a.name as asset_name',
  't.first_response_due_at',
  't.resolution_due_at',
  't.sla_next_due_at',
  sql<boolean>`coalesce(t.sla_next_due_at < now(), false)`.as('sla_overdue'),
] as const;

type DetailRow = SummaryRow & {
  description: string;
  updated_at: Date;
  closed_at: Date | null;
  asset_id: string | null;
  asset_name: string | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_next_due_at: Date | null;
  sla_overdue: boolean;
  writable: boolean;
};

function toDetail(actor: ContactActor, row: DetailRow): TicketDetail {
  const asset = row.asset_id && row.asset_name !== null ? { id: row.asset_id, name: row.asset_name } : null;
  const facts = { writable: row.writable, status: row.status, requesterId: row.requester_id };
  const contactAbilities = contactOwnAbilities(actor, facts);
  return {
    ...toSummary(actor, row),
    description: row.description,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    ...(can(actor, 'tickets.asset.view') ? { asset } : {}),
    // The SLA goes with the priority it depends on: only for contacts who may see that.
    ...(can(actor, 'tickets.priority.view')
      ? {
          sla: {
            firstResponseDueAt: row.first_response_due_at,
            resolutionDueAt: row.resolution_due_at,
            nextDueAt: row.sla_next_due_at,
            overdue: row.sla_overdue,
          },
        }
      : {}),
    abilities: ticketAbilities(actor, facts),
    ...(contactAbilities ? { contactAbilities } : {}),
  };
}

/** One visible ticket with its write flag, or undefined when it is not visible or does not exist. */
export async function findTicketDetail(
  db: Db,
  actor: ContactActor,
  id: string,
): Promise<TicketDetail | undefined> {
  const row = await visible(db, actor)
    .modifyFront(PREPARE)
    .leftJoin('assets as a', 'a.id', 't.asset_id')
    .select([...DETAIL_COLUMNS, writableColumn(actor, 't').as('writable')])
    .where('t.id', '=', id)
    .executeTakeFirst();
  return row ? toDetail(actor, row) : undefined;
}

/**
 * Inserts a ticket the contact opens and returns it as its detail, in one statement. The contact
 * is its requester, so it is the contact's own ticket: visible and writable by definition
 * (permission-model §6), with no scope to evaluate.
 */
export async function insertOwnTicket(
  trx: Transaction<DB>,
  actor: ContactActor,
  // InsertObject: a value may be an expression (the default team, read by the INSERT itself).
  values: Omit<InsertObject<DB, 'tickets'>, 'requester_id' | 'organization_id'>,
): Promise<{ detail: TicketDetail; teamId: string | null; teamAutoAssigns: boolean }> {
  const {
    team_id: teamId,
    team_auto_assigns: autoAssigns,
    ...row
  } = await trx
    .with('t', (db) =>
      db
        .insertInto('tickets')
        .values({ ...values, requester_id: actor.id, organization_id: actor.organizationId })
        .returningAll(),
    )
    .selectFrom('t')
    .modifyFront(PREPARE)
    .innerJoin('contacts as c', 'c.id', 't.requester_id')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .leftJoin('assets as a', 'a.id', 't.asset_id')
    .select([
      ...DETAIL_COLUMNS,
      sql<boolean>`true`.as('writable'),
      't.team_id',
      teamAutoAssigns(sql.ref('t.team_id')).as('team_auto_assigns'),
    ])
    .executeTakeFirstOrThrow();
  return { detail: toDetail(actor, row), teamId, teamAutoAssigns: autoAssigns };
}

/**
 * The bare ticket row with its write flag, locked for the rest of the transaction; undefined when
 * the contact may not see it (or it does not exist). Writes compare against this row.
 */
export function lockVisibleTicket(trx: Transaction<DB>, actor: ContactActor, id: string) {
  return trx
    .selectFrom('tickets as t')
    .selectAll('t')
    .select(writableColumn(actor, 't').as('writable'))
    .where('t.id', '=', id)
    .where(visibleTickets(actor, 't'))
    .forUpdate()
    .executeTakeFirst();
}

/** The ticket's write flag in one query: 404 when it is not visible, 403 when it may not be written. */
export async function lockWritableTicket(trx: Transaction<DB>, actor: ContactActor, id: string) {
  const ticket = await lockVisibleTicket(trx, actor, id);
  if (!ticket) throw new AppError('not_found', 'Ticket not found.');
  if (!ticket.writable) throw new AppError('forbidden', 'You may not change this ticket.');
  return ticket;
}

export async function isAssetVisible(db: Db, actor: ContactActor, assetId: string): Promise<boolean> {
  const row = await db
    .selectFrom('assets as a')
    .select('a.id')
    .where('a.id', '=', assetId)
    .where(visibleAssets(actor, 'a'))
    .executeTakeFirst();
  return !!row;
}

/** Marks activity; greatest(): activity only ever moves a ticket up the list. */
export async function bumpActivity(trx: Transaction<DB>, id: string): Promise<void> {
  await trx
    .updateTable('tickets')
    .set({ last_activity_at: sql<Date>`greatest(last_activity_at, now())` })
    .where('id', '=', id)
    .execute();
}
