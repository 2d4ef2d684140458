import { sql, type RawBuilder } from 'kysely';

/**
 * User-group membership as relations over many groups or many contacts at once, from the same
 * sources as membership.ts (ADR 0002): explicit members, member organizations through
 * organization_closure, rule members kept by triggers. Always-groups are the caller's to handle,
 * as for membersOfGroups. A property test compares both relations with isMember pair by pair.
 *
 * Aliases inside are prefixed `mr_` so that no outer alias is captured.
 */

export type GroupMember = { user_group_id: string; contact_id: string };

/** (group, contact) for every member of the groups (a subquery of group ids), possibly repeated. */
export function groupMemberPairs(groupIds: RawBuilder<unknown>): RawBuilder<GroupMember> {
  // = any(array(...)): the ids are computed once and each source is read through its index.
  const ids = sql`any(array(${groupIds}))`;
  return sql<GroupMember>`(
    select mr_e.user_group_id, mr_e.contact_id from user_group_contacts mr_e
      where mr_e.user_group_id = ${ids}
    union all
    select mr_r.user_group_id, mr_r.contact_id from user_group_rule_members mr_r
      where mr_r.user_group_id = ${ids}
    union all
    select mr_o.user_group_id, mr_c.id from user_group_organizations mr_o
      join organization_closure mr_oc on mr_oc.ancestor_id = mr_o.organization_id
        and (mr_o.include_sub_organizations or mr_oc.depth = 0)
      join contacts mr_c on mr_c.organization_id = mr_oc.descendant_id
      where mr_o.user_group_id = ${ids}
  )`;
}

/**
 * (group, contact) for every non-always group each of the contacts (a subquery of contact ids)
 * is a member of, possibly repeated: the reverse lookup, driven by the contacts' indexes.
 */
export function contactGroupPairs(contactIds: RawBuilder<unknown>): RawBuilder<GroupMember> {
  const ids = sql`any(array(${contactIds}))`;
  return sql<GroupMember>`(
    select mr_e.user_group_id, mr_e.contact_id from user_group_contacts mr_e
      where mr_e.contact_id = ${ids}
    union all
    select mr_r.user_group_id, mr_r.contact_id from user_group_rule_members mr_r
      where mr_r.contact_id = ${ids}
    union all
    select mr_o.user_group_id, mr_c.id from contacts mr_c
      join organization_closure mr_oc on mr_oc.descendant_id = mr_c.organization_id
      join user_group_organizations mr_o on mr_o.organization_id = mr_oc.ancestor_id
        and (mr_o.include_sub_organizations or mr_oc.depth = 0)
      where mr_c.id = ${ids}
  )`;
}
