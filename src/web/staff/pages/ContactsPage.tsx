// Contacts: search by name or e-mail, filter by organization, privilege group and status.
import { Link } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { FilterBar, useUrlFilters } from '../../shared/filters.tsx';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import { namedChoices, SelectField } from '../../shared/SelectField.tsx';
import { Badge, EmptyState, Field, PageHeader, useDocumentTitle, type Column } from '../../shared/ui.tsx';
import { DisabledBadge } from '../badges.tsx';
import { OrganizationSelect } from '../components/pickers.tsx';
import { useOrganizationIndex, usePrivilegeGroups } from '../queries.ts';
import { isAdmin, staffApi, useStaffMe } from '../session.tsx';
import type { Contact } from '../types.ts';

export function ContactsPage() {
  useDocumentTitle('Contacts');
  const me = useStaffMe();
  const admin = isAdmin(me);
  const filters = useUrlFilters();
  const filter = {
    q: filters.get('q'),
    organizationId: filters.get('organizationId'),
    privilegeGroupId: filters.get('privilegeGroupId'),
    disabled: filters.get('disabled'),
  };
  const { index } = useOrganizationIndex();
  const groups = usePrivilegeGroups(admin);
  const groupName = new Map((groups.data ?? []).map((g) => [g.id, g.name]));

  const list = usePagedList(['staff', 'contacts', 'list', filter], (cursor, signal) =>
    staffApi.get<Page<Contact>>('/api/staff/contacts', { ...filter, cursor, limit: 25 }, signal),
  );
  const filtered = Object.values(filter).some(Boolean);

  const columns: Column<Contact>[] = [
    {
      header: 'Name',
      primary: true,
      cell: (c) => (
        <>
          <Link to={`/staff/contacts/${c.id}`}>{c.name}</Link>
          {c.title && <span className="muted small cell-sub">{c.title}</span>}
        </>
      ),
    },
    { header: 'E-mail', cell: (c) => <span className="break">{c.email}</span> },
    {
      header: 'Organization',
      cell: (c) => (
        <Link to={`/staff/organizations/${c.organizationId}`}>
          {index?.byId.get(c.organizationId)?.name ?? 'Organization'}
        </Link>
      ),
    },
    ...(admin
      ? [{ header: 'Privilege group', cell: (c: Contact) => groupName.get(c.privilegeGroupId) ?? '—' }]
      : []),
    {
      header: 'Portal',
      cell: (c) =>
        c.disabled ? (
          <DisabledBadge />
        ) : c.hasPassword ? (
          <Badge tone="success">Has password</Badge>
        ) : (
          <Badge tone="warning">No password yet</Badge>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Contacts"
        subtitle="The people at your customers who use the portal."
        actions={
          <>
            <Link className="btn btn-primary" to="/staff/contacts/new">
              New contact
            </Link>
            <Link className="btn btn-secondary" to="/staff/import-export">
              Import or export CSV
            </Link>
          </>
        }
      />
      <FilterBar
        filters={filters}
        filtered={filtered}
        search={{ label: 'Search contacts', placeholder: 'Name or e-mail address' }}
      >
        <Field label="Organization">
          {(control) => (
            <OrganizationSelect
              control={control}
              value={filter.organizationId}
              onChange={(id) => filters.set({ organizationId: id })}
              emptyLabel="All organizations"
            />
          )}
        </Field>
        {admin && (
          <SelectField
            label="Privilege group"
            value={filter.privilegeGroupId}
            onChange={(id) => filters.set({ privilegeGroupId: id })}
            empty="All privilege groups"
            choices={namedChoices(groups.data)}
          />
        )}
        <SelectField
          label="Status"
          value={filter.disabled}
          onChange={(value) => filters.set({ disabled: value })}
          empty="Enabled and disabled"
          choices={[
            ['false', 'Enabled only'],
            ['true', 'Disabled only'],
          ]}
        />
      </FilterBar>
      <h2 className="visually-hidden">Matching contacts</h2>
      <PagedTable
        list={list}
        caption="Contacts"
        columns={columns}
        loading="Loading contacts…"
        moreLabel="Load more contacts"
        empty={
          <EmptyState title={filtered ? 'No contacts match.' : 'No contacts yet.'}>
            <p>{filtered ? 'Change or reset the filters.' : 'Create one, or import a CSV file.'}</p>
          </EmptyState>
        }
      />
    </>
  );
}
