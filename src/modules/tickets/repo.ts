import { sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { toPage, type PageQuery, checkedAfterCursor, cursorParts } from '../../http/pagination.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { TicketListItem, TicketOut, TicketQueue } from './schema.ts';
import type { Db } from '../../db/database.ts';
import type { StaffActor } from '../../authz/actor.ts';
import { staffAssignedTickets, staffVisibleTickets } from '../../authz/staff-tickets.ts';

const SUMMARY_COLUMNS = [
  't.id',
  't.number',
  't.subject',
  't.status',
  't.priority',
  't.private',
  't.created_at',
  't.updated_at',
  't.last_activity_at',
  't.closed_at',
  't.requester_id',
  'c.name as requester_name',
  'c.email as requester_email',
  't.organization_id',
  'o.name as organization_name',
  't.asset_id',
  'a.name as asset_name',
  't.team_id',
  'tm.name as team_name',
  't.assignee_id',
  'su.name as assignee_name',
  't.last_spoke',
  't.customer_replied_at',
  't.first_response_due_at',
  't.first_responded_at',
  't.resolution_due_at',
  't.sla_next_due_at',
  't.sla_paused_at',
] as const;

function ticketsWithNames(db: Db) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('contacts as c', 'c.id', 't.requester_id')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .leftJoin('assets as a', 'a.id', 't.asset_id')
    .leftJoin('staff_teams as tm', 'tm.id', 't.team_id')
    .leftJoin('staff_users as su', 'su.id', 't.assignee_id');
}

/** SUMMARY_COLUMNS as SQL text over `t` and LIST_SQL_JOINS, for queries written in SQL (search). */
export const LIST_SQL_COLUMNS = sql`t.id, t.number, t.subject, t.status, t.priority, t.private, t.created_at,
  t.updated_at, t.last_activity_at, t.closed_at, t.requester_id, c.name as requester_name,
  c.email as requester_email, t.organization_id, o.name as organization_name, t.asset_id, a.name as asset_name,
  t.team_id, tm.name as team_name, t.assignee_id, su.name as assignee_name, t.last_spoke, t.customer_replied_at,
  t.first_response_due_at, t.first_responded_at, t.resolution_due_at, t.sla_next_due_at, t.sla_paused_at`;
export const LIST_SQL_JOINS = sql`join contacts c on c.id = t.requester_id
  join organizations o on o.id = t.organization_id left join assets a on a.id = t.asset_id
  left join staff_teams tm on tm.id = t.team_id left join staff_users su on su.id = t.assignee_id`;

export type SummaryRow = {
  id: string;
  number: number;
  subject: string;
  status: TicketListItem['status'];
  priority: TicketListItem['priority'];
  private: boolean;
  created_at: Date;
  updated_at: Date;
  last_activity_at: Date;
  closed_at: Date | null;
  requester_id: string;
  requester_name: string;
  requester_email: string;
  organization_id: string;
  organization_name: string;
  asset_id: string | null;
  asset_name: string | null;
  team_id: string | null;
  team_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  last_spoke: TicketListItem['lastSpoke'];
  customer_replied_at: Date | null;
  first_response_due_at: Date | null;
  first_responded_at: Date | null;
  resolution_due_at: Date | null;
  sla_next_due_at: Date | null;
  sla_paused_at: Date | null;
};

export const toListItem = (r: SummaryRow): TicketListItem => ({
  id: r.id,
  number: r.number,
  subject: r.subject,
  status: r.status,
  priority: r.priority,
  private: r.private,
  requester: { id: r.requester_id, name: r.requester_name, email: r.requester_email },
  organization: { id: r.organization_id, name: r.organization_name },
  asset: r.asset_id && r.asset_name !== null ? { id: r.asset_id, name: r.asset_name } : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastActivityAt: r.last_activity_at,
  closedAt: r.closed_at,
  team: r.team_id && r.team_name !== null ? { id: r.team_id, name: r.team_name } : null,
  assignee: r.assignee_id && r.assignee_name !== null ? { id: r.assignee_id, name: r.assignee_name } : null,
  lastSpoke: r.last_spoke,
  customerRepliedAt: r.customer_replied_at,
  sla: {
    firstResponseDueAt: r.first_response_due_at,
    firstRespondedAt: r.first_responded_at,
    resolutionDueAt: r.resolution_due_at,
    nextDueAt: r.sla_next_due_at,
    pausedSince: r.sla_paused_at,
  },
});

/** One ticket as the staff user may see it (staffVisibleTickets), or undefined: 404. */
export async function findTicketOut(db: Db, actor: StaffActor, id: string): Promise<TicketOut | undefined> {
  const row = await ticketsWithNames(db)
    .select([...SUMMARY_COLUMNS, 't.description'])
    .where('t.id', '=', id)
    .where(staffVisibleTickets(actor))
    .executeTakeFirst();
  return row && { ...toListItem(row), description: row.description };
}

/**
 * The ticket as a write the actor was allowed to make left it, in that write's transaction: a
 * change of team or assignee may just have taken it out of the agent's scope, and the answer is
 * the change it made. Never a read on its own.
 */
export async function ticketAfterWrite(trx: Transaction<DB>, id: string): Promise<TicketOut | undefined> {
  const row = await ticketsWithNames(trx)
    .select([...SUMMARY_COLUMNS, 't.description'])
    .where('t.id', '=', id)
    .executeTakeFirst();
  return row && { ...toListItem(row), description: row.description };
}

/**
 * A queue as a condition over the tickets row `t`, ANDed with the staff scope. Breaching: the SLA
 * clock runs (sla_next_due_at is null otherwise) and the next due time is past or within
 * `warningMinutes` (SLA_WARNING_MINUTES).
 */
