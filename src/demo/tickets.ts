import { storeFile } from '../modules/files/store.ts';
import { COMPANY_TICKETS } from './tickets-companies.ts';
import { ALMOND_TICKETS } from './tickets-almond.ts';
import { DISTRICT_TICKETS } from './tickets-district.ts';
import type { TicketSpec } from './ticket-spec.ts';
import { daysAgo, lineAmount, pick, textLines, uuidV7, type DemoContext } from './util.ts';

const SUPPORT_ADDRESS = 'support@portico.example';
const MINUTE = 1 / 1440;

type Author = { staff: string | null; contact: string | null };

function author(ctx: DemoContext, who: string, requester: string): Author & { public: boolean } {
  if (who === 'agent' || who === 'note')
    return { staff: ctx.staff.agent, contact: null, public: who === 'agent' };
  if (who === 'admin') return { staff: ctx.staff.admin, contact: null, public: true };
  const contact = who === 'me' ? requester : pick(ctx.contacts, who).id;
  return { staff: null, contact, public: true };
}

async function insertEvent(
  ctx: DemoContext,
  ticketId: string,
  at: Date,
  field: string,
  change: [string | null, string | null],
  actor: Author,
) {
  await ctx.trx
    .insertInto('ticket_events')
    .values({
      id: uuidV7(at),
      ticket_id: ticketId,
      field,
      old_value: change[0],
      new_value: change[1],
      actor_staff_id: actor.staff,
      actor_contact_id: actor.contact,
      created_at: at,
    })
    .execute();
}

async function seedTicket(ctx: DemoContext, spec: TicketSpec): Promise<void> {
  const { trx, now } = ctx;
  const requester = pick(ctx.contacts, spec.by);
  const createdAt = daysAgo(now, spec.created);
  const activeAt = daysAgo(now, spec.active);
  const span = activeAt.getTime() - createdAt.getTime();
  /** The moment a fraction of the way from opening to last activity. */
  const along = (fraction: number) => new Date(createdAt.getTime() + span * fraction);
  const agent: Author = { staff: ctx.staff.agent, contact: null };
  const self: Author = { staff: null, contact: requester.id };

  const ticket = await trx
    .insertInto('tickets')
    .values({
      id: uuidV7(createdAt),
      subject: spec.subject,
      description: spec.text,
      status: spec.status,
      priority: spec.priority,
      requester_id: requester.id,
      organization_id: requester.organizationId,
      asset_id: spec.asset ? pick(ctx.assets, spec.asset) : null,
      private: spec.private ?? false,
      created_at: createdAt,
      updated_at: activeAt,
      last_activity_at: activeAt,
      closed_at: spec.status === 'closed' ? activeAt : null,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();

  if (spec.was) {
    await insertEvent(
      ctx,
      ticket.id,
      daysAgo(now, spec.created - 20 * MINUTE),
      'priority',
      [spec.was, spec.priority],
      agent,
    );
  }

  const thread = textLines(spec.thread ?? '');
  for (const [i, entry] of thread.entries()) {
    const colon = entry.indexOf(':');
    const who = author(ctx, entry.slice(0, colon), requester.id);
    const at = along((i + 1) / thread.length);
    await trx
      .insertInto('ticket_comments')
      .values({
        id: uuidV7(at),
        ticket_id: ticket.id,
        body: entry.slice(colon + 1).trim(),
        public: who.public,
        author_staff_id: who.staff,
        author_contact_id: who.contact,
        created_at: at,
      })
      .execute();
  }

  if (spec.reopened) {
    await insertEvent(ctx, ticket.id, along(0.4), 'status', ['open', 'closed'], agent);
    await insertEvent(ctx, ticket.id, along(0.7), 'status', ['closed', 'open'], self);
  }
  if (spec.status === 'pending')
    await insertEvent(ctx, ticket.id, along(0.5), 'status', ['open', 'pending'], agent);
  if (spec.status === 'closed')
    await insertEvent(ctx, ticket.id, activeAt, 'status', ['open', 'closed'], agent);

  for (const [i, f] of (spec.files ?? []).entries()) {
    const at = f.by === 'me' ? daysAgo(now, spec.created - (i + 2) * MINUTE) : along(0.6);
    const file = await storeFile(trx, { filename: f.name, data: Buffer.from(f.text, 'utf8') });
    await trx
      .insertInto('attachments')
      .values({
        id: uuidV7(at),
        ticket_id: ticket.id,
        comment_id: null,
        file_id: file.id,
        public: f.public,
        uploaded_by_staff_id: f.by === 'agent' ? ctx.staff.agent : null,
        uploaded_by_contact_id: f.by === 'me' ? requester.id : null,
        created_at: at,
      })
      .execute();
  }

  for (const [i, e] of (spec.emails ?? []).entries()) {
    const at = along((i + 1) / ((spec.emails?.length ?? 1) + 1));
    const subject = `[#${ticket.number}] ${spec.subject}`;
    await trx
      .insertInto('ticket_emails')
      .values({
        id: uuidV7(at),
        ticket_id: ticket.id,
        from_address: e.inbound ? requester.email : SUPPORT_ADDRESS,
        to_address: e.inbound ? SUPPORT_ADDRESS : (e.to ?? requester.email),
        subject: e.inbound ? `Re: ${subject}` : subject,
        body: e.body,
        public: e.public,
        sent_at: at,
      })
      .execute();
  }

  if (spec.charge) {
    const [description, quantity, unitPriceCents] = spec.charge;
    await trx
      .insertInto('charges')
      .values({
        id: uuidV7(activeAt),
        ticket_id: ticket.id,
        contract_id: null,
        description,
        quantity,
        unit_price_cents: unitPriceCents,
        amount_cents: lineAmount(quantity, unitPriceCents),
        charged_on: activeAt.toISOString().slice(0, 10),
        created_at: activeAt,
      })
      .execute();
  }
}

/** Every demo ticket, oldest first so ticket numbers follow the order they were opened in. */
export async function seedTickets(ctx: DemoContext): Promise<number> {
  const specs = [...ALMOND_TICKETS, ...DISTRICT_TICKETS, ...COMPANY_TICKETS].sort(
    (a, b) => b.created - a.created,
  );
  for (const spec of specs) await seedTicket(ctx, spec);
  return specs.length;
}
