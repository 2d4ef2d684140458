import { useLocation, useParams } from 'react-router';
import { formatDate } from '../../shared/format.ts';
import { TicketNotLoaded, useTicketQuery } from '../../shared/ticket.tsx';
import { DescriptionSection } from '../../shared/TicketParts.tsx';
import { PageHeader } from '../../shared/ui.tsx';
import { PriorityBadge, PrivateBadge, SlaDueBadge, TicketStatusBadge } from '../badges.tsx';
import { staffApi } from '../session.tsx';
import type { Ticket } from '../types.ts';
import { Attachments } from '../ticket/Attachments.tsx';
import { Conversation } from '../ticket/Conversation.tsx';
import { PropertiesForm, StatusButton, TicketFacts } from '../ticket/Controls.tsx';
import { TicketEmails, TicketHistory } from '../ticket/Extras.tsx';
import { MailsSent } from '../ticket/MailsSent.tsx';
import { ParticipantsCard } from '../../shared/ParticipantsCard.tsx';
import { ContactCombobox } from '../components/pickers.tsx';

/** Back to the queue the ticket was opened from (its filters), or to the queue. */
function useBack(): { to: string; label: string } {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (from?.startsWith('/staff/tickets')) return { to: from, label: 'Tickets' };
  if (from?.startsWith('/staff/')) return { to: from, label: 'Back' };
  return { to: '/staff/tickets', label: 'Tickets' };
}

export function TicketPage() {
  const { id = '' } = useParams();
  const back = useBack();
  const ticket = useTicketQuery<Ticket>(staffApi, id);
  if (!ticket.isSuccess)
    return <TicketNotLoaded ticket={ticket} back={back} notFound="It may have been deleted." />;

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
        <SlaDueBadge dueAt={t.sla.nextDueAt} />
        {t.private && <PrivateBadge />}
      </div>

      <div className="two-columns keep-columns">
        <div>
          <DescriptionSection
            api={staffApi}
            ticket={t}
            withSubject
            mayEdit
            editLabel="Edit subject and description"
            saveLabel="Save"
          />
          <Conversation ticket={t} />
          <TicketHistory ticketId={t.id} />
          <TicketEmails ticketId={t.id} />
          <MailsSent ticketId={t.id} />
        </div>
        <aside aria-label="Ticket details">
          <section className="card">
            <TicketFacts ticket={t} />
          </section>
          <section className="card">
            <PropertiesForm ticket={t} />
          </section>
          <ParticipantsCard
            api={staffApi}
            ticketPath={`/api/staff/tickets/${t.id}`}
            staff
            hint="A participant sees and may write this ticket, even a private one, with its own privileges."
            picker={(control, value, onChange) => (
              <ContactCombobox control={control} value={value} onChange={onChange} name="participant" />
            )}
          />
          <Attachments ticket={t} />
        </aside>
      </div>
    </>
  );
}
