// History and e-mails of a ticket: shown to contacts whose group has the privilege, loaded when
// the section is opened.
import { humanize } from '../../shared/format.ts';
import { EmailMessage, EmailsSection, HistorySection } from '../../shared/TicketParts.tsx';
import { portalApi } from '../session.tsx';
import type { TicketEmail, TicketEvent } from '../types.ts';

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

export function TicketHistory({ ticketId }: { ticketId: string }) {
  return (
    <HistorySection<TicketEvent>
      api={portalApi}
      ticketId={ticketId}
      what={(e) =>
        e.kind === 'change'
          ? describe(e)
          : `Reply: “${e.body.length > 120 ? `${e.body.slice(0, 120).trimEnd()}…` : e.body}”`
      }
      by={(e) => (e.actor?.name ? `${e.actor.name}, ` : '')}
      at={(e) => e.at}
    />
  );
}

export function TicketEmails({ ticketId }: { ticketId: string }) {
  return (
    <EmailsSection<TicketEmail> api={portalApi} ticketId={ticketId} title="E-mails">
      {(m) => <EmailMessage key={m.id} email={m} from={m.from} to={m.to} />}
    </EmailsSection>
  );
}
