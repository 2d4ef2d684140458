// Staff decide on held inbound mail: accept it as a new ticket of a chosen contact or as a public
// reply on a chosen ticket (staff may write every ticket), or reject it. Audited as any staff write.
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { lockById } from '../shared/lock-by-id.ts';
import { createTicket } from '../tickets/service.ts';
import { addComment } from '../tickets/records-service.ts';
import { contentOf, parseMessage } from './content.ts';
import { attachFiles, type Effect } from './effects.ts';
import { fileEmail } from './intake.ts';
import { findInbound, originalOf, toInboundOut } from './repo.ts';
import type { InboundMailOut } from './schema.ts';

const log = auditOf('inbound_mail');

async function lockHeld(ctx: ChangeContext, id: string) {
  const locked = await lockById(ctx.trx, 'mail_inbound', id);
  const row = locked ? await findInbound(ctx.trx, id) : undefined;
  if (!row) throw notFound('Message');
  if (row.status !== 'held') throw conflict(`This message is ${row.status}, not held.`);
  return row;
}

async function decided(
  ctx: ChangeContext,
  id: string,
  before: InboundMailOut,
  set: {
    status: 'accepted' | 'rejected';
    ticket_id?: string;
    comment_id?: string | null;
    contact_id?: string;
  },
): Promise<InboundMailOut> {
  await ctx.trx
    .updateTable('mail_inbound')
    .set({ ...set, decided_by_staff_id: ctx.staff.id, decided_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  const row = await findInbound(ctx.trx, id);
  if (!row) throw notFound('Message');
  const after = toInboundOut(row);
  await log.updated(ctx, id, before, after);
  return after;
}

export async function acceptHeld(
  ctx: ChangeContext,
  config: Config,
  id: string,
  target: { contactId?: string | undefined; ticketId?: string | undefined },
): Promise<InboundMailOut> {
  const row = await lockHeld(ctx, id);
  const raw = await originalOf(ctx.trx, row.raw_file_id);
  const parsed = raw && (await parseMessage(raw));
  if (!parsed) throw conflict('The original of this message is missing or unreadable; reject it.');
  const content = await contentOf(parsed, config);
  let effect: Effect;
  if (target.contactId) {
    const contact = await ctx.trx
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', target.contactId)
      .executeTakeFirst();
    if (!contact) throw invalid('body.contactId', 'no such contact');
    const ticket = await createTicket(ctx, {
      subject: content.subject.trim().slice(0, 200) || '(no subject)',
      description: content.body,
      requesterId: contact.id,
      defaultTeam: true,
    });
    effect = { ticketId: ticket.id, commentId: null };
  } else {
    const ticket = await ctx.trx
      .selectFrom('tickets')
      .select('id')
      .where('id', '=', target.ticketId ?? '')
      .executeTakeFirst();
    if (!ticket) throw invalid('body.ticketId', 'no such ticket');
    // Said in the text, as the author is the accepting staff user, not the sender.
    const body = `E-mail from ${row.from_address}:\n\n${content.body}`;
    const comment = await addComment(ctx, ticket.id, { body, public: true });
    effect = { ticketId: ticket.id, commentId: comment.id };
  }
  await attachFiles(ctx.trx, config.uploadQuotas, effect, { staffId: ctx.staff.id }, content.attachments);
  await fileEmail(ctx.trx, id, effect.ticketId, { from: row.from_address, subject: row.subject }, parsed);
  return decided(ctx, id, toInboundOut(row), {
    status: 'accepted',
    ticket_id: effect.ticketId,
    comment_id: effect.commentId,
    ...(target.contactId ? { contact_id: target.contactId } : {}),
  });
}

export async function rejectHeld(ctx: ChangeContext, id: string): Promise<InboundMailOut> {
  const row = await lockHeld(ctx, id);
  return decided(ctx, id, toInboundOut(row), { status: 'rejected' });
}
