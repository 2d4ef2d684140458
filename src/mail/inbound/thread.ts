// Which ticket an inbound message answers (permission model §9): the reply address's token, then
// In-Reply-To/References against mail we sent or received, then "[#number]" in the subject. Naming
// a ticket grants nothing: the sender's right to write it is checked by the portal's own service.
import type { Db } from '../../db/database.ts';
import { recipientOfToken, tokenInAddress } from '../reply-token.ts';
import type { Envelope } from './envelope.ts';

export type Thread =
  | { ticketId: string; via: 'token' | 'references' | 'subject' }
  /** A token issued to someone other than the sender: a forged or forwarded reply; it gets nothing. */
  | { forged: true };

async function recipientEmail(db: Db, recipient: { contactId?: string; staffUserId?: string }) {
  const row = recipient.contactId
    ? await db.selectFrom('contacts').select('email').where('id', '=', recipient.contactId).executeTakeFirst()
    : await db
        .selectFrom('staff_users')
        .select('email')
        .where('id', '=', recipient.staffUserId ?? '')
        .executeTakeFirst();
  return row?.email.toLowerCase();
}

async function byToken(db: Db, envelope: Envelope): Promise<Thread | undefined> {
  for (const address of envelope.recipients) {
    const token = tokenInAddress(address);
    if (!token) continue;
    const recipient = await recipientOfToken(db, token);
    if (!recipient) continue;
    if ((await recipientEmail(db, recipient)) !== envelope.from) return { forged: true };
    return { ticketId: recipient.ticketId, via: 'token' };
  }
  return undefined;
}

async function byReferences(db: Db, references: string[]): Promise<string | undefined> {
  if (references.length === 0) return undefined;
  const ids = references.slice(0, 50);
  const rows = await db
    .selectFrom('mail_messages')
    .select(['message_id', 'ticket_id'])
    .where('message_id', 'in', ids)
    .where('ticket_id', 'is not', null)
    .unionAll(
      db
        .selectFrom('mail_inbound')
        .select(['message_id', 'ticket_id'])
        .where('message_id', 'in', ids)
        .where('ticket_id', 'is not', null),
    )
    .execute();
  // The nearest reference wins: In-Reply-To, then the newest of References.
  for (const id of ids) {
    const hit = rows.find((r) => r.message_id === id);
    if (hit?.ticket_id) return hit.ticket_id;
  }
  return undefined;
}

async function bySubject(db: Db, subject: string): Promise<string | undefined> {
  const number = /\[#(\d{1,15})\]/.exec(subject)?.[1];
  if (!number) return undefined;
  const row = await db
    .selectFrom('tickets')
    .select('id')
    .where('number', '=', Number(number))
    .executeTakeFirst();
  return row?.id;
}

/** The ticket the message names, if any; undefined: a new conversation. */
export async function findThread(db: Db, envelope: Envelope): Promise<Thread | undefined> {
  const token = await byToken(db, envelope);
  if (token) return token;
  const referenced = await byReferences(db, envelope.references);
  if (referenced) return { ticketId: referenced, via: 'references' };
  const numbered = await bySubject(db, envelope.subject);
  return numbered ? { ticketId: numbered, via: 'subject' } : undefined;
}
