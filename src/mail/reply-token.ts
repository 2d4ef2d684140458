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

/** Someone a ticket's messages go to: a contact or a staff user. */
export type TokenHolder = { kind: 'contact' | 'staff'; id: string };

const holderKey = (h: TokenHolder) => `${h.kind}:${h.id}`;

/**
 * Each holder's token for this ticket, the same for every message, created on first use: two
 * statements for any number of recipients. A token a concurrent send created first is kept
 * (ON CONFLICT DO NOTHING) and read back like the others. Keyed by `kind:id`.
 */
export async function replyTokensFor(
  db: Db,
  ticketId: string,
  holders: readonly TokenHolder[],
): Promise<Map<string, string>> {
  if (holders.length === 0) return new Map();
  await db
    .insertInto('mail_reply_tokens')
    .values(
      holders.map((h) => ({
        token: newToken(),
        ticket_id: ticketId,
        contact_id: h.kind === 'contact' ? h.id : null,
        staff_user_id: h.kind === 'staff' ? h.id : null,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  const idsOf = (kind: TokenHolder['kind']) => holders.filter((h) => h.kind === kind).map((h) => h.id);
  const rows = await db
    .selectFrom('mail_reply_tokens')
    .select(['token', 'contact_id', 'staff_user_id'])
    .where('ticket_id', '=', ticketId)
    .where((eb) =>
      eb.or([
        eb('contact_id', '=', eb.fn.any(eb.val(idsOf('contact')))),
        eb('staff_user_id', '=', eb.fn.any(eb.val(idsOf('staff')))),
      ]),
    )
    .execute();
  return new Map(
    rows.map((r) => {
      const holder: TokenHolder =
        r.contact_id === null
          ? { kind: 'staff', id: r.staff_user_id ?? '' }
          : { kind: 'contact', id: r.contact_id };
      return [holderKey(holder), r.token];
    }),
  );
}

/** The token of `holder` in a map from replyTokensFor (which makes one for every holder asked). */
export function tokenOf(tokens: Map<string, string>, holder: TokenHolder): string {
  const token = tokens.get(holderKey(holder));
  if (token === undefined) throw new Error(`no reply token for ${holderKey(holder)}`);
  return token;
}

/** One recipient's token for this ticket (replyTokensFor for one). */
export async function replyTokenFor(db: Db, recipient: ReplyRecipient): Promise<string> {
  const holder: TokenHolder =
    recipient.contactId === undefined
      ? { kind: 'staff', id: recipient.staffUserId }
      : { kind: 'contact', id: recipient.contactId };
  return tokenOf(await replyTokensFor(db, recipient.ticketId, [holder]), holder);
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
