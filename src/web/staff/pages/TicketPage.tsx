import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import { isApiError } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { EmptyState, ErrorMessage, Loading, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { PriorityBadge, PrivateBadge, TicketStatusBadge } from '../badges.tsx';
import { staffApi } from '../session.tsx';
import type { Ticket } from '../types.ts';
import { Attachments } from '../ticket/Attachments.tsx';
import { Conversation } from '../ticket/Conversation.tsx';
import { DescriptionSection, PropertiesForm, TicketFacts } from '../ticket/Controls.tsx';
import { TicketEmails, TicketHistory } from '../ticket/Extras.tsx';
import { ticketKey, useTicketUpdate } from '../ticket/useTicket.ts';

/** Back to the queue the ticket was opened from (its filters), or to the queue. */
function useBack(): { to: string; label: string } {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (from?.startsWith('/staff/tickets')) return { to: from, label: 'Tickets' };
  if (from?.startsWith('/staff/')) return { to: from, label: 'Back' };
  return { to: '/staff/tickets', label: 'Tickets' };
}

function StatusButton({ ticket }: { ticket: Ticket }) {
  const update = useTicketUpdate(ticket.id);
  const closing = ticket.status !== 'closed';
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => update.mutate({ status: closing ? 'closed' : 'open' })}
        disabled={update.isPending}
        aria-busy={update.isPending || undefined}
      >
        {update.isPending ? 'Saving…' : closing ? 'Close ticket' : 'Reopen ticket'}
      </button>
      {update.isError && (
        <div className="full-width">
          <ErrorMessage error={update.error} />
        </div>
      )}
    </>
  );
}

export function TicketPage() {
  const { id = '' } = useParams();
  const back = useBack();
  const ticket = useQuery({
    queryKey: ticketKey(id),
    queryFn: ({ signal }) => staffApi.get<Ticket>(`/api/staff/tickets/${id}`, undefined, signal),
  });
  useDocumentTitle(ticket.data ? `#${ticket.data.number} ${ticket.data.subject}` : 'Ticket');

  if (ticket.isPending) return <Loading label="Loading the ticket…" />;
  if (ticket.isError) {
    return (
      <>
        <PageHeader title="Ticket" back={back} />
        {isApiError(ticket.error, 404) ? (
          <EmptyState title="This ticket could not be found.">
            <p>It may have been deleted.</p>
          </EmptyState>
        ) : (
          <ErrorMessage error={ticket.error} onRetry={() => void ticket.refetch()} />
        )}
      </>
    );
  }

  const t = ticket.data;
  return (
    <>
      <PageHeader
        back={back}
        title={t.subject}
        subtitle={
          <>
            #{t.number} · {t.requester.name}, {t.organization.name} · opened {formatDate(t.createdAt)}
          </>
        }
        actions={<StatusButton ticket={t} />}
      />
      <div className="item-badges ticket-badges">
        <TicketStatusBadge status={t.status} />
        <PriorityBadge priority={t.priority} />
        {t.private && <PrivateBadge />}
      </div>

      <div className="two-columns keep-columns">
        <div>
          <DescriptionSection ticket={t} />
          <Conversation ticket={t} />
          <TicketHistory ticketId={t.id} />
          <TicketEmails ticketId={t.id} />
        </div>
        <aside aria-label="Ticket details">
          <section className="card">
            <TicketFacts ticket={t} />
          </section>
          <section className="card">
            <PropertiesForm ticket={t} />
          </section>
          <Attachments ticket={t} />
        </aside>
      </div>
    </>
  );
}
