import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { addBusinessTime, businessTimeBetween, type Calendar } from './business-time.ts';

type Trx = Transaction<DB>;

// A ticket's SLA due times, stored on it at write time (migration 0018). The clock runs while the
// ticket is open and stops while it is pending, resolved or closed; on resuming, the due times move
// by the business time it stood still. Every write that creates a ticket or changes its status,
// priority or organization calls syncTicketSla in its transaction.

/**
 * The policy that applies to the ticket's organization `t.organization_id`: its own, else its
 * nearest ancestor's (organization tree), else the default policy. SQL, so the ticket and its
 * policy are read in one statement.
 */
const policyOfTicket = sql<string>`coalesce(
  (select spo.policy_id from organization_closure oc
    join sla_policy_organizations spo on spo.organization_id = oc.ancestor_id
    where oc.descendant_id = t.organization_id order by oc.depth limit 1),
  (select d.id from sla_policies d where d.is_default))`;

const minutes = (n: number) => n * 60_000;

/**
 * Brings the ticket's SLA columns in line with its status, in the caller's transaction (the ticket
 * is locked or new). `recompute`: the ticket is new or its priority or organization changed, so its
 * due times are computed afresh from its creation (plus the business time it stood still).
 * Answers whether it wrote anything.
 */
export async function syncTicketSla(
  trx: Trx,
  ticketId: string,
  { recompute }: { recompute: boolean },
): Promise<boolean> {
  const t = await trx
    .selectFrom('tickets as t')
    .leftJoin('sla_policies as p', (join) => join.on('p.id', '=', policyOfTicket))
    .leftJoin('sla_calendars as c', 'c.id', 'p.calendar_id')
    .select([
      't.status',
      't.priority',
      't.created_at',
      't.first_responded_at',
      't.first_response_due_at',
      't.resolution_due_at',
      't.sla_paused_at',
      't.sla_paused_seconds',
      't.sla_next_due_at',
      'p.targets',
      'c.time_zone',
      'c.hours',
      'c.holidays',
      sql<Date>`now()`.as('now'),
    ])
    .where('t.id', '=', ticketId)
    .executeTakeFirstOrThrow();
  const running = t.status === 'open';
  if (!recompute && running === (t.sla_paused_at === null)) return false; // the clock is as it should be
  const policy =
    t.targets && t.time_zone && t.hours && t.holidays
      ? {
          targets: t.targets,
          calendar: { timeZone: t.time_zone, hours: t.hours, holidays: t.holidays } satisfies Calendar,
        }
      : undefined;
  let { first_response_due_at: firstDue, resolution_due_at: resolutionDue, sla_paused_at: pausedAt } = t;
  let pausedSeconds = t.sla_paused_seconds;
  if (running && pausedAt) {
    const stood = policy ? businessTimeBetween(policy.calendar, pausedAt, t.now) : 0;
    pausedSeconds += Math.round(stood / 1000);
    pausedAt = null;
    if (policy && !recompute) {
      firstDue = firstDue && addBusinessTime(policy.calendar, firstDue, stood);
      resolutionDue = resolutionDue && addBusinessTime(policy.calendar, resolutionDue, stood);
    }
  }
  if (!running && !pausedAt) pausedAt = t.now;
  if (recompute) {
    const target = policy?.targets[t.priority];
    const due = (n: number | null | undefined) =>
      policy && n ? addBusinessTime(policy.calendar, t.created_at, minutes(n) + pausedSeconds * 1000) : null;
    firstDue = due(target?.firstResponse);
    resolutionDue = due(target?.resolution);
  }
  const pending = [t.first_responded_at ? null : firstDue, resolutionDue].filter(
    (d): d is Date => d !== null,
  );
  const next = running && pending.length > 0 ? new Date(Math.min(...pending.map((d) => d.getTime()))) : null;
  // Nothing to write (a new ticket without a policy, say): no UPDATE, which would cost a new row
  // version and its index entries on the hottest write (opening a ticket).
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  if (
    same(firstDue, t.first_response_due_at) &&
    same(resolutionDue, t.resolution_due_at) &&
    same(pausedAt, t.sla_paused_at) &&
    pausedSeconds === t.sla_paused_seconds &&
    same(next, t.sla_next_due_at)
  )
    return false;
  await trx
    .updateTable('tickets')
    .set({
      first_response_due_at: firstDue,
      resolution_due_at: resolutionDue,
      sla_paused_at: pausedAt,
      sla_paused_seconds: pausedSeconds,
      sla_next_due_at: next,
    })
    .where('id', '=', ticketId)
    .execute();
  return true;
}

/** The first public staff reply meets the first response; the clock then runs towards resolution. */
export async function markFirstResponse(trx: Trx, ticketId: string): Promise<void> {
  await trx
    .updateTable('tickets')
    .set({
      first_responded_at: sql<Date>`now()`,
      sla_next_due_at: sql<Date | null>`case when sla_paused_at is null then resolution_due_at end`,
    })
    .where('id', '=', ticketId)
    .where('first_responded_at', 'is', null)
    .execute();
}
