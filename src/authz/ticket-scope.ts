import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ContactActor } from './actor.ts';
import type { Privilege } from './privileges.ts';
import type { ScopeLevel } from '../db/schema.ts';
import { memberOfGrantedGroup, membersOfGrantedGroups } from './membership.ts';
import type { GrantReach } from './portal-access.ts';

/**
 * The one definition of which tickets a contact may see and write (permission-model §6), as SQL
 * conditions over a tickets row (alias `t` by default). Lists, single reads, counts and writes
 * all AND these into their queries; nothing is filtered in JavaScript.
 */

const FALSE = sql<SqlBool>`false`;
const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

export type TicketView = 'mine' | 'organization' | 'groups' | 'all';

function canUseTickets(actor: ContactActor): boolean {
  return actor.privileges.has('tickets.view') && actor.modules.has('tickets');
}

function own(actor: ContactActor, t: string): Expression<SqlBool> {
  return sql<SqlBool>`${col(t, 'requester_id')} = ${actor.id}::uuid`;
}

/** The organizations of the contact's ticket scope; none for scope `own`. */
function scopeOrganizations(actor: ContactActor, t: string): Expression<SqlBool> {
  switch (actor.ticketScope) {
    case 'own':
      return FALSE;
    case 'organization':
      return sql<SqlBool>`${col(t, 'organization_id')} = ${actor.organizationId}::uuid`;
    case 'organization_tree':
      return sql<SqlBool>`${col(t, 'organization_id')} in (
        select oc.descendant_id from organization_closure oc where oc.ancestor_id = ${actor.organizationId}::uuid)`;
  }
}

/** What the contact's grants at these levels reach: the strongest of them. */
function reach(actor: ContactActor, levels: readonly ScopeLevel[]): GrantReach {
  const reaches = levels.map((level) => actor.grants[level]);
  return reaches.includes('everyone') ? 'everyone' : reaches.includes('groups') ? 'groups' : 'none';
}

/**
 * How a condition will be evaluated: `row`, on a few tickets (a single read, a write, a list
 * walking the activity index, a check); `bulk`, over many tickets at once (a count over the whole
 * table). The answer is the same; the grant test differs in shape: per ticket, a probe from the
 * requester's few groups; in bulk, the granted groups' members as a set PostgreSQL hashes once.
 */
export type Evaluation = 'row' | 'bulk';

/** Tickets whose requester is a member of a group the contact holds an unexpired grant on, at one of the levels. */
function throughGrants(
  actor: ContactActor,
  t: string,
  levels: readonly ScopeLevel[],
  evaluation: Evaluation = 'row',
): Expression<SqlBool> {
  switch (reach(actor, levels)) {
    case 'none':
      return FALSE;
    case 'everyone':
      // Every contact is a member of an always-group: such a grant reaches every requester.
      return sql<SqlBool>`true`;
    case 'groups': {
      const requester = sql.ref<string>(`${t}.requester_id`);
      return evaluation === 'row'
        ? memberOfGrantedGroup(requester, actor.id, levels)
        : sql<SqlBool>`${requester} in (select m.contact_id from ${membersOfGrantedGroups(actor.id, levels)} m)`;
    }
  }
}

const notPrivate = (t: string) => sql<SqlBool>`not ${col(t, 'private')}`;

/** May the contact see the ticket? */
export function visibleTickets(
  actor: ContactActor,
  t = 't',
  evaluation: Evaluation = 'row',
): Expression<SqlBool> {
  if (!canUseTickets(actor)) return FALSE;
  return sql<SqlBool>`(${own(actor, t)} or (${notPrivate(t)} and (${scopeOrganizations(actor, t)} or ${throughGrants(actor, t, ['read', 'write'], evaluation)})))`;
}

/**
 * One way a list reaches tickets (see ticketListPaths). `where`: a condition one index serves
 * directly (own tickets, one organization). `keyed`: the ticket's `column` is one of `keys` (the
 * organizations of a tree, the members of granted groups: a set that may hold five ids or fifty
 * thousand, as rows `key` that may repeat); `member` is the same test for one row, and
 * `condition` holds on top.
 */
export type TicketListPath =
  | { kind: 'where'; condition: Expression<SqlBool> }
  | {
      kind: 'keyed';
      column: 'requester_id' | 'organization_id';
      keys: RawBuilder<{ key: string }>;
      /** The table the keys come from, whose size tells "few" keys from "many". */
      keyTable: 'contacts' | 'organizations';
      /** Names the key set (the tree's root, or the granted groups), for remembering its size. */
      keySet: string;
      member: Expression<SqlBool>;
      condition: Expression<SqlBool>;
    };

