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
import type { Me, TicketHit, TicketSummary, TicketView } from '../types.ts';

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

function TicketItem({ ticket, me, from }: { ticket: TicketSummary | TicketHit; me: Me; from: string }) {
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
        {ticket.requester.id !== me.contact.id && <span>From {ticket.requester.name}</span>}
        {ticket.organization.id !== me.organization.id && <span>{ticket.organization.name}</span>}
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
  const current = requested ?? options[0];
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  // Back and forward change the URL's search: the box follows it.
  useEffect(() => setSearch(q), [q]);
  useDocumentTitle(current?.label ?? 'Tickets');

  const list = usePagedList(
    ['portal', 'tickets', current?.view, current?.status, q],
    // With words: the full-text search (subject, description and the conversation), best match
    // first with a highlighted excerpt; without: the view, newest activity first.
    (cursor, signal) =>
      portalApi.get<Page<TicketSummary | TicketHit>>(
        q ? '/api/portal/tickets/search' : '/api/portal/tickets',
        { view: current?.view, status: current?.status, q: q || undefined, cursor, limit: 25 },
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
      </div>

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
              />
            ))}
          </ul>
          <ListMore list={list} label="Load more tickets" />
        </>
      </PagedList>
    </>
  );
}
