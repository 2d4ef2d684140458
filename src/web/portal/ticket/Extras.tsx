// History and e-mails of a ticket: shown to contacts whose group has the privilege, loaded when
// the section is opened.
import { useId, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Page } from '../../shared/api.ts';
import { formatDateTime, humanize } from '../../shared/format.ts';
import { fetchAll } from '../../shared/paging.ts';
import { ErrorMessage, Loading } from '../../shared/ui.tsx';
import { portalApi } from '../session.tsx';
import type { TicketEmail, TicketEvent } from '../types.ts';
import { ticketKey } from './useTicketUpdate.ts';

/** A section whose heading is a button that shows or hides it (WAI-ARIA disclosure). */
function Disclosure(props: { title: string; children: (open: boolean) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <section className="card disclosure">
      <h2 className="disclosure-heading">
        <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true" className="disclosure-icon">
            {open ? '▾' : '▸'}
          </span>
          {props.title}
        </button>
      </h2>
      <div id={id} hidden={!open} className="disclosure-body">
        {props.children(open)}
      </div>
    </section>
  );
}

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
  const history = useQuery({
    queryKey: [...ticketKey(ticketId), 'history'],
    queryFn: ({ signal }) =>
      fetchAll((cursor) =>
        portalApi.get<Page<TicketEvent>>(
          `/api/portal/tickets/${ticketId}/history`,
          { cursor, limit: 100 },
          signal,
        ),
      ),
  });
  if (history.isPending) return <Loading label="Loading the history…" />;
  if (history.isError) return <ErrorMessage error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0) return <p className="muted">No changes yet.</p>;
  return (
    <ol className="history">
      {history.data.map((e) => (
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
  );
}

function EmailList({ ticketId }: { ticketId: string }) {
  const emails = useQuery({
    queryKey: [...ticketKey(ticketId), 'emails'],
    queryFn: ({ signal }) =>
      fetchAll((cursor) =>
        portalApi.get<Page<TicketEmail>>(
          `/api/portal/tickets/${ticketId}/emails`,
          { cursor, limit: 100 },
          signal,
        ),
      ),
  });
  if (emails.isPending) return <Loading label="Loading e-mails…" />;
  if (emails.isError) return <ErrorMessage error={emails.error} onRetry={() => void emails.refetch()} />;
  if (emails.data.length === 0) return <p className="muted">No e-mails are filed under this ticket.</p>;
  return (
    <ol className="conversation">
      {emails.data.map((m) => (
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
  );
}

export function TicketHistory({ ticketId }: { ticketId: string }) {
  return <Disclosure title="History">{(open) => open && <HistoryList ticketId={ticketId} />}</Disclosure>;
}

export function TicketEmails({ ticketId }: { ticketId: string }) {
  return <Disclosure title="E-mails">{(open) => open && <EmailList ticketId={ticketId} />}</Disclosure>;
}
