import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { addBusinessTime, businessTimeBetween, type Calendar } from './business-time.ts';

type Trx = Transaction<DB>;

// A ticket's SLA due times, stored on it at write time (migration 0018). The clock runs while the
// ticket is open and stops while it is pending, resolved or closed; on resuming, the due times move
// by the business time it stood still. Every write that creates a ticket or changes its status,
// priority or organization calls syncTicketSla in its transaction.

/**
 * The policy that applies to an organization: its own, else its nearest ancestor's (organization
 * tree), else the default policy; with its calendar. Undefined: no SLA.
 */
async function policyFor(trx: Trx, organizationId: string) {
  const row = await trx
    .selectFrom('sla_policies as p')
    .innerJoin('sla_calendars as c', 'c.id', 'p.calendar_id')
    .select(['p.targets', 'c.time_zone', 'c.hours', 'c.holidays'])
    .where(
      'p.id',
      '=',
      sql<string>`coalesce(
        (select spo.policy_id from organization_closure oc
          join sla_policy_organizations spo on spo.organization_id = oc.ancestor_id
          where oc.descendant_id = ${organizationId}::uuid order by oc.depth limit 1),
        (select d.id from sla_policies d where d.is_default))`,
    )
    .executeTakeFirst();
  if (!row) return undefined;
  const calendar: Calendar = { timeZone: row.time_zone, hours: row.hours, holidays: row.holidays };
  return { targets: row.targets, calendar };
}

const minutes = (n: number) => n * 60_000;

/**
 * Brings the ticket's SLA columns in line with its status, in the caller's transaction (the ticket
 * is locked or new). `recompute`: the ticket is new or its priority or organization changed, so its
 * due times are computed afresh from its creation (plus the business time it stood still).
 */
export async function syncTicketSla(trx: Trx, ticketId: string, { recompute }: { recompute: boolean }) {
  const t = await trx
    .selectFrom('tickets')
    .select([
      'status',
      'priority',
      'organization_id',
      'created_at',
      'first_responded_at',
      'first_response_due_at',
      'resolution_due_at',
      'sla_paused_at',
      'sla_paused_seconds',
      sql<Date>`now()`.as('now'),
    ])
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  const running = t.status === 'open';
  if (!recompute && running === (t.sla_paused_at === null)) return; // the clock is as it should be
  const policy = await policyFor(trx, t.organization_id);
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
