import { sql, type RawBuilder } from 'kysely';
import type { ScopeLevel } from '../../db/schema.ts';
import { holdsSql, portalGateSql, type ContactIds } from '../contacts.ts';
import { liveGrantSql } from '../grants.ts';
import { TICKET_PATHS, type TicketPathKind } from './paths.ts';

export type { TicketPathKind } from './paths.ts';

/**
 * visibleTickets (tickets/condition.ts) as relations over many contacts or many tickets at once,
 * for the staff tools that ask about a whole population: preview (which (contact, ticket) pairs a
 * change adds or removes) and access review (who reaches the tickets of a group or organization).
 * Each branch is the bulk form of one path of tickets/paths.ts, behind the same gates as a portal
 * request (signed in, tickets.view, module tickets). Property tests prove visibleTicketPairs
 * equal to the reference model's maySee and, at level write, its mayWrite
 * (test/model/permission-properties.test.ts), to visibleTickets and writableTickets contact by
 * contact (test/model/authz-forms.test.ts, test/api/access-preview.test.ts), and ticketReach
 * equal to "sees at least one of the tickets" (test/api/access-review.test.ts).
 *
 * Aliases are prefixed `vt_` (see contacts.ts on alias capture), except the gate's.
 */

/** A ticket the contact may see, through one path; level 'write' when that path lets it write (permission-model §6). */
export type TicketPair = { contact_id: string; ticket_id: string; level: ScopeLevel };

const unionAll = (branches: RawBuilder<unknown>[]) => sql.join(branches, sql` union all `);

/** The contacts (a subquery of ids) that pass the tickets gate (vt_c), and their live grants (vt_g). */
const gatedContacts = (contactIds: ContactIds) => sql`vt_c as materialized (
      select ct.id as contact_id, ct.organization_id, pgp.ticket_scope, pgp.scope_level
      from contacts ct join privilege_groups pgp on pgp.id = ct.privilege_group_id
      where ct.id in (${contactIds}) and ${portalGateSql('tickets', 'tickets.view')}
    )`;
const liveGrants = sql`vt_g as materialized (
      select vt_ag.contact_id, vt_ag.user_group_id, vt_ug.always, vt_ag.level
      from vt_c join access_grants vt_ag on vt_ag.contact_id = vt_c.contact_id
      join user_groups vt_ug on vt_ug.id = vt_ag.user_group_id
      where ${liveGrantSql('vt_ag')}
    )`;

/**
 * Every (contact, ticket) the contacts (a subquery of ids) may see. A pair reached by several
 * paths appears once per path (UNION ALL): callers that count compare sets (EXCEPT), which is
 * cheaper than removing duplicates on each side.
 */
export function visibleTicketPairs(contactIds: ContactIds): RawBuilder<TicketPair> {
  return sql<TicketPair>`(
    with ${gatedContacts(contactIds)}, ${liveGrants}
    ${unionAll(TICKET_PATHS.map((p) => p.pairs))}
  )`;
}

/**
 * The pairs of visibleTicketPairs restricted to the tickets of some requesters (a subquery of
 * ids), driven from those tickets: for a change that can only alter what some contacts see of
 * some requesters' tickets (a member joins a group others hold grants on), this is the part of
 * their visibility that can change, without walking everything else they see.
 */
export function visibleTicketPairsAmong(
  contactIds: ContactIds,
  requesterIds: ContactIds,
): RawBuilder<TicketPair> {
  return sql<TicketPair>`(
    with ${gatedContacts(contactIds)},
    vt_t as materialized (
      select vt.id, vt.requester_id, vt.organization_id, vt.private from tickets vt
      where vt.requester_id in (${requesterIds})
    ),
    ${liveGrants}
    ${unionAll(TICKET_PATHS.map((p) => p.among))}
  )`;
}

export type TicketReach = {
  contact_id: string;
  kind: TicketPathKind;
  level: ScopeLevel;
  /** scope: the contact's organization, the root of its scope; grant: null. */
  organization_id: string | null;
  /** grant: the group the grant is on; otherwise null. */
  user_group_id: string | null;
  ticket_scope: string | null;
};

/** The reach's paths (vt_p) from the tickets (a subquery of ids), before the gate. */
const reachPaths = (ticketIds: RawBuilder<unknown>) => sql`vt_t as materialized (
      select vt.id, vt.requester_id, vt.organization_id, vt.private from tickets vt where vt.id in (${ticketIds})
    ),
    vt_orgs as materialized (select distinct organization_id from vt_t where not private),
    vt_req as materialized (select distinct requester_id from vt_t where not private),
    vt_p as (${unionAll(TICKET_PATHS.map((p) => p.reach))})`;

/**
 * Every contact that may see at least one of the tickets (a subquery of ticket ids), once per
 * path that reaches one: its own ticket, its participation in one, its ticket scope, or a live
 * grant on a group that has a requester of one as a member. Driven from the tickets, for the access review.
 */
export function ticketReach(ticketIds: RawBuilder<unknown>): RawBuilder<TicketReach> {
  return sql<TicketReach>`(
    with ${reachPaths(ticketIds)}
    select distinct vt_p.contact_id, vt_p.kind, vt_p.level, vt_p.organization_id, vt_p.user_group_id,
      case when vt_p.kind = 'scope' then pgp.ticket_scope end as ticket_scope
    from vt_p join contacts ct on ct.id = vt_p.contact_id
    join privilege_groups pgp on pgp.id = ct.privilege_group_id
    where ${portalGateSql('tickets', 'tickets.view')}
  )`;
}

/** A contact ticketReach reaches, once, with what a message to it needs. */
export type TicketReacher = { contact_id: string; email: string; name: string; sees_priority: boolean };

/**
 * The contacts of ticketReach, each once whatever its paths, behind the same gate: for mail
 * recipients, which need who, not why (a semi-join instead of sorting every path's reasons).
 */
export function ticketReachers(ticketIds: RawBuilder<unknown>): RawBuilder<TicketReacher> {
  return sql<TicketReacher>`(
    with ${reachPaths(ticketIds)}
    select ct.id as contact_id, ct.email, ct.name, ${holdsSql('tickets.priority.view')} as sees_priority
    from contacts ct join privilege_groups pgp on pgp.id = ct.privilege_group_id
    where ct.id in (select contact_id from vt_p) and ${portalGateSql('tickets', 'tickets.view')}
  )`;
}
