import { useLocation, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { TicketNotLoaded, useTicketQuery } from '../../shared/ticket.tsx';
import { DescriptionSection } from '../../shared/TicketParts.tsx';
import { DescriptionList, PageHeader } from '../../shared/ui.tsx';
import { PriorityBadge, PrivateBadge, SlaDueBadge, TicketStatusBadge } from '../badges.tsx';
import { can, portalApi, useMe } from '../session.tsx';
import type { TicketDetail } from '../types.ts';
import { Attachments } from '../ticket/Attachments.tsx';
import { Conversation } from '../ticket/Conversation.tsx';
import { AssetControl, PriorityControl, PrivateControl, StatusActions } from '../ticket/Controls.tsx';
import { TicketEmails, TicketHistory } from '../ticket/Extras.tsx';
import { ColleagueCombobox, ParticipantsCard } from '../../shared/ParticipantsCard.tsx';

/** Back to the list the ticket was opened from (its view and search), or to the tickets. */
function useBackToList(): string {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return from?.startsWith('/portal/tickets') ? from : '/portal/tickets';
}

export function TicketPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const back = useBackToList();
  const ticket = useTicketQuery<TicketDetail>(portalApi, id);
  if (!ticket.isSuccess) {
    return (
      <TicketNotLoaded
        ticket={ticket}
        back={{ to: back, label: 'Tickets' }}
        notFound="It may not exist, or you no longer have access to it."
      />
    );
  }

  const t = ticket.data;
  const mine = t.requester.id === me.contact.id;
  return (
    <>
      <PageHeader
        back={{ to: back, label: 'Tickets' }}
        title={t.subject}
        subtitle={
          <>
            #{t.number} · opened by {mine ? 'you' : t.requester.name} on {formatDate(t.createdAt)}
            {t.organization.id !== me.organization.id && ` · ${t.organization.name}`}
          </>
        }
        actions={<StatusActions ticket={t} />}
      />
      <div className="item-badges ticket-badges">
        <TicketStatusBadge status={t.status} />
        {t.priority && <PriorityBadge priority={t.priority} />}
        {/* Only for contacts who may see the priority: the API leaves sla out for the others. */}
        <SlaDueBadge dueAt={t.sla?.nextDueAt} />
        {t.private && <PrivateBadge />}
      </div>

      <div className="two-columns">
        <div>
          <DescriptionSection
            api={portalApi}
            ticket={t}
            mayEdit={t.abilities.editDescription}
            editLabel="Edit description"
            saveLabel="Save description"
          />
          <Conversation ticket={t} />
          {can(me, 'tickets.history.view') && <TicketHistory ticketId={t.id} />}
          {can(me, 'tickets.emails.view') && <TicketEmails ticketId={t.id} />}
        </div>
        <aside aria-label="Ticket details">
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <DescriptionList
              items={[
                ['Status', <TicketStatusBadge key="s" status={t.status} />],
                ['Requester', mine ? `${t.requester.name} (you)` : t.requester.name],
                ['Organization', t.organization.name],
                ['Opened', formatDateTime(t.createdAt)],
                ['Last activity', formatDateTime(t.lastActivityAt)],
                ['Closed', t.closedAt ? formatDateTime(t.closedAt) : undefined],
                [
                  'Priority',
                  t.priority && !t.abilities.changePriority ? <PriorityControl ticket={t} /> : undefined,
                ],
                [
                  'Linked asset',
                  t.asset !== undefined && !t.abilities.setAsset ? <AssetControl ticket={t} /> : undefined,
                ],
              ]}
            />
            {t.abilities.changePriority && <PriorityControl key={`p-${t.priority}`} ticket={t} />}
            {t.abilities.setAsset && <AssetControl key={`a-${t.asset?.id ?? ''}`} ticket={t} />}
            <PrivateControl ticket={t} />
          </section>
          <ParticipantsCard
            api={portalApi}
            ticketPath={`/api/portal/tickets/${t.id}`}
            hint="The colleague will see this ticket and may answer it."
            picker={(control, value, onChange) => (
              <ColleagueCombobox
                api={portalApi}
                ticketPath={`/api/portal/tickets/${t.id}`}
                control={control}
                value={value}
                onChange={onChange}
              />
            )}
          />
          <Attachments ticket={t} />
        </aside>
      </div>
    </>
  );
}
