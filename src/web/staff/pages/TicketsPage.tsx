// The ticket queue: filters kept in the address (so a filtered queue can be bookmarked and Back
// returns to it), newest activity first, keyset "load more".
import { Link } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { FilterBar, useUrlFilters } from '../../shared/filters.tsx';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import { SelectField, type Choice } from '../../shared/SelectField.tsx';
import { EmptyState, Field, PageHeader, useDocumentTitle, type Column } from '../../shared/ui.tsx';
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
import { Snippet } from '../../shared/Snippet.tsx';
import type { Ticket, TicketHit } from '../types.ts';

export function TicketsPage() {
  const filters = useUrlFilters();
  // Open tickets unless the address says otherwise ('all' for every status).
  const status = filters.get('status', 'open');
  const priority = filters.get('priority');
  const organizationId = filters.get('organizationId');
  const requesterId = filters.get('requesterId');
  const q = filters.get('q');
  const requester = useContactOption(requesterId || null);
  useDocumentTitle('Tickets');

  const list = usePagedList(
    ['staff', 'tickets', status, priority, organizationId, requesterId, q],
    // With words: the full-text search (subject, description, conversation, internal notes),
    // best match first with a highlighted excerpt; without: newest activity first.
    (cursor, signal) =>
      staffApi.get<Page<Ticket | TicketHit>>(
        q ? '/api/staff/tickets/search' : '/api/staff/tickets',
        {
          status: status === 'all' ? undefined : status,
          priority,
          organizationId,
          requesterId,
          q: q || undefined,
          cursor,
          limit: 25,
        },
        signal,
      ),
  );

  const filtered = Boolean(priority || organizationId || requesterId || q || status !== 'open');
  const from = `/staff/tickets?${filters.params.toString()}`;

  const columns: Column<Ticket | TicketHit>[] = [
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
          {'snippet' in t && t.snippet.source !== 'subject' && <Snippet snippet={t.snippet} />}
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
      <FilterBar
        filters={filters}
        filtered={filtered}
        search={{ label: 'Search', name: 'q', placeholder: 'Words (conversation and notes too), or #number' }}
      >
        <SelectField
          label="Status"
          value={status}
          onChange={(value) => filters.set({ status: value })}
          choices={[...STATUSES.map((s): Choice => [s, statusLabel(s)]), ['all', 'All statuses']]}
        />
        <SelectField
          label="Priority"
          value={priority}
          onChange={(value) => filters.set({ priority: value })}
          empty="All priorities"
          choices={PRIORITIES.map((p) => [p, priorityLabel(p)])}
        />
        <Field label="Organization">
          {(control) => (
            <OrganizationSelect
              control={control}
              value={organizationId}
              emptyLabel="All organizations"
              onChange={(id) => filters.set({ organizationId: id })}
            />
          )}
        </Field>
        <Field label="Requester">
          {(control) => (
            <ContactCombobox
              control={control}
              value={requester}
              onChange={(option) => filters.set({ requesterId: option?.id ?? '' })}
              placeholder="Anyone"
            />
          )}
        </Field>
      </FilterBar>

      <h2 className="visually-hidden">Matching tickets</h2>
      <PagedTable
        list={list}
        caption="Tickets"
        columns={columns}
        loading="Loading tickets…"
        moreLabel="Load more tickets"
        empty={
          <EmptyState title={filtered ? 'No tickets match these filters.' : 'No open tickets.'}>
            <p>{filtered ? 'Change or reset the filters to see more.' : 'The queue is empty: well done.'}</p>
          </EmptyState>
        }
      >
        <p className="muted small" role="status">
          Showing {list.items.length} ticket{list.items.length === 1 ? '' : 's'}
          {q ? ', best match first' : ', most recent activity first'}
          {list.hasMore ? '; more below.' : '.'}
        </p>
      </PagedTable>
    </>
  );
}
