// Status and priority badges: a word, never a colour alone.
import { Badge, type BadgeTone } from '../shared/ui.tsx';
import { humanize } from '../shared/format.ts';
import type { Contract, InvoiceStatus, QuoteStatus, TicketPriority, TicketStatus } from './types.ts';

/** The label and tone of a value; one the UI does not know yet still shows, in words. */
function look<K extends string>(map: Record<K, [string, BadgeTone]>, key: K): [string, BadgeTone] {
  return (map as Record<string, [string, BadgeTone] | undefined>)[key] ?? [humanize(key), 'neutral'];
}

const TICKET_STATUS: Record<TicketStatus, [string, BadgeTone]> = {
  open: ['Open', 'info'],
  pending: ['Pending', 'warning'],
  closed: ['Closed', 'neutral'],
};

export const ticketStatusLabel = (status: TicketStatus) => look(TICKET_STATUS, status)[0];

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const [label, tone] = look(TICKET_STATUS, status);
  return <Badge tone={tone}>{label}</Badge>;
}

const PRIORITY: Record<TicketPriority, [string, BadgeTone]> = {
  low: ['Low', 'neutral'],
  normal: ['Normal', 'info'],
  high: ['High', 'warning'],
  urgent: ['Urgent', 'danger'],
};

export const PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
export const priorityLabel = (priority: TicketPriority) => look(PRIORITY, priority)[0];

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const [label, tone] = look(PRIORITY, priority);
  return (
    <Badge tone={tone}>
      <span className="visually-hidden">Priority: </span>
      {label}
      <span aria-hidden="true"> priority</span>
    </Badge>
  );
}

export function PrivateBadge() {
  return (
    <Badge tone="accent">
      <span aria-hidden="true">🔒</span> Private
    </Badge>
  );
}

// The portal never lists drafts (the API leaves them out).
const QUOTE: Record<QuoteStatus, [string, BadgeTone]> = {
  sent: ['Awaiting your decision', 'warning'],
  accepted: ['Accepted', 'success'],
  declined: ['Declined', 'neutral'],
};

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const [label, tone] = look(QUOTE, status);
  return <Badge tone={tone}>{label}</Badge>;
}

const INVOICE: Record<InvoiceStatus, [string, BadgeTone]> = {
  issued: ['Open', 'warning'],
  paid: ['Paid', 'success'],
  void: ['Void', 'neutral'],
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const [label, tone] = look(INVOICE, status);
  return <Badge tone={tone}>{label}</Badge>;
}

const CONTRACT: Record<Contract['status'], [string, BadgeTone]> = {
  draft: ['Draft', 'neutral'],
  active: ['Active', 'success'],
  expired: ['Expired', 'neutral'],
  cancelled: ['Cancelled', 'danger'],
};

export function ContractStatusBadge({ status }: { status: Contract['status'] }) {
  const [label, tone] = look(CONTRACT, status);
  return <Badge tone={tone}>{label}</Badge>;
}

export function AssetStatusBadge({ status }: { status: 'active' | 'retired' }) {
  return (
    <Badge tone={status === 'active' ? 'success' : 'neutral'}>
      {status === 'active' ? 'In use' : 'Retired'}
    </Badge>
  );
}
