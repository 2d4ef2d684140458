// @mentions in internal notes (issue 13 §6): the note names its colleagues by id (the console's
// autocomplete puts them there), each is stored with the note and mailed in the note's own
// transaction. Only a staff user who may see the ticket can be mentioned: anyone else is a 422
// naming them, and the note is not written (nothing of the ticket reaches someone outside §6b).
import { sql } from 'kysely';
import { staffUserSeesTicket } from '../../authz/staff-tickets.ts';
import type { Db } from '../../db/database.ts';
import { escapeLike } from '../../db/sql-text.ts';
import { invalid } from '../../errors.ts';
import { queueMails } from '../../mail/outbox.ts';
import { ticketLink } from '../../mail/notifications/message.ts';
import type { ChangeContext } from '../audit/change.ts';

/**
 * The colleagues who may be mentioned on a ticket (enabled, seeing it), by name, for the console's
 * autocomplete: at most 20, `q` matching the name. The caller checks the ticket is the actor's.
 */
export async function listMentionable(db: Db, ticketId: string, q: string | undefined) {
  let query = db
    .selectFrom('staff_users as su')
    .innerJoin('tickets as t', (join) => join.on('t.id', '=', ticketId))
    .select(['su.id', 'su.name'])
    .where('su.disabled', '=', false)
    .where(staffUserSeesTicket('su', 't'));
  if (q) query = query.where('su.name', 'ilike', `%${escapeLike(q)}%`);
  return {
    items: await query
      .orderBy(sql`lower(su.name)`)
      .orderBy('su.id')
      .limit(20)
      .execute(),
  };
}

/** The enabled staff users among `ids` who see the ticket, in one query over the staff scope. */
export async function mentionableAmong(ctx: ChangeContext, ticketId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return ctx.trx
    .selectFrom('staff_users as su')
    .innerJoin('tickets as t', (join) => join.on('t.id', '=', ticketId))
    .select(['su.id', 'su.name', 'su.email'])
    .where('su.id', 'in', ids)
    .where('su.disabled', '=', false)
    .where(staffUserSeesTicket('su', 't'))
    .execute();
}

/**
 * Stores the mentions of a new internal note and queues one mail to each mentioned colleague
 * (not to the author). 422 on the first id that is not a staff user who sees the ticket.
 */
export async function mentionInNote(
  ctx: ChangeContext,
  publicUrl: string,
  note: { id: string; ticketId: string; body: string },
  mentions: string[],
): Promise<void> {
  const ids = [...new Set(mentions)];
  if (ids.length === 0) return;
  const seeing = await mentionableAmong(ctx, note.ticketId, ids);
  const seen = new Set(seeing.map((s) => s.id));
  const index = mentions.findIndex((id) => !seen.has(id));
  if (index >= 0)
    throw invalid(
      `body.mentions.${index}`,
      'this colleague cannot see the ticket (or has no account): mention only staff who can see it',
    );
  await ctx.trx
    .insertInto('ticket_comment_mentions')
    .values(ids.map((id) => ({ comment_id: note.id, staff_user_id: id })))
    .execute();
  const ticket = await ctx.trx
    .selectFrom('tickets')
    .select(['number', 'subject'])
    .where('id', '=', note.ticketId)
    .executeTakeFirstOrThrow();
  const link = ticketLink(publicUrl, { kind: 'staff' }, note.ticketId);
  const subject = `${ctx.staff.name} mentioned you on #${ticket.number}: ${ticket.subject}`;
  await queueMails(
    ctx.trx,
    publicUrl,
    seeing
      .filter((s) => s.id !== ctx.staff.id)
      .map((s) => ({
        kind: 'mention',
        to: s.email,
        subject,
        text: [
          `${ctx.staff.name} mentioned you in an internal note (staff only):`,
          '',
          note.body,
          '',
          `Open the ticket: ${link}`,
        ].join('\n'),
        ticketId: note.ticketId,
        staffUserId: s.id,
        headers: { 'Auto-Submitted': 'auto-generated' },
      })),
  );
}
