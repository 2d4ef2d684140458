import { sql } from 'kysely';
import { syncTicketSla } from '../modules/sla/ticket-sla.ts';
import { pick, type DemoContext } from './util.ts';

// SLAs for the demo: one office-hours calendar, a default policy and a tighter one for Contoso
// Dental (its Eastside branch inherits it), then every ticket's due times as the desk would have
// computed them, so the Breaching queue has tickets in it.

const WEEKDAY: Array<[string, string]> = [['08:00', '17:00']];

export async function seedSla(ctx: DemoContext): Promise<void> {
  const { trx } = ctx;
  const year = ctx.now.getUTCFullYear();
  const calendar = await trx
    .insertInto('sla_calendars')
    .values({
      name: 'Office hours (Berlin)',
      time_zone: 'Europe/Berlin',
      hours: JSON.stringify([WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, [], []]),
      holidays: JSON.stringify([`${year}-12-24`, `${year}-12-25`, `${year}-12-26`, `${year + 1}-01-01`]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('sla_policies')
    .values({
      name: 'Standard',
      calendar_id: calendar.id,
      is_default: true,
      targets: JSON.stringify({
        low: { firstResponse: 960, resolution: 4800 },
        normal: { firstResponse: 480, resolution: 2400 },
        high: { firstResponse: 240, resolution: 960 },
        urgent: { firstResponse: 60, resolution: 480 },
      }),
    })
    .execute();
  const dental = await trx
    .insertInto('sla_policies')
    .values({
      name: 'Clinics (Contoso Dental)',
      calendar_id: calendar.id,
      targets: JSON.stringify({
        normal: { firstResponse: 240, resolution: 1440 },
        high: { firstResponse: 60, resolution: 480 },
        urgent: { firstResponse: 30, resolution: 240 },
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('sla_policy_organizations')
    .values({ organization_id: pick(ctx.orgs, 'contoso'), policy_id: dental.id })
    .execute();

  // The first public staff reply met the first response; then the due times, ticket by ticket.
  await sql`update tickets t set first_responded_at = (select min(c.created_at) from ticket_comments c
    where c.ticket_id = t.id and c.public and c.author_staff_id is not null)`.execute(trx);
  const tickets = await trx.selectFrom('tickets').select('id').execute();
  for (const { id } of tickets) await syncTicketSla(trx, id, { recompute: true });
}
