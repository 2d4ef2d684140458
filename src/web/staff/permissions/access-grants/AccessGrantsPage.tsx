// Access grants ("super customers"): a contact follows the tickets of every member of a user group,
// read-only or read-write, optionally until an expiry. The list with filters, the form for a new
// grant and for changing one; every save and delete goes through the preview dialog.
import { Link } from 'react-router';
import { type Page } from '../../../shared/api.ts';
import { useUrlFilters } from '../../../shared/filters.tsx';
import { formatDateTime, formatRelative } from '../../../shared/format.ts';
import { usePagedList } from '../../../shared/paging.ts';
import { namedChoices, SelectField } from '../../../shared/SelectField.tsx';
import { PagedTable } from '../../../shared/PagedTable.tsx';
import { Badge, EmptyState, Field, useDocumentTitle } from '../../../shared/ui.tsx';
import { ContactCombobox, useContactOption } from '../../components/pickers.tsx';
import { staffApi } from '../../session.tsx';
import {
  accessGrantsKey,
  ACCESS,
  LevelBadge,
  loadErrors,
  PERMISSIONS,
  useAllUserGroups,
} from '../common.tsx';
import type { AccessGrant } from '../types.ts';

export function ExpiryCell({ grant }: { grant: AccessGrant }) {
  if (!grant.expiresAt) return <span className="muted">Never</span>;
  return (
    <span className="inline-list">
      <span title={formatDateTime(grant.expiresAt)}>
        {grant.expired ? 'Expired ' : 'Expires '}
        {formatRelative(grant.expiresAt)}
      </span>
      {grant.expired && <Badge tone="danger">Expired: no effect</Badge>}
    </span>
  );
}

export function AccessGrantsPage() {
  useDocumentTitle('Access grants');
  const filters = useUrlFilters();
  const contactId = filters.get('contactId');
  const userGroupId = filters.get('userGroupId');
  const contactOption = useContactOption(contactId || null);
  const groups = useAllUserGroups();
  const list = usePagedList([...accessGrantsKey, 'list', contactId, userGroupId], (cursor, signal) =>
    staffApi.get<Page<AccessGrant>>(
      '/api/staff/access-grants',
      { contactId, userGroupId, cursor, limit: 50 },
      signal,
    ),
  );
  const filtered = Boolean(contactId || userGroupId);
  const newLink = `${PERMISSIONS}/access-grants/new${userGroupId ? `?userGroupId=${userGroupId}` : ''}`;

  return (
    <>
      <div className="section-header">
        <div>
          <h2>Access grants</h2>
          <p className="muted">
            A grant lets a contact see (read) or also answer (write) the non-private tickets of every member
            of a user group: the portal’s group views. After its expiry a grant has no effect.
          </p>
        </div>
        <div className="page-actions">
          <Link className="btn btn-primary" to={newLink}>
            New access grant
          </Link>
        </div>
      </div>
      <div className="toolbar" role="search" aria-label="Filter access grants">
        <Field label="Contact" className="grow">
          {(control) => (
            <ContactCombobox
              control={control}
              value={contactOption}
              onChange={(o) => filters.set({ contactId: o?.id ?? '' })}
              placeholder="Any contact"
            />
          )}
        </Field>
        <SelectField
          label="User group"
          className="grow"
          value={userGroupId}
          onChange={(id) => filters.set({ userGroupId: id })}
          empty="Any user group"
          choices={namedChoices(groups.data)}
        />
        {filtered && (
          <button type="button" className="btn btn-secondary" onClick={filters.reset}>
            Clear filters
          </button>
        )}
      </div>
      <PagedTable
        list={list}
        caption="Access grants"
        loading="Loading access grants…"
        failed={loadErrors('The access grants', 'More grants')}
        moreLabel="More grants"
        empty={
          <EmptyState
            title={filtered ? 'No access grant matches these filters.' : 'No contact holds an access grant.'}
            action={
              <Link className="btn btn-secondary" to={newLink}>
                New access grant
              </Link>
            }
          />
        }
        columns={[
          {
            header: 'Contact',
            primary: true,
            cell: (g) => <Link to={`${ACCESS}/contacts/${g.contact.id}`}>{g.contact.name}</Link>,
          },
          {
            header: 'Tickets of the members of',
            cell: (g) => <Link to={`${PERMISSIONS}/user-groups/${g.userGroup.id}`}>{g.userGroup.name}</Link>,
          },
          { header: 'Level', cell: (g) => <LevelBadge level={g.level} /> },
          { header: 'Expiry', cell: (g) => <ExpiryCell grant={g} /> },
          {
            header: 'Actions',
            cell: (g) => (
              <Link className="btn btn-secondary btn-small" to={`${PERMISSIONS}/access-grants/${g.id}`}>
                Change
                <span className="visually-hidden">
                  {' '}
                  the grant of {g.contact.name} on {g.userGroup.name}
                </span>
              </Link>
            ),
          },
        ]}
      />
    </>
  );
}
