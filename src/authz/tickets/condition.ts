import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ContactActor } from '../actor.ts';
import type { Privilege } from '../privileges.ts';
import type { ScopeLevel } from '../../db/schema.ts';
import {
  FALSE,
  notPrivate,
  TICKET_PATHS,
  type Evaluation,
  type TicketListPath,
  type TicketView,
} from './paths.ts';

export type { Evaluation, TicketListPath, TicketView } from './paths.ts';

/**
 * The one definition of which tickets a contact may see and write (permission-model §6), as SQL
 * conditions over a tickets row (alias `t` by default), composed from the paths of
 * tickets/paths.ts. Lists, single reads, counts and writes all AND these into their queries;
 * nothing is filtered in JavaScript.
 */

/** Holds tickets.view and may use the tickets module: the gate before any ticket path. */
export function canUseTickets(actor: ContactActor): boolean {
  return actor.privileges.has('tickets.view') && actor.modules.has('tickets');
}

const or = (conditions: Expression<SqlBool>[]) => sql.join(conditions, sql` or `);

/** The tickets some path reaches at one of the levels: private ones only through a path that reaches them. */
function reached(
  actor: ContactActor,
  t: string,
  levels: readonly ScopeLevel[],
  evaluation: Evaluation,
): Expression<SqlBool> {
  if (!canUseTickets(actor)) return FALSE;
  const forms = (reachesPrivate: boolean) =>
    TICKET_PATHS.filter((p) => p.reachesPrivate === reachesPrivate).map((p) =>
      p.condition(actor, t, levels, evaluation),
    );
  return sql<SqlBool>`(${or(forms(true))} or (${notPrivate(t)} and (${or(forms(false))})))`;
}

/** May the contact see the ticket? */
export function visibleTickets(
  actor: ContactActor,
  t = 't',
  evaluation: Evaluation = 'row',
): Expression<SqlBool> {
  return reached(actor, t, ['read', 'write'], evaluation);
}

/** May the contact write the ticket (the precondition of reply, edit, close, priority, asset, upload)? The strongest path wins. */
export function writableTickets(actor: ContactActor, t = 't'): Expression<SqlBool> {
  return reached(actor, t, ['write'], 'row');
}

/** `writableTickets` as a selectable boolean column. */
export function writableColumn(actor: ContactActor, t = 't'): RawBuilder<boolean> {
  return sql<boolean>`${writableTickets(actor, t)}`;
}

/** The views a contact has (permission-model §6, Web+Center's group case views): one per path it has, then all. */
export function availableViews(actor: ContactActor): TicketView[] {
  if (!canUseTickets(actor)) return [];
  const own = TICKET_PATHS.flatMap((p) => (p.view?.available(actor) ? [p.view.name] : []));
  return [...new Set(own), 'all'];
}

/** The condition of one view; every view lies inside visibleTickets. */
export function ticketsInView(
  actor: ContactActor,
  view: TicketView,
  t = 't',
  evaluation: Evaluation = 'row',
): Expression<SqlBool> {
  if (!availableViews(actor).includes(view)) return FALSE;
  if (view === 'all') return visibleTickets(actor, t, evaluation);
  const conditions = TICKET_PATHS.flatMap((p) =>
    p.view?.name === view && p.view.available(actor) ? [p.view.condition(actor, t, evaluation)] : [],
  );
  return conditions.length ? sql<SqlBool>`(${or(conditions)})` : FALSE;
}

/**
 * ticketsInView(view) as the separate paths whose union it is, for lists: own tickets, the
 * tickets it participates in, the organization scope, the grants. A list runs each path as its own keyset query, so each gets
 * the plan that suits it (an index per path; for a set of keys, starting from the keys when they
 * are few and from the activity order when they are many) instead of one plan testing every
 * ticket against an OR. No paths: the contact sees nothing in this view.
 */
export function ticketListPaths(actor: ContactActor, view: TicketView, t = 't'): TicketListPath[] {
  if (!availableViews(actor).includes(view)) return [];
  if (view === 'all') return TICKET_PATHS.flatMap((p) => p.list(actor, t, true));
  return TICKET_PATHS.filter((p) => p.view?.name === view && p.view.available(actor)).flatMap((p) =>
    p.list(actor, t, false),
  );
}

export type TicketAbilities = {
  reply: boolean;
  editDescription: boolean;
  close: boolean;
  reopen: boolean;
  changePriority: boolean;
  setAsset: boolean;
  upload: boolean;
  setPrivate: boolean;
};

/**
 * What the contact may do on one visible ticket, from its write flag (computed in the same SQL
 * as the read, via writableTickets) and its privileges.
 */
export function ticketAbilities(
  actor: ContactActor,
  ticket: { writable: boolean; status: string; requesterId: string },
): TicketAbilities {
  const may = (p: Privilege) => ticket.writable && actor.privileges.has(p);
  // Resolved counts as closed for the contact: it may reopen it, not close it again.
  const closed = ticket.status === 'closed' || ticket.status === 'resolved';
  return {
    reply: may('tickets.reply'),
    editDescription: may('tickets.edit_description'),
    close: may('tickets.close') && !closed,
    reopen: may('tickets.close') && closed,
    changePriority: may('tickets.priority.edit') && actor.privileges.has('tickets.priority.view'),
    setAsset: may('tickets.asset.edit') && actor.privileges.has('assets.view') && actor.modules.has('assets'),
    upload: may('attachments.upload'),
    setPrivate: ticket.requesterId === actor.id,
  };
}

/**
 * In a read-only "view portal as": what the contact itself may do with the ticket, which the view
 * hides (undefined otherwise). Only told, never allowed: the actor's privileges stay read-only.
 */
export function contactOwnAbilities(
  actor: ContactActor,
  ticket: { writable: boolean; status: string; requesterId: string },
): TicketAbilities | undefined {
  if (!actor.hiddenByReadOnly) return undefined;
  const privileges = new Set([...actor.privileges, ...actor.hiddenByReadOnly]);
  return ticketAbilities({ ...actor, privileges }, ticket);
}
