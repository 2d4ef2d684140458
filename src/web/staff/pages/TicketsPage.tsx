// The ticket queue: filters kept in the address (so a filtered queue can be bookmarked and Back
// returns to it), newest activity first, keyset "load more".
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { DataTable, EmptyState, Field, PageHeader, useDocumentTitle, type Column } from '../../shared/ui.tsx';
import { ListMore, SearchForm, PagedList } from '../../shared/lists.tsx';
import {
  PRIORITIES,
  PriorityBadge,
  PrivateBadge,
  priorityLabel,
  STATUSES,
  statusLabel,
  TicketStatusBadge,
} from '../badges.tsx';
import { ContactCombobox, OrganizationSelect, useContactOption } from '../components/pickers.tsx';
import { staffApi } from '../session.tsx';
import type { Ticket } from '../types.ts';

type Filter = 'status' | 'priority' | 'organizationId' | 'requesterId' | 'q';

/** The status filter: open tickets unless the address says otherwise ('all' for every status). */
const statusOf = (params: URLSearchParams) => params.get('status') ?? 'open';

export function TicketsPage() {
  const [params, setParams] = useSearchParams();
  const status = statusOf(params);
  const priority = params.get('priority') ?? '';
  const organizationId = params.get('organizationId') ?? '';
  const requesterId = params.get('requesterId') ?? '';
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const requester = useContactOption(requesterId || null);
  useDocumentTitle('Tickets');

  const list = usePagedList(
    ['staff', 'tickets', status, priority, organizationId, requesterId, q],
    (cursor, signal) =>
      staffApi.get<Page<Ticket>>(
        '/api/staff/tickets',
        {
          status: status === 'all' ? undefined : status,
          priority,
          organizationId,
          requesterId,
          q,
          cursor,
          limit: 25,
        },
        signal,
      ),
  );

  const setFilter = (key: Filter, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', search.trim());
  };
  const filtered = priority || organizationId || requesterId || q || status !== 'open';
  const from = `/staff/tickets?${params.toString()}`;

  const columns: Column<Ticket>[] = [
    {
      header: 'Ticket',
      primary: true,
      cell: (t) => (
        <>
          <Link to={`/staff/tickets/${t.id}`} state={{ from }} className="ticket-link">
            <span className="item-number">#{t.number}</span>
            {t.subject}
          </Link>{' '}
          {t.private && <PrivateBadge />}
        </>
      ),
    },
    { header: 'Status', cell: (t) => <TicketStatusBadge status={t.status} /> },
    { header: 'Priority', cell: (t) => <PriorityBadge priority={t.priority} /> },
    {
      header: 'Requester',
      cell: (t) => (
        <>
          <Link to={`/staff/contacts/${t.requester.id}`}>{t.requester.name}</Link>
          <Link to={`/staff/organizations/${t.organization.id}`} className="cell-sub small org-link">
            {t.organization.name}
          </Link>
        </>
      ),
    },
    {
      header: 'Last activity',
      cell: (t) => (
        <time dateTime={t.lastActivityAt} title={formatDateTime(t.lastActivityAt)} className="nowrap">
          {formatRelative(t.lastActivityAt)}
        </time>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Tickets"
        actions={
          <Link className="btn btn-primary" to="/staff/tickets/new">
            New ticket
          </Link>
        }
      />
      <section aria-label="Filters" className="filters card">
        <div className="filter-grid">
          <Field label="Status">
            {(control) => (
              <select {...control} value={status} onChange={(e) => setFilter('status', e.target.value)}>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {statusLabel(s)}
                  </option>
                ))}
                <option value="all">All statuses</option>
              </select>
            )}
          </Field>
          <Field label="Priority">
            {(control) => (
              <select {...control} value={priority} onChange={(e) => setFilter('priority', e.target.value)}>
                <option value="">All priorities</option>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {priorityLabel(p)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Organization">
            {(control) => (
              <OrganizationSelect
                control={control}
                value={organizationId}
                emptyLabel="All organizations"
                onChange={(id) => setFilter('organizationId', id)}
              />
            )}
          </Field>
          <Field label="Requester">
            {(control) => (
              <ContactCombobox
                control={control}
                value={requester}
                onChange={(option) => setFilter('requesterId', option?.id ?? '')}
                placeholder="Anyone"
              />
            )}
          </Field>
        </div>
        <SearchForm
          onSubmit={submitSearch}
          label="Search"
          name="q"
          placeholder="Words in the subject, or #number"
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

      <h2 className="visually-hidden">Matching tickets</h2>
      <PagedList
        list={list}
        loading="Loading tickets…"
        empty={
          <EmptyState title={filtered ? 'No tickets match these filters.' : 'No open tickets.'}>
            <p>{filtered ? 'Change or reset the filters to see more.' : 'The queue is empty: well done.'}</p>
          </EmptyState>
        }
      >
        <>
          <p className="muted small" role="status">
            Showing {list.items.length} ticket{list.items.length === 1 ? '' : 's'}
            {list.hasMore ? ', most recent activity first; more below.' : ', most recent activity first.'}
          </p>
          <DataTable caption="Tickets" columns={columns} rows={list.items} rowKey={(t) => t.id} />
          <ListMore list={list} label="Load more tickets" />
        </>
      </PagedList>
    </>
  );
}
