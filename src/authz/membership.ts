import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ScopeLevel } from '../db/schema.ts';

/**
 * User-group membership in SQL (permission-model §3). A contact is a member of a group through
 * explicit membership, its organization (with sub-organizations when the group says so, via the
 * organization_closure table), the group's rule (user_group_rule_members, kept by triggers), or
 * the group being an always-group.
 */

/** An access grant (alias given) that has not expired: the one expiry rule of every grant test. */
export function liveGrantSql(alias: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.expires_at`)} is null or ${sql.ref(`${alias}.expires_at`)} > now())`;
}

/** The three membership sources of the groups, each selecting `contact_id` (one contact may repeat). */
function memberSources(ids: RawBuilder<unknown>): RawBuilder<unknown>[] {
  return [
    sql`select e.contact_id from user_group_contacts e where e.user_group_id = any(${ids})`,
    sql`select r.contact_id from user_group_rule_members r where r.user_group_id = any(${ids})`,
    sql`select c.id as contact_id from contacts c where c.organization_id in (${organizationsOfGroups(ids)})`,
  ];
}

const groupIdArray = (groupIds: readonly string[]) => sql`${[...groupIds]}::uuid[]`;

/** Ids of the contacts that are members of any of the groups, as an uncorrelated subquery. Always-groups are the caller's to handle. */
export function membersOfGroups(groupIds: readonly string[]): RawBuilder<{ contact_id: string }> {
  return sql<{ contact_id: string }>`(${sql.join(memberSources(groupIdArray(groupIds)), sql` union `)})`;
}

/**
 * Members of the groups on which the holder has an unexpired grant at one of the levels, with
 * repeats (a contact that is a member several ways appears several times): the list's key set
 * (src/modules/portal-tickets/list-plan.ts), which only asks for "at least N rows" or streams
 * them, so nothing is de-duplicated. Grants on always-groups are the caller's.
 */
export function membersOfGrantedGroups(
  holderId: string,
  levels: readonly ScopeLevel[],
): RawBuilder<{ contact_id: string }> {
  // The group ids reach the sources as one array column: PostgreSQL does not estimate each of
  // hundreds of ids against its statistics while planning, which took longer than running the
  // query (15 ms of planning for 0.6 ms of execution at 500 grants).
  return sql<{ contact_id: string }>`(select m_src.contact_id from (
      select array_agg(ag.user_group_id) as ids from access_grants ag
      where ag.contact_id = ${holderId}::uuid and ag.level in (${sql.join(levels)}) and ${liveGrantSql('ag')}) m_g
    cross join lateral (${sql.join(memberSources(sql`m_g.ids`), sql` union all `)}) m_src)`;
}

/**
 * The groups the contact (an id expression, e.g. `t.requester_id`) is a member of through its
 * explicit memberships, rules and organization, with repeats; always-groups are the caller's.
 * Each source is an index range on the contact: a contact is in a handful of groups, so this is
 * a few probes whatever the size of the groups.
 */
function groupsOfContact(contactId: Expression<string>) {
  return sql<{ user_group_id: string }>`(
    select m_e.user_group_id from user_group_contacts m_e where m_e.contact_id = ${contactId}
    union all
    select m_r.user_group_id from user_group_rule_members m_r where m_r.contact_id = ${contactId}
    union all
    select m_ugo.user_group_id from contacts m_c
      join organization_closure m_oc on m_oc.descendant_id = m_c.organization_id
      join user_group_organizations m_ugo on m_ugo.organization_id = m_oc.ancestor_id
        and (m_ugo.include_sub_organizations or m_oc.depth = 0)
      where m_c.id = ${contactId}
  )`;
}

/**
 * Is the contact (an id expression, e.g. `t.requester_id`) a member of a group on which the
 * holder has an unexpired grant at one of the levels? It starts from the contact's few groups
 * and looks each up in the holder's grants (access_grants_contact_live_idx), so a single read,
 * the write flag or a list walking the activity index costs the same for a holder of 500 grants
 * as for one of a single grant; starting from the granted groups would cost one index descent
 * per group for every ticket tested (docs/benchmarks.md). Grants on always-groups are the
 * caller's (they reach every contact).
 */
export function memberOfGrantedGroup(
  contactId: Expression<string>,
  holderId: string,
  levels: readonly ScopeLevel[],
): Expression<SqlBool> {
  // The grant lookup stays a probe per group of the contact (`offset 0`): as a join, a generic
  // plan (single reads are prepared) may start from the holder's grants instead, all 500 of them.
  return sql<SqlBool>`exists (select 1 from ${groupsOfContact(contactId)} m_rg
    where exists (select 1 from access_grants m_a
      where m_a.contact_id = ${holderId}::uuid and m_a.user_group_id = m_rg.user_group_id
        and m_a.level in (${sql.join(levels)}) and ${liveGrantSql('m_a')}
      offset 0))`;
}

/** The organizations whose contacts are members of the groups through organization membership. */
function organizationsOfGroups(ids: RawBuilder<unknown>) {
  return sql`select oc.descendant_id from user_group_organizations ugo
    join organization_closure oc on oc.ancestor_id = ugo.organization_id
      and (ugo.include_sub_organizations or oc.depth = 0)
    where ugo.user_group_id = any(${ids})`;
}

// Inner aliases are prefixed m_ so an outer column passed in (sql.ref('g.id')) is never captured
// by a subquery alias of the same name.

/** Is the contact (given by id and organization id expressions) a member of the group (an id expression)? */
export function isMember(
  contactId: Expression<string>,
  organizationId: Expression<string>,
  groupId: Expression<string>,
): Expression<SqlBool> {
  return sql<SqlBool>`(
    exists (select 1 from user_groups m_g where m_g.id = ${groupId} and m_g.always)
    or exists (select 1 from user_group_contacts m_e where m_e.user_group_id = ${groupId} and m_e.contact_id = ${contactId})
    or exists (select 1 from user_group_rule_members m_r where m_r.user_group_id = ${groupId} and m_r.contact_id = ${contactId})
    or exists (
      select 1 from user_group_organizations m_ugo
      join organization_closure m_oc on m_oc.ancestor_id = m_ugo.organization_id
        and (m_ugo.include_sub_organizations or m_oc.depth = 0)
      where m_ugo.user_group_id = ${groupId} and m_oc.descendant_id = ${organizationId}
    )
  )`;
}

export type MembershipReason = 'explicit' | 'organization' | 'rule' | 'always';

/** Why the contact is a member of the group, as an array of reasons (empty: not a member). */
export function membershipReasons(
  contactId: Expression<string>,
  organizationId: Expression<string>,
  groupId: Expression<string>,
): RawBuilder<MembershipReason[]> {
  return sql<MembershipReason[]>`array_remove(array[
    case when exists (select 1 from user_group_contacts m_e where m_e.user_group_id = ${groupId} and m_e.contact_id = ${contactId}) then 'explicit' end,
    case when exists (
      select 1 from user_group_organizations m_ugo
      join organization_closure m_oc on m_oc.ancestor_id = m_ugo.organization_id
        and (m_ugo.include_sub_organizations or m_oc.depth = 0)
      where m_ugo.user_group_id = ${groupId} and m_oc.descendant_id = ${organizationId}) then 'organization' end,
    case when exists (select 1 from user_group_rule_members m_r where m_r.user_group_id = ${groupId} and m_r.contact_id = ${contactId}) then 'rule' end,
    case when (select m_g.always from user_groups m_g where m_g.id = ${groupId}) then 'always' end
  ], null)::text[]`;
}
