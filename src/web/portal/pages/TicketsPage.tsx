import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { formatRelative, formatDateTime } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { EmptyState, Field, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { ListMore, SearchForm, PagedList } from '../../shared/lists.tsx';
import { PriorityBadge, PrivateBadge, TicketStatusBadge } from '../badges.tsx';
import { can, portalApi, useMe } from '../session.tsx';
import { Snippet } from '../../shared/Snippet.tsx';
import type { Me, TicketCounts, TicketHit, TicketSort, TicketSummary, TicketView } from '../types.ts';

type StatusFilter = 'open' | 'all' | 'closed';
export type ViewOption = { view: TicketView; status: StatusFilter; label: string; group: string };

const STATUSES: StatusFilter[] = ['open', 'all', 'closed'];

/**
 * Exactly the views the contact has: its own tickets always; the organization views with an
 * organization scope; the group views (Web+Center's "All … Group Cases") with an access grant.
 */
export function viewOptions(me: Me): ViewOption[] {
  const out: ViewOption[] = [];
  const labels: Record<'mine' | 'organization' | 'groups', [string, Record<StatusFilter, string>]> = {
    mine: ['My tickets', { open: 'My open tickets', all: 'My tickets', closed: 'My closed tickets' }],
    organization: [
      me.ticketScope === 'organization_tree'
        ? 'My organization and its sub-organizations'
        : 'My organization',
      {
        open: 'All open organization cases',
        all: 'All organization cases',
        closed: 'All closed organization cases',
      },
    ],
    groups: [
      'Groups I follow',
      { open: 'All open group cases', all: 'All group cases', closed: 'All closed group cases' },
    ],
  };
  for (const view of ['mine', 'organization', 'groups'] as const) {
    if (!me.views.includes(view)) continue;
    const [group, byStatus] = labels[view];
    for (const status of STATUSES) out.push({ view, status, label: byStatus[status], group });
  }
  return out;
}

const keyOf = (o: { view: string; status: string }) => `${o.view}:${o.status}`;

/**
 * Where the list opens without a view in the address: a manager (organization scope) or a super
 * customer (group grants) lands on the broadest of its shared views' open tickets, the organization
 * before the groups; everyone else on its own open tickets.
 */
function landing(options: ViewOption[]): ViewOption | undefined {
  const open = (view: TicketView) => options.find((o) => o.view === view && o.status === 'open');
  return open('organization') ?? open('groups') ?? options[0];
}

const SORTS: [TicketSort, string][] = [
  ['activity', 'Recently updated'],
  ['activity_asc', 'Least recently updated'],
  ['newest', 'Newest tickets'],
  ['oldest', 'Oldest tickets'],
];

const formatCount = (c: { count: number; more: boolean }) =>
  `${c.count.toLocaleString('en')}${c.more ? '+' : ''}`;

/** One button per view of the contact, with its open and closed counts (capped: "1,000+"). */
function ViewTabs(props: {
  options: ViewOption[];
  current: ViewOption;
  counts: TicketCounts | undefined;
  onChange: (key: string) => void;
}) {
  const views = [...new Map(props.options.map((o) => [o.view, o])).values()];
  if (views.length < 2) return null;
  return (
    <nav aria-label="Views" className="view-tabs">
      {views.map((o) => {
        const counts = props.counts?.items.find((c) => c.view === o.view);
        const selected = o.view === props.current.view;
        return (
          <button
            key={o.view}
            type="button"
            className={`btn btn-small ${selected ? 'btn-primary' : 'btn-secondary'}`}
            aria-pressed={selected}
            onClick={() => props.onChange(keyOf({ view: o.view, status: props.current.status }))}
          >
            {o.group}
            {counts && (
              <span className="view-tab-counts">
                {formatCount(counts.open)} open, {formatCount(counts.closed)} closed
              </span>
            )}
          </button>
        );
      })}
    </nav>
  );
}

type Narrow = (filter: 'requester' | 'organization', ref: { id: string; name: string }) => void;

function TicketItem(props: {
  ticket: TicketSummary | TicketHit;
  me: Me;
  from: string;
  /** Offered on shared views: show only this requester's (organization's) tickets. */
  narrow?: Narrow | undefined;
}) {
  const { ticket, me, from, narrow } = props;
  return (
    <li>
      <div className="item-title">
        <Link to={`/portal/tickets/${ticket.id}`} state={{ from }}>
          <span className="item-number">#{ticket.number}</span>
          {ticket.subject}
        </Link>
      </div>
      {'snippet' in ticket && ticket.snippet.source !== 'subject' && <Snippet snippet={ticket.snippet} />}
      <div className="item-meta">
        <span className="item-badges">
          <TicketStatusBadge status={ticket.status} />
          {ticket.priority && <PriorityBadge priority={ticket.priority} />}
          {ticket.private && <PrivateBadge />}
        </span>
        {ticket.requester.id !== me.contact.id &&
          (narrow ? (
            <button
              type="button"
              className="btn btn-link"
              title={`Show only tickets from ${ticket.requester.name}`}
              onClick={() => narrow('requester', ticket.requester)}
            >
              From {ticket.requester.name}
            </button>
          ) : (
            <span>From {ticket.requester.name}</span>
          ))}
        {(ticket.organization.id !== me.organization.id || narrow) &&
          (narrow ? (
            <button
              type="button"
              className="btn btn-link"
              title={`Show only tickets of ${ticket.organization.name}`}
              onClick={() => narrow('organization', ticket.organization)}
            >
              {ticket.organization.name}
            </button>
          ) : (
            <span>{ticket.organization.name}</span>
          ))}
        <span title={formatDateTime(ticket.lastActivityAt)}>
          Updated {formatRelative(ticket.lastActivityAt)}
        </span>
      </div>
    </li>
  );
}

export function TicketsPage() {
  const me = useMe();
  const options = viewOptions(me);
  const [params, setParams] = useSearchParams();
  const requested = options.find((o) => keyOf(o) === `${params.get('view')}:${params.get('status')}`);
  const current = requested ?? landing(options);
  const q = params.get('q') ?? '';
  // Shared views narrow to a requester or an organization and sort; the names travel in the
  // address only to label the filter (the list is filtered by the ids, inside the view's scope).
  const shared = current !== undefined && current.view !== 'mine';
  const requesterId = (shared && params.get('requesterId')) || undefined;
  const organizationId = (shared && params.get('organizationId')) || undefined;
  const sort = (SORTS.find(([value]) => value === params.get('sort'))?.[0] ?? 'activity') as TicketSort;
  const counts = useQuery({
    queryKey: ['portal', 'tickets', 'counts', requesterId, organizationId],
    queryFn: ({ signal }) =>
      portalApi.get<TicketCounts>('/api/portal/tickets/counts', { requesterId, organizationId }, signal),
    enabled: options.some((o) => o.view !== 'mine'),
    staleTime: 30_000,
  });
  const [search, setSearch] = useState(q);
  // Back and forward change the URL's search: the box follows it.
  useEffect(() => setSearch(q), [q]);
  useDocumentTitle(current?.label ?? 'Tickets');

  const list = usePagedList(
    ['portal', 'tickets', current?.view, current?.status, q, requesterId, organizationId, sort],
    // With words: the full-text search (subject, description and the conversation), best match
    // first with a highlighted excerpt; without: the view, newest activity first.
    (cursor, signal) =>
      portalApi.get<Page<TicketSummary | TicketHit>>(
        q ? '/api/portal/tickets/search' : '/api/portal/tickets',
        q
          ? { view: current?.view, status: current?.status, q, cursor, limit: 25 }
          : {
              view: current?.view,
              status: current?.status,
              requesterId,
              organizationId,
              sort,
              cursor,
              limit: 25,
            },
        signal,
      ),
    { enabled: current !== undefined },
  );

  const setView = (key: string) => {
    const option = options.find((o) => keyOf(o) === key);
    if (!option) return;
    const next = new URLSearchParams(params);
    next.set('view', option.view);
    next.set('status', option.status);
    setParams(next);
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (current) {
      next.set('view', current.view);
      next.set('status', current.status);
    }
    if (search.trim()) next.set('q', search.trim());
    else next.delete('q');
    setParams(next);
  };
  const narrow: Narrow = (filter, ref) => {
    const next = new URLSearchParams(params);
    if (current) {
      next.set('view', current.view);
      next.set('status', current.status);
    }
    next.set(`${filter}Id`, ref.id);
    next.set(`${filter}Name`, ref.name);
    setParams(next);
  };
  const clearFilter = (filter: 'requester' | 'organization') => {
    const next = new URLSearchParams(params);
    next.delete(`${filter}Id`);
    next.delete(`${filter}Name`);
    setParams(next);
  };
  const setSort = (value: string) => {
    const next = new URLSearchParams(params);
    if (current) {
      next.set('view', current.view);
      next.set('status', current.status);
    }
    if (value === 'activity') next.delete('sort');
    else next.set('sort', value);
    setParams(next);
  };
  const clearSearch = () => {
    setSearch('');
    const next = new URLSearchParams(params);
    next.delete('q');
    setParams(next);
  };

  const newTicket = can(me, 'tickets.create') ? (
    <Link className="btn btn-primary" to="/portal/tickets/new">
      New ticket
    </Link>
  ) : null;

  if (!current) {
    return (
      <>
        <PageHeader title="Tickets" />
        <EmptyState title="Tickets are not available for your account.">
          <p>Ask your administrator if you need to see or open tickets.</p>
        </EmptyState>
      </>
    );
  }

  const groups = [...new Set(options.map((o) => o.group))];
  return (
    <>
      <PageHeader title="Tickets" actions={newTicket} />
      <ViewTabs options={options} current={current} counts={counts.data} onChange={setView} />
      <div className="toolbar">
        <Field label="View" className="view-field">
          {(control) => (
            <select {...control} value={keyOf(current)} onChange={(e) => setView(e.target.value)}>
              {groups.map((group) => (
                <optgroup key={group} label={group}>
                  {options
                    .filter((o) => o.group === group)
                    .map((o) => (
                      <option key={keyOf(o)} value={keyOf(o)}>
                        {o.label}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <SearchForm
          className="grow"
          onSubmit={submitSearch}
          label="Search tickets"
          name="q"
          placeholder='Words, "a phrase", or #number'
          value={search}
          onChange={setSearch}
        ></SearchForm>
        {shared && !q && (
          <Field label="Sort" className="view-field">
            {(control) => (
              <select {...control} value={sort} onChange={(e) => setSort(e.target.value)}>
                {SORTS.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      {(requesterId || organizationId) && (
        <ul className="filter-chips" aria-label="Filters">
          {(['requester', 'organization'] as const).map((filter) =>
            (filter === 'requester' ? requesterId : organizationId) ? (
              <li key={filter}>
                {filter === 'requester' ? 'From ' : 'Organization: '}
                {params.get(`${filter}Name`) ?? 'selected'}{' '}
                <button
                  type="button"
                  className="btn btn-link"
                  aria-label={`Remove the ${filter} filter`}
                  onClick={() => clearFilter(filter)}
                >
                  ✕
                </button>
              </li>
            ) : null,
          )}
        </ul>
      )}

      <h2 className="visually-hidden">{current.label}</h2>
      {q && (
        <p className="muted" role="status">
          Showing tickets matching “{q}”, best match first.{' '}
          <button type="button" className="btn btn-link" onClick={clearSearch}>
            Clear search
          </button>
        </p>
      )}
      <PagedList
        list={list}
        loading="Loading tickets…"
        empty={
          q ? (
            <EmptyState title={`No tickets match “${q}”.`}>
              <p>Try other words, or a ticket number such as #123.</p>
            </EmptyState>
          ) : (
            <EmptyState
              title={`Nothing in “${current.label}”.`}
              action={current.view === 'mine' ? newTicket : undefined}
            >
              {current.view === 'mine' && current.status !== 'closed' && newTicket && (
                <p>When you need help, open a ticket and we will answer here.</p>
              )}
            </EmptyState>
          )
        }
      >
        <>
          <ul className="item-list" aria-label={current.label}>
            {list.items.map((ticket) => (
              <TicketItem
                key={ticket.id}
                ticket={ticket}
                me={me}
                from={`/portal/tickets?${params.toString()}`}
                narrow={shared ? narrow : undefined}
              />
            ))}
          </ul>
          <ListMore list={list} label="Load more tickets" />
        </>
      </PagedList>
    </>
  );
}