export function queueCondition(
  actor: StaffActor,
  queue: TicketQueue,
  warningMinutes = 60,
): Expression<SqlBool> {
  switch (queue) {
    case 'mine':
      return staffAssignedTickets(actor);
    case 'unassigned':
      return sql<SqlBool>`t.assignee_id is null and t.status in ('open', 'pending')`;
    case 'my_teams':
      return sql<SqlBool>`t.team_id in (select stm.team_id from staff_team_members stm where stm.staff_user_id = ${actor.id}::uuid)`;
    case 'waiting_on_us':
      return sql<SqlBool>`t.status = 'open' and t.last_spoke is distinct from 'staff'`;
    case 'waiting_on_customer':
      return sql<SqlBool>`(t.status = 'pending' or (t.status = 'open' and t.last_spoke = 'staff'))`;
    case 'breaching':
      return sql<SqlBool>`t.sla_next_due_at < now() + make_interval(mins => ${warningMinutes}::int)`;
    case 'all':
      return sql<SqlBool>`true`;
  }
}

/**
 * staffVisibleTickets AND the queue, for a list or a search. "Mine" stands alone: the tickets
 * assigned to the actor lie inside its scope (staffAssignedTickets), and at profile L planning
 * the scope's subqueries besides cost 1.45x the queue's ideal SQL at p95 (docs/benchmarks.md).
 */
export function scopedQueue(
  actor: StaffActor,
  queue: TicketQueue | undefined,
  warningMinutes?: number,
): Expression<SqlBool> {
  if (queue === 'mine') return staffAssignedTickets(actor);
  const scope = staffVisibleTickets(actor);
  return queue ? sql<SqlBool>`(${scope} and ${queueCondition(actor, queue, warningMinutes)})` : scope;
}

export type TicketFilter = {
  queue?: TicketQueue;
  teamId?: string;
  assigneeId?: string;
  status?: TicketListItem['status'];
  priority?: TicketListItem['priority'];
  organizationId?: string;
  requesterId?: string;
  q?: string;
  /** The Breaching queue's warning window (SLA_WARNING_MINUTES); set by the route, not the client. */
  slaWarningMinutes?: number;
};

// Up to 15 digits: ticket numbers stay far below 2^53.
const NUMBER_QUERY = /^#?(\d{1,15})$/;

/**
 * Newest activity first, keyset on (last_activity_at desc, id desc): tickets_*_idx match it. The
 * Breaching queue goes by due time instead, soonest first, keyset on (sla_next_due_at, id) over
 * tickets_sla_next_due_idx.
 */
export async function listTickets(db: Db, actor: StaffActor, filter: TicketFilter, page: PageQuery) {
  let query = ticketsWithNames(db)
    .select(SUMMARY_COLUMNS)
    .where(scopedQueue(actor, filter.queue, filter.slaWarningMinutes));
  if (filter.teamId) query = query.where('t.team_id', '=', filter.teamId);
  if (filter.assigneeId) query = query.where('t.assignee_id', '=', filter.assigneeId);
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.priority) query = query.where('t.priority', '=', filter.priority);
  if (filter.organizationId) query = query.where('t.organization_id', '=', filter.organizationId);
  if (filter.requesterId) query = query.where('t.requester_id', '=', filter.requesterId);
  if (filter.q) {
    const number = NUMBER_QUERY.exec(filter.q)?.[1];
    query = number
      ? query.where('t.number', '=', Number(number))
      : query.where('t.subject', 'ilike', `%${escapeLike(filter.q)}%`);
  }
  const byDue = filter.queue === 'breaching';
  const [column, direction] = byDue
    ? (['t.sla_next_due_at', 'asc'] as const)
    : (['t.last_activity_at', 'desc'] as const);
  if (page.cursor) {
    query = query.where(
      checkedAfterCursor([column, 't.id'], [cursorParts.timestamp, cursorParts.id], page.cursor, direction),
    );
  }
  const rows = await query
    .orderBy(column, direction)
    .orderBy('t.id', direction)
    .limit(page.limit + 1)
    .execute();
  const keyOf = (r: SummaryRow) => (byDue ? r.sla_next_due_at : r.last_activity_at) ?? new Date(0);
  return toPage(rows, page.limit, (r) => [keyOf(r).toISOString(), r.id], toListItem);
}

/** The bare row if the staff user may see it, locked for the rest of the transaction (updates compare against it). */
export function lockTicket(trx: Transaction<DB>, actor: StaffActor, id: string) {
  return trx
    .selectFrom('tickets as t')
    .selectAll('t')
    .where('t.id', '=', id)
    .where(staffVisibleTickets(actor))
    .forUpdate()
    .executeTakeFirst();
}

/** Whether the ticket exists and the staff user may see it: the check before what is filed under it. */
export async function ticketExists(db: Db, actor: StaffActor, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('tickets as t')
    .select('t.id')
    .where('t.id', '=', id)
    .where(staffVisibleTickets(actor))
    .executeTakeFirst();
  return !!row;
}

/**
 * Marks activity on a ticket; false when there is no such ticket. greatest(): activity only ever
 * moves a ticket up the list, even when an older transaction commits after a newer one.
 */
export async function bumpActivity(trx: Transaction<DB>, actor: StaffActor, id: string): Promise<boolean> {
  const row = await trx
    .updateTable('tickets')
    .set({ last_activity_at: sql<Date>`greatest(last_activity_at, now())` })
    .where('id', '=', id)
    .where(staffVisibleTickets(actor, 'tickets'))
    .returning('id')
    .executeTakeFirst();
  return !!row;
}
