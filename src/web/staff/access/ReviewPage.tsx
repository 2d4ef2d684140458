// Access review: who can see the tickets of a user group (tickets whose requester is a member) or
// of an organization, by which path and at which level, with a CSV download of all of it.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { withQuery } from '../../shared/api.ts';
import { usePagedList } from '../../shared/paging.ts';
import { DataTable, EmptyState, Field, Loading, useDocumentTitle } from '../../shared/ui.tsx';
import { ListMore } from '../../shared/lists.tsx';
import { OrganizationSelect } from '../components/pickers.tsx';
import { useOrganizationIndex } from '../queries.ts';
import { staffApi } from '../session.tsx';
import {
  ACCESS,
  LevelBadge,
  LoadError,
  PERMISSIONS,
  SCOPE_LABEL,
  useAllUserGroups,
  UserGroupSelect,
} from '../permissions/common.tsx';
import type { Review, ReviewItem, ReviewPath } from './types.ts';

type TargetKind = 'userGroupId' | 'organizationId';

function pathText(p: ReviewPath): string {
  if (p.kind === 'own') return 'Its own tickets';
  if (p.kind === 'participant') return 'A participant of the ticket';
  if (p.kind === 'grant') return `Grant on “${p.userGroup?.name ?? 'a user group'}”`;
  const scope = p.ticketScope ? SCOPE_LABEL[p.ticketScope].toLowerCase() : 'organization';
  return `Ticket scope (${scope}) of ${p.organization?.name ?? 'its organization'}`;
}

export function ReviewPage() {
  useDocumentTitle('Access review');
  const [params, setParams] = useSearchParams();
  const userGroupId = params.get('userGroupId') ?? '';
  const organizationId = params.get('organizationId') ?? '';
  const target: { kind: TargetKind; id: string } | null = userGroupId
    ? { kind: 'userGroupId', id: userGroupId }
    : organizationId
      ? { kind: 'organizationId', id: organizationId }
      : null;

  const groups = useAllUserGroups();
  const { index } = useOrganizationIndex();
  const [kind, setKind] = useState<TargetKind>(target?.kind ?? 'userGroupId');
  const [groupChoice, setGroupChoice] = useState(userGroupId);
  const [orgChoice, setOrgChoice] = useState(organizationId);
  const [error, setError] = useState<string>();

  const list = usePagedList(
    ['staff', 'access', 'review', target?.kind, target?.id],
    (cursor, signal) =>
      staffApi.get<Review>(
        '/api/staff/access/review',
        { [target?.kind ?? 'userGroupId']: target?.id, cursor, limit: 50 },
        signal,
      ),
    { enabled: target !== null },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = kind === 'userGroupId' ? groupChoice : orgChoice;
    if (!id) {
      setError(kind === 'userGroupId' ? 'Choose a user group.' : 'Choose an organization.');
      return;
    }
    setError(undefined);
    setParams({ [kind]: id });
  };

  const csv = target
    ? withQuery('/api/staff/access/review', { [target.kind]: target.id, format: 'csv' })
    : '';
  const targetName =
    target?.kind === 'userGroupId'
      ? (groups.data?.find((g) => g.id === target.id)?.name ?? 'the user group')
      : (index?.byId.get(target?.id ?? '')?.name ?? 'the organization');

  return (
    <>
      <div className="section-header">
        <div>
          <h2>Access review</h2>
          <p className="muted">
            Who can see the tickets of a user group (tickets whose requester is a member) or of an
            organization, by which path and at which level. Private tickets are left out: only their requester
            sees them.
          </p>
        </div>
      </div>
      <form className="card review-form" onSubmit={submit} noValidate>
        <fieldset className="field">
          <legend className="field-legend">Review the tickets of</legend>
          <div className="radio-row">
            <label className="radio">
              <input
                type="radio"
                name="target"
                checked={kind === 'userGroupId'}
                onChange={() => setKind('userGroupId')}
              />
              A user group
            </label>
            <label className="radio">
              <input
                type="radio"
                name="target"
                checked={kind === 'organizationId'}
                onChange={() => setKind('organizationId')}
              />
              An organization
            </label>
          </div>
        </fieldset>
        {kind === 'userGroupId' ? (
          <UserGroupSelect error={error} groups={groups} value={groupChoice} onChange={setGroupChoice} />
        ) : (
          <Field label="Organization" error={error}>
            {(control) => (
              <OrganizationSelect
                control={control}
                value={orgChoice}
                onChange={setOrgChoice}
                emptyLabel="Choose an organization…"
              />
            )}
          </Field>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            Show who has access
          </button>
        </div>
      </form>

      {!target ? (
        <EmptyState title="Choose a user group or an organization to review." />
      ) : list.isPending ? (
        <Loading label="Working out who has access…" />
      ) : list.isError && list.items.length === 0 ? (
        <LoadError what="The access review" error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <ReviewResult
          items={list.items}
          title={`Who can see the tickets of ${targetName}`}
          csv={csv}
          empty={`Nobody but staff can see the tickets of ${targetName}.`}
          footer={
            <>
              <ListMore list={list} label="More contacts" />
            </>
          }
          groupLink={target.kind === 'userGroupId' ? `${PERMISSIONS}/user-groups/${target.id}` : undefined}
        />
      )}
    </>
  );
}

function ReviewResult(props: {
  items: ReviewItem[];
  title: string;
  csv: string;
  empty: string;
  footer: ReactNode;
  groupLink?: string;
}) {
  return (
    <section aria-labelledby="review-heading">
      <div className="card-header">
        <h2 id="review-heading">{props.title}</h2>
        <span className="inline-list">
          {props.groupLink && (
            <Link className="btn btn-secondary btn-small" to={props.groupLink}>
              Open the group
            </Link>
          )}
          <a className="btn btn-secondary btn-small" href={props.csv} download>
            Download CSV
          </a>
        </span>
      </div>
      {props.items.length === 0 ? (
        <EmptyState title={props.empty} />
      ) : (
        <>
          <DataTable
            caption={props.title}
            rows={props.items}
            rowKey={(r) => r.contact.id}
            columns={[
              {
                header: 'Contact',
                primary: true,
                cell: (r) => (
                  <div>
                    <Link to={`${ACCESS}/contacts/${r.contact.id}`}>{r.contact.name}</Link>
                    <div className="muted small">{r.contact.email}</div>
                  </div>
                ),
              },
              { header: 'Organization', cell: (r) => r.organization.name },
              {
                header: 'Privilege group',
                cell: (r) => (
                  <Link to={`${PERMISSIONS}/privilege-groups/${r.privilegeGroup.id}`}>
                    {r.privilegeGroup.name}
                  </Link>
                ),
              },
              {
                header: 'How',
                cell: (r) => (
                  <ul className="path-mini">
                    {r.paths.map((p, i) => (
                      <li key={i}>
                        {pathText(p)}{' '}
                        <span className="muted small">
                          ({p.level === 'write' ? 'read and write' : 'read only'})
                        </span>
                      </li>
                    ))}
                  </ul>
                ),
              },
              { header: 'Level', cell: (r) => <LevelBadge level={r.level} /> },
            ]}
          />
          {props.footer}
        </>
      )}
    </section>
  );
}
