import { sql, type RawBuilder } from 'kysely';
import type { TicketView } from '../src/authz/tickets/condition.ts';
import type { Persona } from './personas.ts';
import { PREPARE } from '../src/db/prepared.ts';

/**
 * The hand-written "ideal" SQL a person would write for one persona's page, knowing the
 * persona's scope and grant groups: the tightest predicate for the view, no redundant terms,
 * the same columns, joins, order and limit + 1 as the API's page. It is the same-run reference
 * every ratio is measured against (perf-anchors §9.3).
 */

export const SUMMARY_SELECT = sql`t.id, t.number, t.subject, t.status, t.priority, t.private, t.created_at,
  t.last_activity_at, t.requester_id, c.name as requester_name, t.organization_id, o.name as organization_name`;

export const uuids = (ids: readonly string[]) => sql`${[...ids]}::uuid[]`;

/** Members of the persona's grant groups: explicit, rule (materialized) and organization (via the closure). */
export function idealMembers(groups: readonly string[]): RawBuilder<unknown> {
  const g = uuids(groups);
  return sql`(
    select e.contact_id from user_group_contacts e where e.user_group_id = any(${g})
    union all
    select r.contact_id from user_group_rule_members r where r.user_group_id = any(${g})
    union all
    select mc.id from user_group_organizations ugo
      join organization_closure oc on oc.ancestor_id = ugo.organization_id
        and (ugo.include_sub_organizations or oc.depth = 0)
      join contacts mc on mc.organization_id = oc.descendant_id
    where ugo.user_group_id = any(${g}))`;
}

function scopeOrganizations(p: Persona): RawBuilder<boolean> | undefined {
  if (p.ticketScope === 'organization') return sql<boolean>`t.organization_id = ${p.organizationId}::uuid`;
  if (p.ticketScope === 'organization_tree')
    return sql<boolean>`t.organization_id in (select oc.descendant_id from organization_closure oc
      where oc.ancestor_id = ${p.organizationId}::uuid)`;
  return undefined;
}

/** The view's condition over `t`, written for this persona. */
export function idealCondition(p: Persona, view: TicketView): RawBuilder<boolean> {
  const me = sql<boolean>`t.requester_id = ${p.contactId}::uuid`;
  const scope = scopeOrganizations(p);
  const groups = p.groups.length > 0 ? sql<boolean>`t.requester_id in ${idealMembers(p.groups)}` : undefined;
  switch (view) {
    case 'mine':
      return me;
    case 'organization':
      return scope ? sql<boolean>`(${scope} and (${me} or not t.private))` : sql<boolean>`false`;
    case 'groups':
      return groups ? sql<boolean>`(not t.private and ${groups})` : sql<boolean>`false`;
    case 'all': {
      const others = [scope, groups].filter((x): x is RawBuilder<boolean> => x !== undefined);
      if (others.length === 0) return me;
      return sql<boolean>`(${me} or (not t.private and (${sql.join(others, sql` or `)})))`;
    }
  }
}

export type Status = 'open' | 'all';
const statusCondition = (status: Status) =>
  status === 'open' ? sql<boolean>`t.status in ('open', 'pending')` : sql<boolean>`true`;

export type PageShape = { after?: { at: Date; id: string }; offset?: number; limit?: number };

/** One page (limit + 1 rows), optionally after a keyset position or at an OFFSET. */
export function idealPage(p: Persona, view: TicketView, status: Status, shape: PageShape = {}) {
  const limit = (shape.limit ?? 25) + 1;
  const after = shape.after
    ? sql`and (t.last_activity_at, t.id) < (${shape.after.at}, ${shape.after.id}::uuid)`
    : sql``;
  const offset = shape.offset !== undefined ? sql`offset ${shape.offset}` : sql``;
  return sql<{ id: string; last_activity_at: Date }>`
    select ${SUMMARY_SELECT}
    from tickets t
    join contacts c on c.id = t.requester_id
    join organizations o on o.id = t.organization_id
    where ${idealCondition(p, view)} and ${statusCondition(status)} ${after}
    order by t.last_activity_at desc, t.id desc
    limit ${limit} ${offset}`;
}

export function idealCount(p: Persona, view: TicketView, status: Status) {
  return sql<{ n: number }>`select count(*)::int as n from tickets t
    where ${idealCondition(p, view)} and ${statusCondition(status)}`;
}

/** The row at 1-based position `n` of the view (for building the depth cursor). */
export function idealRowAt(p: Persona, view: TicketView, status: Status, n: number) {
  return sql<{ id: string; last_activity_at: Date }>`select t.id, t.last_activity_at from tickets t
    where ${idealCondition(p, view)} and ${statusCondition(status)}
    order by t.last_activity_at desc, t.id desc offset ${n - 1} limit 1`;
}

/** Reference of the single read: the same columns and joins, by primary key, no permission. */
export function pkLookup(id: string) {
  // Prepared like the API's single read (src/db/prepared.ts), so both are planned once.
  return sql<{ id: string }>`
    select ${PREPARE} ${SUMMARY_SELECT}, t.description, t.updated_at, t.closed_at, t.asset_id, a.name as asset_name
    from tickets t
    join contacts c on c.id = t.requester_id
    join organizations o on o.id = t.organization_id
    left join assets a on a.id = t.asset_id
    where t.id = ${id}::uuid`;
}

/** Sample tickets for the check: some the persona may see, some it may not. */
export function sampleTickets(p: Persona, visible: boolean, n: number) {
  const condition = idealCondition(p, 'all');
  return sql<{ id: string }>`select t.id from tickets t
    where ${visible ? condition : sql`not ${condition}`}
    order by t.number limit ${n}`;
}
