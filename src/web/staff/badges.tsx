// Status, priority and visibility badges of the staff console: a word, never a colour alone.
import { Badge } from '../shared/ui.tsx';

export {
  PRIORITIES,
  priorityLabel,
  PriorityBadge,
  SlaDueBadge,
  STATUSES,
  statusLabel,
  TicketStatusBadge,
} from '../shared/badges.tsx';

export function PrivateBadge() {
  return <Badge tone="accent">Private</Badge>;
}

/** Public (the requester and those with access see it) or internal (staff only). */
export function VisibilityBadge({ isPublic }: { isPublic: boolean }) {
  return isPublic ? <Badge tone="success">Public</Badge> : <Badge tone="warning">Internal</Badge>;
}

export function DisabledBadge() {
  return <Badge tone="danger">Disabled</Badge>;
}

export function RoleBadge({ role }: { role: 'admin' | 'agent' }) {
  return (
    <Badge tone={role === 'admin' ? 'accent' : 'neutral'}>
      {role === 'admin' ? 'Administrator' : 'Agent'}
    </Badge>
  );
}
