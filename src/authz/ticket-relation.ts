import { sql, type RawBuilder } from 'kysely';
import type { ScopeLevel } from '../db/schema.ts';
import { liveGrantSql, portalGateSql, type ContactIds } from './contact-relation.ts';
import { contactGroupPairs, groupMemberPairs } from './membership-relation.ts';

/**
 * visibleTickets (ticket-scope.ts) as relations over many contacts or many tickets at once, for
 * the staff tools that ask about a whole population: preview (which (contact, ticket) pairs a
 * change adds or removes) and access review (who reaches the tickets of a group or organization).
 * Each branch is one path of permission-model §6 (own, scope, grant, grant on an always-group)
 * behind the same gates as a portal request (signed in, tickets.view, module tickets). Property
 * tests prove visibleTicketPairs equal to visibleTickets contact by contact, and ticketReach
 * equal to "sees at least one of the tickets" (test/api/access-preview.test.ts, access-review).
 *
 * Aliases are prefixed `vt_` (see contact-relation.ts on alias capture), except the gate's.
 */

export type TicketPair = { contact_id: string; ticket_id: string };

/**
 * Every (contact, ticket) the contacts (a subquery of ids) may see. A pair reached by several
 * paths appears once per path (UNION ALL): callers that count compare sets (EXCEPT), which is
 * cheaper than removing duplicates on each side.
 */
export function visibleTicketPairs(contactIds: ContactIds): RawBuilder<TicketPair> {
  return sql<TicketPair>`(
    with vt_c as materialized (
      select ct.id as contact_id, ct.organization_id, pgp.ticket_scope
      from contacts ct join privilege_groups pgp on pgp.id = ct.privilege_group_id
      where ct.id in (${contactIds}) and ${portalGateSql('tickets', 'tickets.view')}
    ),
    vt_g as materialized (
      select vt_ag.contact_id, vt_ag.user_group_id, vt_ug.always
      from vt_c join access_grants vt_ag on vt_ag.contact_id = vt_c.contact_id
      join user_groups vt_ug on vt_ug.id = vt_ag.user_group_id
      where ${liveGrantSql('vt_ag')}
    )
    select vt_c.contact_id, vt_t.id as ticket_id
      from vt_c join tickets vt_t on vt_t.requester_id = vt_c.contact_id
    union all
    select vt_c.contact_id, vt_t.id
      from vt_c join organization_closure vt_sc on vt_sc.ancestor_id = vt_c.organization_id
      join tickets vt_t on vt_t.organization_id = vt_sc.descendant_id
      where not vt_t.private
        and (vt_c.ticket_scope = 'organization_tree' or (vt_c.ticket_scope = 'organization' and vt_sc.depth = 0))
    union all
    select vt_g.contact_id, vt_t.id
      from vt_g join ${groupMemberPairs(sql`select user_group_id from vt_g where not always`)} vt_m
        on vt_m.user_group_id = vt_g.user_group_id
      join tickets vt_t on vt_t.requester_id = vt_m.contact_id
      where not vt_g.always and not vt_t.private
    union all
    select vt_g.contact_id, vt_t.id
      from vt_g join tickets vt_t on not vt_t.private
      where vt_g.always
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
    with vt_c as materialized (
      select ct.id as contact_id, ct.organization_id, pgp.ticket_scope
      from contacts ct join privilege_groups pgp on pgp.id = ct.privilege_group_id
      where ct.id in (${contactIds}) and ${portalGateSql('tickets', 'tickets.view')}
    ),
    vt_t as materialized (
      select vt.id, vt.requester_id, vt.organization_id, vt.private from tickets vt
      where vt.requester_id in (${requesterIds})
    ),
    vt_g as materialized (
      select vt_ag.contact_id, vt_ag.user_group_id, vt_ug.always
      from vt_c join access_grants vt_ag on vt_ag.contact_id = vt_c.contact_id
      join user_groups vt_ug on vt_ug.id = vt_ag.user_group_id
      where ${liveGrantSql('vt_ag')}
    )
    select vt_c.contact_id, vt_t.id as ticket_id
      from vt_c join vt_t on vt_t.requester_id = vt_c.contact_id
    union all
    select vt_c.contact_id, vt_t.id
      from vt_t join organization_closure vt_sc on vt_sc.descendant_id = vt_t.organization_id
      join vt_c on vt_c.organization_id = vt_sc.ancestor_id
      where not vt_t.private
        and (vt_c.ticket_scope = 'organization_tree' or (vt_c.ticket_scope = 'organization' and vt_sc.depth = 0))
    union all
    select vt_g.contact_id, vt_t.id
      from vt_t join ${contactGroupPairs(sql`select distinct requester_id from vt_t where not private`)} vt_m
        on vt_m.contact_id = vt_t.requester_id
      join vt_g on vt_g.user_group_id = vt_m.user_group_id
      where not vt_g.always and not vt_t.private
    union all
    select vt_g.contact_id, vt_t.id
      from vt_g join vt_t on not vt_t.private
      where vt_g.always
  )`;
}

