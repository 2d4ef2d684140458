import type { Selectable } from 'kysely';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { MailTicketEventsTable } from '../../db/schema.ts';
import type { OutgoingMail } from '../outbox.ts';
import { replyAddress, replyTokensFor, tokenOf } from '../reply-token.ts';
import { notificationMail, type EventFacts, type TicketFacts } from './message.ts';
import { recipientsOf } from './recipients.ts';

export type QueuedTicketEvent = Selectable<MailTicketEventsTable>;

async function ticketFacts(db: Db, ticketId: string): Promise<TicketFacts | undefined> {
  return db
    .selectFrom('tickets')
    .select(['id', 'number', 'subject', 'status', 'priority', 'description'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
}

/** What the event says; undefined when there is nothing to tell (a reply that is not public, or gone). */
async function eventFacts(
  db: Db,
  ticket: TicketFacts,
  event: QueuedTicketEvent,
): Promise<EventFacts | undefined> {
  const ref = `#${ticket.number}`;
  switch (event.event) {
    case 'created':
      return { heading: `New ticket ${ref}: ${ticket.subject}`, body: ticket.description || null };
    case 'public_reply': {
      if (!event.comment_id) return undefined;
      // Internal notes never reach a message, whatever queued the event.
      const comment = await db
        .selectFrom('ticket_comments as tc')
        .leftJoin('contacts as c', 'c.id', 'tc.author_contact_id')
        .leftJoin('staff_users as s', 's.id', 'tc.author_staff_id')
        .select(['tc.body', 'c.name as contact_name', 's.name as staff_name'])
        .where('tc.id', '=', event.comment_id)
        .where('tc.ticket_id', '=', ticket.id)
        .where('tc.public', '=', true)
        .executeTakeFirst();
      if (!comment) return undefined;
      const author = comment.contact_name ?? comment.staff_name ?? 'Someone';
      return { heading: `${author} replied on ${ref}: ${ticket.subject}`, body: comment.body };
    }
    case 'status_changed':
      return { heading: `The status of ${ref} changed to ${event.detail ?? ticket.status}`, body: null };
    case 'priority_changed':
      return { heading: `The priority of ${ref} changed to ${event.detail ?? ticket.priority}`, body: null };
    case 'participant_added': {
      // The detail is the participant's contact id (§6a); a contact removed since is "someone".
      const added = event.detail
        ? await db.selectFrom('contacts').select('name').where('id', '=', event.detail).executeTakeFirst()
        : undefined;
      return {
        heading: `${added?.name ?? 'Someone'} was added as a participant to ${ref}: ${ticket.subject}`,
        body: null,
      };
    }
  }
}

/**
 * The messages one ticket event sends, resolved now (at send time) through the SQL scope of the
 * permission model (§9): recipientsOf decides who, notificationMail what each may read. The
 * worker queues them and marks the event processed in one transaction.
 */
export async function notificationsFor(
  db: Db,
  config: Config,
  event: QueuedTicketEvent,
): Promise<OutgoingMail[]> {
  const ticket = await ticketFacts(db, event.ticket_id);
  if (!ticket) return [];
  const facts = await eventFacts(db, ticket, event);
  if (!facts) return [];
  const recipients = await recipientsOf(db, {
    ticketId: ticket.id,
    event: event.event,
    actorContactId: event.actor_contact_id,
    actorStaffId: event.actor_staff_id,
  });
  const tokens = await replyTokensFor(db, ticket.id, recipients);
  return recipients.map((recipient) =>
    notificationMail(ticket, facts, recipient, {
      publicUrl: config.publicUrl,
      replyTo: replyAddress(config.mailReplyAddress, tokenOf(tokens, recipient)),
    }),
  );
}