function scopePath(actor: ContactActor, t: string, condition: Expression<SqlBool>): TicketListPath[] {
  if (actor.ticketScope === 'own') return [];
  if (actor.ticketScope === 'organization')
    return [{ kind: 'where', condition: sql<SqlBool>`(${scopeOrganizations(actor, t)} and ${condition})` }];
  return [
    {
      kind: 'keyed',
      column: 'organization_id',
      keys: sql<{ key: string }>`(select oc.descendant_id as key from organization_closure oc
        where oc.ancestor_id = ${actor.organizationId}::uuid)`,
      keyTable: 'organizations',
      keySet: `tree:${actor.organizationId}`,
      member: scopeOrganizations(actor, t),
      condition,
    },
  ];
}

function grantsPath(actor: ContactActor, t: string): TicketListPath[] {
  const levels = ['read', 'write'] as const;
  const reached = reach(actor, levels);
  if (reached === 'none') return [];
  if (reached === 'everyone') return [{ kind: 'where', condition: notPrivate(t) }];
  return [
    {
      kind: 'keyed',
      column: 'requester_id',
      keys: sql<{
        key: string;
      }>`(select m.contact_id as key from ${membersOfGrantedGroups(actor.id, levels)} m)`,
      keyTable: 'contacts',
      keySet: `grants:${actor.id}`,
      member: throughGrants(actor, t, levels),
      condition: notPrivate(t),
    },
  ];
}

/**
 * ticketsInView(view) as the separate paths whose union it is, for lists: own tickets, the
 * organization scope, the grants. A list runs each path as its own keyset query, so each gets
 * the plan that suits it (an index per path; for a set of keys, starting from the keys when they
 * are few and from the activity order when they are many) instead of one plan testing every
 * ticket against an OR. No paths: the contact sees nothing in this view.
 */
export function ticketListPaths(actor: ContactActor, view: TicketView, t = 't'): TicketListPath[] {
  if (!availableViews(actor).includes(view)) return [];
  const ownPath: TicketListPath = { kind: 'where', condition: own(actor, t) };
  switch (view) {
    case 'mine':
      return [ownPath];
    case 'organization':
      return scopePath(actor, t, sql<SqlBool>`(${own(actor, t)} or ${notPrivate(t)})`);
    case 'groups':
      return grantsPath(actor, t);
    case 'all':
      return [ownPath, ...scopePath(actor, t, notPrivate(t)), ...grantsPath(actor, t)];
  }
}

/** May the contact write the ticket (the precondition of reply, edit, close, priority, asset, upload)? The strongest path wins. */
export function writableTickets(actor: ContactActor, t = 't'): Expression<SqlBool> {
  if (!canUseTickets(actor)) return FALSE;
  const scopeWrite = actor.scopeLevel === 'write' ? scopeOrganizations(actor, t) : FALSE;
  return sql<SqlBool>`(${own(actor, t)} or (${notPrivate(t)} and (${scopeWrite} or ${throughGrants(actor, t, ['write'])})))`;
}

/** The views a contact has (permission-model §6, Web+Center's group case views). */
export function availableViews(actor: ContactActor): TicketView[] {
  if (!canUseTickets(actor)) return [];
  const views: TicketView[] = ['mine'];
  if (actor.ticketScope !== 'own') views.push('organization');
  if (reach(actor, ['read', 'write']) !== 'none') views.push('groups');
  views.push('all');
  return views;
}

/** The condition of one view; every view lies inside visibleTickets. */
export function ticketsInView(
  actor: ContactActor,
  view: TicketView,
  t = 't',
  evaluation: Evaluation = 'row',
): Expression<SqlBool> {
  if (!availableViews(actor).includes(view)) return FALSE;
  switch (view) {
    case 'mine':
      return own(actor, t);
    case 'organization':
      return sql<SqlBool>`(${scopeOrganizations(actor, t)} and (${own(actor, t)} or ${notPrivate(t)}))`;
    case 'groups':
      return sql<SqlBool>`(${notPrivate(t)} and ${throughGrants(actor, t, ['read', 'write'], evaluation)})`;
    case 'all':
      return visibleTickets(actor, t, evaluation);
  }
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
  const closed = ticket.status === 'closed';
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

/** `writableTickets` as a selectable boolean column. */
export function writableColumn(actor: ContactActor, t = 't'): RawBuilder<boolean> {
  return sql<boolean>`${writableTickets(actor, t)}`;
}
