import { randomUUID } from 'node:crypto';
import { sql, type AliasableExpression } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MailTicketEventKind } from '../db/schema.ts';

/** One message to one address. `kind` names why it is sent (the mail queue page filters on it). */
export type OutgoingMail = {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** In-Reply-To, References, Reply-To, Auto-Submitted … */
  headers?: Record<string, string>;
  ticketId?: string;
  contactId?: string;
  staffUserId?: string;
  batchId?: string;
};

/** The domain of generated Message-IDs: the public URL's host, so replies thread back to us. */
export function messageIdFor(publicUrl: string): string {
  return `<${randomUUID()}@${new URL(publicUrl).hostname}>`;
}

/**
 * Queues messages in the caller's transaction: they are sent only if it commits, and then
 * exactly once. Returns the rows' ids.
 */
export async function queueMails(db: Db, publicUrl: string, mails: OutgoingMail[]): Promise<string[]> {
  if (mails.length === 0) return [];
  const rows = await db
    .insertInto('mail_messages')
    .values(
      mails.map((m) => ({
        message_id: messageIdFor(publicUrl),
        kind: m.kind,
        to_address: m.to,
        subject: m.subject,
        text_body: m.text,
        html_body: m.html ?? null,
        headers: JSON.stringify(m.headers ?? {}),
        ticket_id: m.ticketId ?? null,
        contact_id: m.contactId ?? null,
        staff_user_id: m.staffUserId ?? null,
        batch_id: m.batchId ?? null,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The same message to many contacts (a group e-mail): one row each, one batch. */
export type BulkMail = { kind: string; subject: string; text: string; html?: string; batchId: string };

/**
 * Queues `mail` to every contact `recipients` selects (columns id, email) in one INSERT … SELECT
 * in the caller's transaction: thousands of recipients are one statement, not a round trip each.
 * Each row gets its own Message-ID, made in SQL the way messageIdFor makes it. Returns the
 * contacts' ids.
 */
export async function queueMailToContacts(
  db: Db,
  publicUrl: string,
  recipients: AliasableExpression<{ id: string; email: string }>,
  mail: BulkMail,
): Promise<string[]> {
  const domain = `@${new URL(publicUrl).hostname}>`;
  const rows = await db
    .insertInto('mail_messages')
    .columns([
      'message_id',
      'kind',
      'to_address',
      'subject',
      'text_body',
      'html_body',
      'contact_id',
      'batch_id',
    ])
    .expression(
      db
        .selectFrom(recipients.as('r'))
        .select([
          sql<string>`'<' || gen_random_uuid()::text || ${domain}`.as('message_id'),
          sql<string>`${mail.kind}::text`.as('kind'),
          'r.email',
          sql<string>`${mail.subject}::text`.as('subject'),
          sql<string>`${mail.text}::text`.as('text_body'),
          sql<string | null>`${mail.html ?? null}::text`.as('html_body'),
          'r.id',
          sql<string>`${mail.batchId}::uuid`.as('batch_id'),
        ]),
    )
    .returning('contact_id')
    .execute();
  return rows.flatMap((r) => (r.contact_id === null ? [] : [r.contact_id]));
}

export type TicketMailEvent = {
  ticketId: string;
  event: MailTicketEventKind;
  commentId?: string;
  detail?: string;
  actor: { type: 'staff' | 'contact'; id: string };
};

/**
 * Records a ticket event that may notify people, in the caller's transaction. Who is told, and
 * what the message shows, is decided when the worker handles it (permission model §9).
 */
export async function queueTicketEvent(db: Db, event: TicketMailEvent): Promise<void> {
  await db
    .insertInto('mail_ticket_events')
    .values({
      ticket_id: event.ticketId,
      event: event.event,
      comment_id: event.commentId ?? null,
      detail: event.detail ?? null,
      actor_staff_id: event.actor.type === 'staff' ? event.actor.id : null,
      actor_contact_id: event.actor.type === 'contact' ? event.actor.id : null,
    })
    .execute();
}
