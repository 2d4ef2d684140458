// Status and priority badges: a word, never a colour alone.
import { look, SlaDueBadge as SharedSlaDueBadge } from '../shared/badges.tsx';
import { Badge, type BadgeTone } from '../shared/ui.tsx';
import { useMe } from './session.tsx';
import type { Contract, InvoiceStatus, QuoteStatus } from './types.ts';

export {
  PRIORITIES,
  priorityLabel,
  PriorityBadge,
  statusLabel as ticketStatusLabel,
  TicketStatusBadge,
} from '../shared/badges.tsx';

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

// The words of the invoice PDF (src/modules/invoices/state.ts STATE_LABELS); drafts never reach the portal.
export const INVOICE_STATES: Record<InvoiceStatus, [string, BadgeTone]> = {
  open: ['Open', 'accent'],
  overdue: ['Overdue', 'danger'],
  partially_paid: ['Partially paid', 'warning'],
  paid: ['Paid', 'success'],
  void: ['Void', 'neutral'],
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const [label, tone] = look(INVOICE_STATES, status);
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

/** The SLA badge with the server's warning window (SLA_WARNING_MINUTES, from the session). */
export function SlaDueBadge({ dueAt }: { dueAt: string | null | undefined }) {
  return <SharedSlaDueBadge dueAt={dueAt} warningMinutes={useMe().slaWarningMinutes} />;
}
