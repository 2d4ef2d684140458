import { createElement as h, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { OutgoingMail } from '../outbox.ts';
import type { Recipient } from './recipients.ts';

/** The ticket as the message shows it; priority is left out for whoever may not see it. */
export type TicketFacts = {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  description: string;
};

/** What happened, in words the message prints: a heading and, for a reply or a new ticket, its text. */
export type EventFacts = { heading: string; body: string | null };

export type Addressing = {
  publicUrl: string;
  /** Reply-To for this recipient (the inbound mailbox with its reply token). */
  replyTo: string;
};

/** The per-ticket root Message-ID every notification refers to, so mail clients thread them. */
export function ticketRootId(publicUrl: string, ticketId: string): string {
  return `<ticket-${ticketId}@${new URL(publicUrl).hostname}>`;
}

/** The portal page for a contact, the console page for staff. */
export function ticketLink(publicUrl: string, recipient: Pick<Recipient, 'kind'>, ticketId: string): string {
  return `${publicUrl}/${recipient.kind === 'staff' ? 'staff' : 'portal'}/tickets/${ticketId}`;
}

/** The lines of ticket fields this recipient may see (permission model §7: no priority without tickets.priority.view). */
export function visibleFields(ticket: TicketFacts, recipient: Recipient): [string, string][] {
  const fields: [string, string][] = [['Status', ticket.status]];
  if (recipient.sees_priority) fields.push(['Priority', ticket.priority]);
  return fields;
}

/**
 * One recipient's notification: plain text and HTML with the same content (the HTML escaped by
 * React's renderer, never by hand), a link to the ticket, threading and reply headers.
 */
export function notificationMail(
  ticket: TicketFacts,
  event: EventFacts,
  recipient: Recipient,
  addressing: Addressing,
): OutgoingMail {
  const link = ticketLink(addressing.publicUrl, recipient, ticket.id);
  const fields = visibleFields(ticket, recipient);
  const text = [
    event.heading,
    ...(event.body ? ['', event.body] : []),
    '',
    ...fields.map(([name, value]) => `${name}: ${value}`),
    '',
    `Open the ticket: ${link}`,
    'Reply to this message to answer on the ticket.',
  ].join('\n');
  const html = page([
    h('p', { key: 'h' }, h('strong', null, event.heading)),
    event.body ? h('div', { key: 'b', style: { whiteSpace: 'pre-wrap' } }, event.body) : null,
    h(
      'table',
      { key: 'f' },
      h(
        'tbody',
        null,
        fields.map(([name, value]) =>
          h('tr', { key: name }, h('th', { align: 'left' }, name), h('td', null, value)),
        ),
      ),
    ),
    h('p', { key: 'l' }, h('a', { href: link }, `Open ticket #${ticket.number}`)),
  ]);
  const root = ticketRootId(addressing.publicUrl, ticket.id);
  return {
    kind: 'notification',
    to: recipient.email,
    subject: `[#${ticket.number}] ${ticket.subject}`,
    text,
    html,
    headers: {
      'In-Reply-To': root,
      References: root,
      'Reply-To': addressing.replyTo,
      // RFC 3834: an auto-responder must not answer this.
      'Auto-Submitted': 'auto-generated',
    },
    ticketId: ticket.id,
    ...(recipient.kind === 'staff' ? { staffUserId: recipient.id } : { contactId: recipient.id }),
  };
}

/** A whole HTML document around the parts. */
export function page(parts: ReactNode): string {
  return `<!doctype html>${renderToStaticMarkup(h('html', null, h('body', null, parts)))}`;
}
