// The ticket queue: the desk's queues as tabs (Mine, Unassigned, My teams, Waiting on us, Waiting
// on the customer, Breaching, All), filters kept in the address (so a filtered queue can be bookmarked and
// Back returns to it), newest activity first, keyset "load more", and bulk actions on a selection.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { FilterBar, useUrlFilters } from '../../shared/filters.tsx';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import { SelectField, type Choice } from '../../shared/SelectField.tsx';
import {
  EmptyState,
  ErrorMessage,
  Field,
  PageHeader,
  useDocumentTitle,
  type Column,
} from '../../shared/ui.tsx';
import {
  PRIORITIES,
  PriorityBadge,
  PrivateBadge,
  priorityLabel,
  SlaDueBadge,
  STATUSES,
  statusLabel,
  TicketStatusBadge,
} from '../badges.tsx';
import { ContactCombobox, OrganizationSelect, useContactOption } from '../components/pickers.tsx';
import { isAdmin, staffApi, useStaffMe } from '../session.tsx';
import { Snippet } from '../../shared/Snippet.tsx';
import type { Ticket, TicketBulkAction, TicketHit, TicketQueue } from '../types.ts';

/** The queues, in tab order. Breaching: SLA due times past or near, soonest first. */
const QUEUES: Array<[TicketQueue | '', string]> = [
  ['', 'Open'],
  ['mine', 'Mine'],
  ['unassigned', 'Unassigned'],
  ['my_teams', 'My teams'],
  ['waiting_on_us', 'Waiting on us'],
  ['waiting_on_customer', 'Waiting on the customer'],
  ['breaching', 'Breaching'],
  ['all', 'All'],
];

function QueueTabs({ queue, onChange }: { queue: string; onChange: (queue: string) => void }) {
  const me = useStaffMe();
  return (
    <nav aria-label="Queues" className="queue-tabs">
      {QUEUES.filter(([q]) => q !== 'all' || isAdmin(me)).map(([q, label]) => (
        <button
          key={q || 'open'}
          type="button"
          className={`btn btn-small ${queue === q ? 'btn-primary' : 'btn-secondary'}`}
          aria-pressed={queue === q}
          onClick={() => onChange(q)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}

/** Assign to me, status or priority on every selected ticket: all or nothing (the API checks each). */
function BulkBar({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const me = useStaffMe();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const bulk = useMutation({
    mutationFn: (set: TicketBulkAction['set']) =>
      staffApi.post('/api/staff/tickets/bulk', { ids: selected, set }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['staff', 'tickets'] });
      onDone();
    },
  });
  if (selected.length === 0) return null;
  return (
    <div className="bulk-bar card" role="region" aria-label="Bulk actions">
      <p>
        {selected.length} ticket{selected.length === 1 ? '' : 's'} selected
      </p>
      <button type="button" className="btn btn-secondary" onClick={() => bulk.mutate({ assigneeId: me.id })}>
        Assign to me
      </button>
      <SelectField
        label="Set status"
        value={status}
        empty="Status…"
        onChange={(v) => {
          setStatus(v);
          if (v) bulk.mutate({ status: v as Ticket['status'] });
        }}
        choices={STATUSES.map((s): Choice => [s, statusLabel(s)])}
      />
      <SelectField
        label="Set priority"
        value={priority}
        empty="Priority…"
        onChange={(v) => {
          setPriority(v);
          if (v) bulk.mutate({ priority: v as Ticket['priority'] });
        }}
        choices={PRIORITIES.map((p): Choice => [p, priorityLabel(p)])}
      />
      {bulk.isError && <ErrorMessage error={bulk.error} />}
    </div>
  );
}

export function TicketsPage() {
  const filters = useUrlFilters();
  const queue = filters.get('queue');
  // Open tickets unless the address says otherwise ('all' for every status); a queue says which
  // statuses it holds itself.
  const status = filters.get('status', queue ? 'all' : 'open');
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const priority = filters.get('priority');
  const organizationId = filters.get('organizationId');
  const requesterId = filters.get('requesterId');
  const q = filters.get('q');
  const requester = useContactOption(requesterId || null);
  useDocumentTitle('Tickets');

  const list = usePagedList(
    ['staff', 'tickets', queue, status, priority, organizationId, requesterId, q],
    // With words: the full-text search (subject, description, conversation, internal notes),
    // best match first with a highlighted excerpt; without: newest activity first.
    (cursor, signal) =>
      staffApi.get<Page<Ticket | TicketHit>>(
        q ? '/api/staff/tickets/search' : '/api/staff/tickets',
        {
          queue: queue || undefined,
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

  const filtered = Boolean(
    priority || organizationId || requesterId || q || status !== (queue ? 'all' : 'open'),
  );
  const from = `/staff/tickets?${filters.params.toString()}`;

  const columns: Column<Ticket | TicketHit>[] = [
    {
      header: 'Select',
      cell: (t) => (
        <input
          type="checkbox"
          aria-label={`Select #${t.number}`}
          checked={selected.includes(t.id)}
          onChange={() => toggle(t.id)}
        />
      ),
    },
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
    { header: 'SLA', cell: (t) => <SlaDueBadge dueAt={t.sla.nextDueAt} /> },
    {
      header: 'Team / assignee',
      cell: (t) => (
        <>
          {t.assignee ? t.assignee.name : <span className="muted">Unassigned</span>}
          {t.team && <span className="cell-sub small">{t.team.name}</span>}
        </>
      ),
    },
    {
      header: 'Last spoke',
      cell: (t) =>
        t.lastSpoke === 'customer' ? (
          <span className="badge">Customer</span>
        ) : t.lastSpoke === 'staff' ? (
          <span className="muted">Staff</span>
        ) : (
          <span className="muted">–</span>
        ),
    },
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
      <QueueTabs queue={queue} onChange={(value) => filters.set({ queue: value, status: '' })} />
      <BulkBar selected={selected} onDone={() => setSelected([])} />
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
