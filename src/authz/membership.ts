import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * User-group membership in SQL (permission-model §3). A contact is a member of a group through
 * explicit membership, its organization (with sub-organizations when the group says so, via the
 * organization_closure table), the group's rule (user_group_rule_members, kept by triggers), or
 * the group being an always-group.
 */

/** Ids of the contacts that are members of any of the groups, as an uncorrelated subquery. Always-groups are the caller's to handle. */
export function membersOfGroups(groupIds: readonly string[]): RawBuilder<{ contact_id: string }> {
  const ids = sql`${[...groupIds]}::uuid[]`;
  return sql<{ contact_id: string }>`(
    select e.contact_id from user_group_contacts e where e.user_group_id = any(${ids})
    union
    select r.contact_id from user_group_rule_members r where r.user_group_id = any(${ids})
    union
    select c.id from contacts c where c.organization_id in (${organizationsOfGroups(ids)})
  )`;
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