export type TicketPathKind = 'own' | 'scope' | 'grant';
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

/**
 * Every contact that may see at least one of the tickets (a subquery of ticket ids), once per
 * path that reaches one: its own ticket, its ticket scope, or a live grant on a group that has a
 * requester of one as a member. Driven from the tickets, for the access review.
 */
export function ticketReach(ticketIds: RawBuilder<unknown>): RawBuilder<TicketReach> {
  return sql<TicketReach>`(
    with vt_t as materialized (
      select vt.requester_id, vt.organization_id, vt.private from tickets vt where vt.id in (${ticketIds})
    ),
    vt_orgs as materialized (select distinct organization_id from vt_t where not private),
    vt_req as materialized (select distinct requester_id from vt_t where not private),
    vt_p as (
      select distinct requester_id as contact_id, 'own' as kind, 'write' as level,
        null::uuid as organization_id, null::uuid as user_group_id
      from vt_t
      union all
      select vt_ct.id, 'scope', vt_pg.scope_level, vt_ct.organization_id, null::uuid
      from contacts vt_ct join privilege_groups vt_pg on vt_pg.id = vt_ct.privilege_group_id
      where vt_pg.ticket_scope = 'organization' and vt_ct.organization_id in (select organization_id from vt_orgs)
      union all
      select vt_ct.id, 'scope', vt_pg.scope_level, vt_ct.organization_id, null::uuid
      from contacts vt_ct join privilege_groups vt_pg on vt_pg.id = vt_ct.privilege_group_id
      where vt_pg.ticket_scope = 'organization_tree' and vt_ct.organization_id in (
        select vt_sc.ancestor_id from organization_closure vt_sc
        where vt_sc.descendant_id in (select organization_id from vt_orgs))
      union all
      select vt_ag.contact_id, 'grant', vt_ag.level, null::uuid, vt_ag.user_group_id
      from access_grants vt_ag
      where ${liveGrantSql('vt_ag')} and vt_ag.user_group_id in (
        select user_group_id from ${contactGroupPairs(sql`select requester_id from vt_req`)} vt_m)
      union all
      select vt_ag.contact_id, 'grant', vt_ag.level, null::uuid, vt_ag.user_group_id
      from access_grants vt_ag join user_groups vt_ug on vt_ug.id = vt_ag.user_group_id
      where vt_ug.always and ${liveGrantSql('vt_ag')} and exists (select 1 from vt_req)
    )
    select distinct vt_p.contact_id, vt_p.kind, vt_p.level, vt_p.organization_id, vt_p.user_group_id,
      case when vt_p.kind = 'scope' then pgp.ticket_scope end as ticket_scope
    from vt_p join contacts ct on ct.id = vt_p.contact_id
    join privilege_groups pgp on pgp.id = ct.privilege_group_id
    where ${portalGateSql('tickets', 'tickets.view')}
  )`;
}
