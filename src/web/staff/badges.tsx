// Status, priority and visibility badges of the staff console: a word, never a colour alone.
import { SlaDueBadge as SharedSlaDueBadge } from '../shared/badges.tsx';
import { Badge } from '../shared/ui.tsx';
import { useDeskSettings } from './queries.ts';

export {
  PRIORITIES,
  priorityLabel,
  PriorityBadge,
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

/** The SLA badge with the server's warning window (until it is read: breached or not only). */
export function SlaDueBadge({ dueAt }: { dueAt: string | null | undefined }) {
  const settings = useDeskSettings();
  return <SharedSlaDueBadge dueAt={dueAt} warningMinutes={settings.data?.slaWarningMinutes ?? 0} />;
}
