// Contacts: search by name or e-mail, filter by organization, privilege group and status.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { usePagedList } from '../../shared/paging.ts';
import {
  Badge,
  DataTable,
  EmptyState,
  Field,
  PageHeader,
  useDocumentTitle,
  type Column,
} from '../../shared/ui.tsx';
import { ListMore, SearchForm, PagedList } from '../../shared/lists.tsx';
import { DisabledBadge } from '../badges.tsx';
import { OrganizationSelect } from '../components/pickers.tsx';
import { useOrganizationIndex, usePrivilegeGroups } from '../queries.ts';
import { isAdmin, staffApi, useStaffMe } from '../session.tsx';
import type { Contact } from '../types.ts';

export function ContactsPage() {
  useDocumentTitle('Contacts');
  const me = useStaffMe();
  const admin = isAdmin(me);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const organizationId = params.get('organizationId') ?? '';
  const privilegeGroupId = params.get('privilegeGroupId') ?? '';
  const disabled = params.get('disabled') ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const { index } = useOrganizationIndex();
  const groups = usePrivilegeGroups(admin);
  const groupName = new Map((groups.data ?? []).map((g) => [g.id, g.name]));

  const filter = { q, organizationId, privilegeGroupId, disabled };
  const list = usePagedList(['staff', 'contacts', 'list', filter], (cursor, signal) =>
    staffApi.get<Page<Contact>>('/api/staff/contacts', { ...filter, cursor, limit: 25 }, signal),
  );
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', search.trim());
  };
  const filtered = Boolean(q || organizationId || privilegeGroupId || disabled);

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
      <section aria-label="Filters" className="filters card">
        <div className="filter-grid">
          <Field label="Organization">
            {(control) => (
              <OrganizationSelect
                control={control}
                value={organizationId}
                onChange={(id) => setFilter('organizationId', id)}
                emptyLabel="All organizations"
              />
            )}
          </Field>
          {admin && (
            <Field label="Privilege group">
              {(control) => (
                <select
                  {...control}
                  value={privilegeGroupId}
                  onChange={(e) => setFilter('privilegeGroupId', e.target.value)}
                >
                  <option value="">All privilege groups</option>
                  {(groups.data ?? []).map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label="Status">
            {(control) => (
              <select {...control} value={disabled} onChange={(e) => setFilter('disabled', e.target.value)}>
                <option value="">Enabled and disabled</option>
                <option value="false">Enabled only</option>
                <option value="true">Disabled only</option>
              </select>
            )}
          </Field>
        </div>
        <SearchForm
          onSubmit={submitSearch}
          label="Search contacts"
          placeholder="Name or e-mail address"
          value={search}
          onChange={setSearch}
        >
          {filtered && (
            <button
              type="button"
              className="btn btn-link"
              onClick={() => setParams(new URLSearchParams(), { replace: true })}
            >
              Reset filters
            </button>
          )}
        </SearchForm>
      </section>
      <h2 className="visually-hidden">Matching contacts</h2>
      <PagedList
        list={list}
        loading="Loading contacts…"
        empty={
          <EmptyState title={filtered ? 'No contacts match.' : 'No contacts yet.'}>
            <p>{filtered ? 'Change or reset the filters.' : 'Create one, or import a CSV file.'}</p>
          </EmptyState>
        }
      >
        <>
          <DataTable caption="Contacts" columns={columns} rows={list.items} rowKey={(c) => c.id} />
          <ListMore list={list} label="Load more contacts" />
        </>
      </PagedList>
    </>
  );
}
