// "Mails sent" in a ticket's history: what the outbox holds for the ticket (notifications to
// contacts and staff), to whom, and how far each got. Read once the section is open.
import { formatDateTime, humanize } from '../../shared/format.ts';
import { Disclosure } from '../../shared/sections.tsx';
import { ListStates, useTicketList } from '../../shared/ticket.tsx';
import { Badge, type BadgeTone } from '../../shared/ui.tsx';
import { staffApi } from '../session.tsx';
import type { TicketMail } from '../types.ts';

const TONE: Record<TicketMail['status'], BadgeTone> = {
  queued: 'neutral',
  sending: 'info',
  sent: 'success',
  failed: 'danger',
};

function MailsSentList({ ticketId }: { ticketId: string }) {
  const mails = useTicketList<TicketMail>(staffApi, ticketId, 'mails');
  return (
    <ListStates list={mails} loadingLabel="Loading the mails sent…" empty="No mail about this ticket yet.">
      {(items) => (
        <ol className="history" aria-label="Mails sent">
          {items.map((m) => (
            <li key={m.id}>
              <span>
                <strong>{m.to}</strong>: {m.subject} <Badge tone={TONE[m.status]}>{humanize(m.status)}</Badge>
                {m.lastError && <span className="muted small"> {m.lastError}</span>}
              </span>
              <span className="muted small">
                {humanize(m.kind)},{' '}
                <time dateTime={m.sentAt ?? m.createdAt}>{formatDateTime(m.sentAt ?? m.createdAt)}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
    </ListStates>
  );
}

export function MailsSent({ ticketId }: { ticketId: string }) {
  return (
    <Disclosure title="Mails sent">
      <MailsSentList ticketId={ticketId} />
    </Disclosure>
  );
}
