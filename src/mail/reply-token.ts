import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';

export type ReplyRecipient = { ticketId: string } & (
  { contactId: string; staffUserId?: undefined } | { staffUserId: string; contactId?: undefined }
);

// Lower-case base32-like alphabet: survives mail systems that fold the local part's case.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const TOKEN_PATTERN = /^[a-z2-9]{20}$/;

function newToken(): string {
  return Array.from(randomBytes(20), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** The recipient's token for this ticket: the same one for every message, created on first use. */
export async function replyTokenFor(db: Db, recipient: ReplyRecipient): Promise<string> {
  const who =
    recipient.contactId === undefined
      ? { column: 'staff_user_id' as const, id: recipient.staffUserId }
      : { column: 'contact_id' as const, id: recipient.contactId };
  const existing = await db
    .selectFrom('mail_reply_tokens')
    .select('token')
    .where('ticket_id', '=', recipient.ticketId)
    .where(who.column, '=', who.id)
    .executeTakeFirst();
  if (existing) return existing.token;
  const inserted = await db
    .insertInto('mail_reply_tokens')
    .values({ token: newToken(), ticket_id: recipient.ticketId, [who.column]: who.id })
    .onConflict((oc) => oc.doNothing())
    .returning('token')
    .executeTakeFirst();
  if (inserted) return inserted.token;
  // A concurrent send created it first.
  return replyTokenFor(db, recipient);
}

/** `support@example.com` + token → `support+token@example.com`. */
export function replyAddress(mailbox: string, token: string): string {
  const at = mailbox.lastIndexOf('@');
  return `${mailbox.slice(0, at)}+${token}${mailbox.slice(at)}`;
}

/** The token in a `local+token@domain` address, if it has the token's shape. */
export function tokenInAddress(address: string): string | undefined {
  const local = address.slice(0, address.lastIndexOf('@')).toLowerCase();
  const token = local.slice(local.lastIndexOf('+') + 1);
  return local.includes('+') && TOKEN_PATTERN.test(token) ? token : undefined;
}

/** Whom a token was issued to, for which ticket; undefined for an unknown token. */
export async function recipientOfToken(db: Db, token: string): Promise<ReplyRecipient | undefined> {
  const row = await db
    .selectFrom('mail_reply_tokens')
    .select(['ticket_id', 'contact_id', 'staff_user_id'])
    .where('token', '=', token)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.contact_id) return { ticketId: row.ticket_id, contactId: row.contact_id };
  if (row.staff_user_id) return { ticketId: row.ticket_id, staffUserId: row.staff_user_id };
  return undefined;
}
