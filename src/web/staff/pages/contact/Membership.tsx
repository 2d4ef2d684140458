import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type Page } from '../../../shared/api.ts';
import { formatDate } from '../../../shared/format.ts';
import { Badge, ErrorMessage, Loading } from '../../../shared/ui.tsx';
import { contactKey } from '../../queries.ts';
import { staffApi } from '../../session.tsx';
import type { AccessGrant, ContactGroups, MembershipReason } from '../../types.ts';

const REASONS: Record<MembershipReason, string> = {
  explicit: 'explicit member',
  organization: 'through its organization',
  rule: 'matches the rule',
  always: 'always-group (everyone)',
};

export function Groups({ contactId }: { contactId: string }) {
  const groups = useQuery({
    queryKey: [...contactKey(contactId), 'groups'],
    queryFn: ({ signal }) =>
      staffApi.get<ContactGroups>(`/api/staff/contacts/${contactId}/groups`, undefined, signal),
  });
  return (
    <section className="card" aria-labelledby="groups-heading">
      <h2 id="groups-heading">User groups</h2>
      {groups.isPending ? (
        <Loading />
      ) : groups.isError ? (
        <ErrorMessage error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.items.length === 0 ? (
        <p className="muted">Not a member of any user group.</p>
      ) : (
        <ul className="simple-list">
          {groups.data.items.map(({ group, reasons }) => (
            <li key={group.id}>
              <span className="strong">{group.name}</span>{' '}
              <span className="muted small">— {reasons.map((r) => REASONS[r] ?? r).join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Grants({ contactId }: { contactId: string }) {
  const grants = useQuery({
    queryKey: [...contactKey(contactId), 'grants'],
    queryFn: ({ signal }) =>
      staffApi.get<Page<AccessGrant>>('/api/staff/access-grants', { contactId, limit: 100 }, signal),
  });
  return (
    <section className="card" aria-labelledby="grants-heading">
      <div className="card-header">
        <h2 id="grants-heading">Access grants</h2>
        <Link to="/staff/permissions" className="small">
          Manage in Permissions
        </Link>
      </div>
      <p className="muted small">Access to the tickets of every member of a user group (“super customer”).</p>
      {grants.isPending ? (
        <Loading />
      ) : grants.isError ? (
        <ErrorMessage error={grants.error} onRetry={() => void grants.refetch()} />
      ) : grants.data.items.length === 0 ? (
        <p className="muted">No access grants.</p>
      ) : (
        <ul className="simple-list">
          {grants.data.items.map((g) => (
            <li key={g.id} className={g.expired ? 'expired' : undefined}>
              <span className="strong">{g.userGroup.name}</span>{' '}
              <Badge tone={g.level === 'write' ? 'info' : 'neutral'}>
                {g.level === 'write' ? 'Read and write' : 'Read only'}
              </Badge>{' '}
              {g.expired ? (
                <Badge tone="danger">Expired {formatDate(g.expiresAt)}</Badge>
              ) : g.expiresAt ? (
                <span className="muted small">until {formatDate(g.expiresAt)}</span>
              ) : (
                <span className="muted small">no expiry</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
