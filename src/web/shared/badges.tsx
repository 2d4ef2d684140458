// Ticket status and priority badges, the same in the portal and the staff console: a word, never
// a colour alone.
import type { ApiItem } from './api-types.ts';
import { formatDateTime, formatRelative, humanize } from './format.ts';
import { Badge, type BadgeTone } from './ui.tsx';

type TicketStatus = ApiItem<'/api/staff/tickets'>['status'];
type TicketPriority = ApiItem<'/api/staff/tickets'>['priority'];

/** The label and tone of a value; one the UI does not know yet still shows, in words. */
export function look<K extends string>(map: Record<K, [string, BadgeTone]>, key: K): [string, BadgeTone] {
  return (map as Record<string, [string, BadgeTone] | undefined>)[key] ?? [humanize(key), 'neutral'];
}

const TICKET_STATUS: Record<TicketStatus, [string, BadgeTone]> = {
  open: ['Open', 'info'],
  pending: ['Pending', 'warning'],
  resolved: ['Resolved', 'success'],
  closed: ['Closed', 'neutral'],
};
export const STATUSES: TicketStatus[] = ['open', 'pending', 'resolved', 'closed'];
export const statusLabel = (status: TicketStatus) => look(TICKET_STATUS, status)[0];

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

/**
 * The SLA due time the desk works towards: "SLA breached" (danger), due soon (warning: within the
 * server's SLA_WARNING_MINUTES, `warningMinutes`, the window of the Breaching queue) or when it is
 * due; nothing when the clock stands still or there is no target.
 */
export function SlaDueBadge({
  dueAt,
  warningMinutes,
  now = Date.now(),
}: {
  dueAt: string | null | undefined;
  warningMinutes: number;
  now?: number;
}) {
  if (!dueAt) return null;
  const left = Date.parse(dueAt) - now;
  const when = formatRelative(dueAt, now);
  return (
    <span title={formatDateTime(dueAt)}>
      {left < 0 ? (
        <Badge tone="danger">SLA breached · due {when}</Badge>
      ) : left < warningMinutes * 60_000 ? (
        <Badge tone="warning">SLA due {when}</Badge>
      ) : (
        <Badge tone="neutral">SLA due {when}</Badge>
      )}
    </span>
  );
}
