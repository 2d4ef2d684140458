// One user group: its details, members by name, member organizations, its rule (with the live
// match count), who is a member and why, what uses it, and e-mail to the members. Every change to
// membership goes through the preview dialog.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { type Page } from '../../../shared/api.ts';
import { fetchAll } from '../../../shared/paging.ts';
import { Alert, Badge, Loading, PageHeader, useDocumentTitle } from '../../../shared/ui.tsx';
import { staffApi } from '../../session.tsx';
import {
  ACCESS,
  LevelBadge,
  LoadError,
  MODULE_LABEL,
  PermissionRecordFallback,
  PERMISSIONS,
  plural,
  useModuleVisibility,
  userGroupsKey,
} from '../common.tsx';
import { SaveDialog } from '../SaveDialog.tsx';
import type { AccessGrant, UserGroup } from '../types.ts';
import type { Pending } from './pending.ts';
import { DetailsCard } from './DetailsCard.tsx';
import { RuleCard } from './RuleCard.tsx';
import { ExplicitMembersCard } from './ExplicitMembersCard.tsx';
import { OrganizationsCard } from './OrganizationsCard.tsx';
import { MembersCard } from './MembersCard.tsx';
import { EmailDialog } from './EmailDialog.tsx';

export function UserGroupPage() {
  const { id = '' } = useParams();
  const group = useQuery({
    queryKey: [...userGroupsKey, 'one', id],
    queryFn: ({ signal }) => staffApi.get<UserGroup>(`/api/staff/user-groups/${id}`, undefined, signal),
  });
  useDocumentTitle(group.data?.name ?? 'User group');
  const back = { to: `${PERMISSIONS}/user-groups`, label: 'User groups' };
  if (!group.data) return <PermissionRecordFallback query={group} what="user group" back={back} />;
  return <GroupEditor key={group.data.id} group={group.data} />;
}

function GroupEditor({ group }: { group: UserGroup }) {
  const navigate = useNavigate();
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string>();
  const [emailOpen, setEmailOpen] = useState(false);
  const grants = useQuery({
    queryKey: ['staff', 'access-grants', 'by-group', group.id],
    queryFn: ({ signal }) =>
      fetchAll((cursor) =>
        staffApi.get<Page<AccessGrant>>(
          '/api/staff/access-grants',
          { userGroupId: group.id, cursor, limit: 100 },
          signal,
        ),
      ),
  });
  const modules = useModuleVisibility();
  const restricting = (modules.data ?? []).filter((m) => m.allowedGroups.some((g) => g.id === group.id));

  const propose = (p: Pending) => setPending(p);

  const askDelete = () =>
    propose({
      title: `Delete “${group.name}”?`,
      summary: (
        <div className="stack">
          <p>The group and its memberships are removed for good. The audit log keeps what it was.</p>
          {restricting.length > 0 && (
            <Alert tone="warning" title="The group restricts modules" live={false}>
              <p>
                {restricting.map((m) => MODULE_LABEL[m.module]).join(', ')}{' '}
                {restricting.length === 1 ? 'is' : 'are'} limited to this group, so it cannot be deleted:
                removing it could open the module to everyone. Take it out of module visibility first.
              </p>
            </Alert>
          )}
          {(grants.data?.length ?? 0) > 0 && (
            <p>
              Its {plural(grants.data?.length ?? 0, 'access grant')} (
              {grants.data?.map((g) => g.contact.name).join(', ')})
              {(grants.data?.length ?? 0) === 1 ? ' is' : ' are'} deleted with it.
            </p>
          )}
        </div>
      ),
      change: null,
      noPreview:
        (grants.data?.length ?? 0) > 0
          ? 'The preview cannot work out a deletion. The holders of its grants lose the tickets they see only through them; knowledge-base articles limited to it are no longer shown to its members.'
          : 'No access grant uses this group. Knowledge-base articles limited to it are no longer shown to its members.',
      confirmLabel: 'Delete group',
      tone: 'danger',
      save: () => staffApi.delete(`/api/staff/user-groups/${group.id}`),
      after: () => void navigate(`${PERMISSIONS}/user-groups`, { replace: true }),
    });

  return (
    <>
      <PageHeader
        title={
          <span className="inline-list">
            {group.name}
            {group.always && <Badge tone="accent">Always-group</Badge>}
          </span>
        }
        subtitle={group.description || undefined}
        back={{ to: `${PERMISSIONS}/user-groups`, label: 'User groups' }}
        actions={
          <>
            <button type="button" className="btn btn-secondary" onClick={() => setEmailOpen(true)}>
              E-mail members…
            </button>
            <Link className="btn btn-secondary" to={`${ACCESS}/review?userGroupId=${group.id}`}>
              Access review
            </Link>
            <button type="button" className="btn btn-secondary btn-danger-outline" onClick={askDelete}>
              Delete…
            </button>
          </>
        }
      />
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}

      <div className="two-columns">
        <div className="stack">
          <DetailsCard group={group} propose={propose} />
          <ExplicitMembersCard group={group} propose={propose} />
          <OrganizationsCard group={group} propose={propose} />
          <RuleCard group={group} propose={propose} />
        </div>
        <aside className="stack" aria-label="Where the group is used">
          <section className="card" aria-labelledby="used-by">
            <h2 id="used-by">Used by</h2>
            <h3 className="small-heading">Access grants on this group</h3>
            {grants.isPending ? (
              <Loading label="Loading grants…" />
            ) : grants.isError ? (
              <LoadError what="The grants" error={grants.error} onRetry={() => void grants.refetch()} />
            ) : grants.data.length === 0 ? (
              <p className="muted small">No contact holds a grant on this group.</p>
            ) : (
              <ul className="plain-list">
                {grants.data.map((g) => (
                  <li key={g.id}>
                    <Link to={`${PERMISSIONS}/access-grants/${g.id}`}>{g.contact.name}</Link>{' '}
                    <LevelBadge level={g.level} />
                    {g.expired && <Badge tone="danger">Expired</Badge>}
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link className="small" to={`${PERMISSIONS}/access-grants/new?userGroupId=${group.id}`}>
                Grant a contact access to this group’s tickets
              </Link>
            </p>
            <h3 className="small-heading">Modules limited to it</h3>
            {modules.isPending ? (
              <Loading label="Loading modules…" />
            ) : restricting.length === 0 ? (
              <p className="muted small">None.</p>
            ) : (
              <p>
                {restricting.map((m) => MODULE_LABEL[m.module]).join(', ')}{' '}
                <Link className="small" to={`${PERMISSIONS}/modules`}>
                  (module visibility)
                </Link>
              </p>
            )}
          </section>
          <MembersCard group={group} />
        </aside>
      </div>

      <SaveDialog
        open={pending !== null}
        title={pending?.title ?? ''}
        summary={pending?.summary}
        change={pending?.change ?? null}
        noPreview={pending?.noPreview}
        confirmLabel={pending?.confirmLabel ?? 'Save'}
        tone={pending?.tone}
        save={() => pending?.save() ?? Promise.resolve()}
        onSaved={() => {
          const after = pending?.after;
          setPending(null);
          setNotice(undefined);
          if (after) after();
          else setNotice('Saved. Membership changes apply on each contact’s next request.');
        }}
        onCancel={() => setPending(null)}
      />
      <EmailDialog group={group} open={emailOpen} onClose={() => setEmailOpen(false)} />
    </>
  );
}
