// History and e-mails of a ticket: shown to contacts whose group has the privilege, loaded when
// the section is opened.
import type { Page } from '../../shared/api.ts';
import { formatDateTime, humanize } from '../../shared/format.ts';
import { AllPages, Disclosure } from '../../shared/sections.tsx';
import { portalApi } from '../session.tsx';
import type { TicketEmail, TicketEvent } from '../types.ts';
import { ticketKey } from './useTicketUpdate.ts';

const FIELD_NAMES: Record<string, string> = {
  status: 'Status',
  priority: 'Priority',
  asset: 'Linked asset',
  assetId: 'Linked asset',
  description: 'Description',
  private: 'Private',
  subject: 'Subject',
  requester: 'Requester',
};

function describe(event: Extract<TicketEvent, { kind: 'change' }>): string {
  const field = FIELD_NAMES[event.field] ?? humanize(event.field);
  if (event.field === 'description') return 'Description edited';
  const show = (v: string | null) => (v === null || v === '' ? 'none' : humanize(v));
  return `${field}: ${show(event.oldValue)} → ${show(event.newValue)}`;
}

function HistoryList({ ticketId }: { ticketId: string }) {
  return (
    <AllPages
      queryKey={[...ticketKey(ticketId), 'history']}
      fetchPage={(cursor, signal) =>
        portalApi.get<Page<TicketEvent>>(
          `/api/portal/tickets/${ticketId}/history`,
          { cursor, limit: 100 },
          signal,
        )
      }
      loadingLabel="Loading the history…"
      empty="No changes yet."
    >
      {(events) => (
        <ol className="history">
          {events.map((e) => (
            <li key={e.id}>
              {e.kind === 'change' ? (
                <span>{describe(e)}</span>
              ) : (
                <span>Reply: “{e.body.length > 120 ? `${e.body.slice(0, 120).trimEnd()}…` : e.body}”</span>
              )}
              <span className="muted small">
                {e.actor?.name ? `${e.actor.name}, ` : ''}
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
    </AllPages>
  );
}

function EmailList({ ticketId }: { ticketId: string }) {
  return (
    <AllPages
      queryKey={[...ticketKey(ticketId), 'emails']}
      fetchPage={(cursor, signal) =>
        portalApi.get<Page<TicketEmail>>(
          `/api/portal/tickets/${ticketId}/emails`,
          { cursor, limit: 100 },
          signal,
        )
      }
      loadingLabel="Loading e-mails…"
      empty="No e-mails are filed under this ticket."
    >
      {(emails) => (
        <ol className="conversation">
          {emails.map((m) => (
            <li key={m.id} className="message">
              <div className="message-header">
                <span className="message-author">{m.subject || '(no subject)'}</span>
                <time className="muted" dateTime={m.sentAt}>
                  {formatDateTime(m.sentAt)}
                </time>
              </div>
              <p className="muted small">
                From {m.from} to {m.to}
              </p>
              <div className="message-body">{m.body}</div>
            </li>
          ))}
        </ol>
      )}
    </AllPages>
  );
}

export function TicketHistory({ ticketId }: { ticketId: string }) {
  return <Disclosure title="History">{(open) => open && <HistoryList ticketId={ticketId} />}</Disclosure>;
}

export function TicketEmails({ ticketId }: { ticketId: string }) {
  return <Disclosure title="E-mails">{(open) => open && <EmailList ticketId={ticketId} />}</Disclosure>;
}
