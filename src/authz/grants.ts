import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB, ScopeLevel } from '../db/schema.ts';
import {
  groupsOfContact,
  membersOfGroupArray,
  membershipReasons,
  organizationMembershipsOf,
  type MembershipReason,
} from './membership.ts';

/**
 * Access grants (super customer, permission-model §4): a contact holding a grant on a user group
 * reaches, at the grant's level, the tickets whose requester is a member of the group. Here: the
 * expiry rule, what a contact's grants reach on a request (GrantReach, carried by the actor), the
 * grant test of a ticket's requester (per row and as a set), and the facts explain reports.
 */

/** An access grant (alias given) that has not expired: the one expiry rule of every grant test. */
export function liveGrantSql(alias: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.expires_at`)} is null or ${sql.ref(`${alias}.expires_at`)} > now())`;
}

export type Grant = {
  groupId: string;
  groupName: string;
  level: ScopeLevel;
  always: boolean;
  expiresAt: Date | null;
};

/**
 * What a contact's unexpired grants at one level reach: nothing, the members of the granted
 * groups, or everyone (a grant on an always-group).
 */
export type GrantReach = 'none' | 'groups' | 'everyone';

/** An access grant (alias ag) of the contact that has not expired. */
const liveGrantOf = (contactId: Expression<string>, level: ScopeLevel) =>
  sql`ag.contact_id = ${contactId} and ag.level = ${level} and ${liveGrantSql('ag')}`;

/** GrantReach of one level, from at most two index probes whatever the number of grants. */
export const grantReachSql = (contactId: Expression<string>, level: ScopeLevel) => sql<GrantReach>`case
      when exists (select 1 from user_groups g join access_grants ag on ag.user_group_id = g.id
        where g.always and ${liveGrantOf(contactId, level)}) then 'everyone'
      when exists (select 1 from access_grants ag where ${liveGrantOf(contactId, level)}) then 'groups'
      else 'none' end`;

type GrantRow = Omit<Grant, 'expiresAt'> & { expiresAt: string | null };

/** The contact's unexpired grants, named, oldest group name first (what /me lists). */
export async function loadGrants(db: Kysely<DB>, contactId: string): Promise<Grant[]> {
  const rows = await sql<GrantRow>`
    select g.id as "groupId", g.name as "groupName", ag.level, g.always, ag.expires_at as "expiresAt"
    from access_grants ag join user_groups g on g.id = ag.user_group_id
    where ag.contact_id = ${contactId}::uuid and ${liveGrantSql('ag')}
    order by g.name, ag.level`.execute(db);
  return rows.rows.map((g) => ({ ...g, expiresAt: g.expiresAt ? new Date(g.expiresAt) : null }));
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
    cross join lateral ${membersOfGroupArray(sql`m_g.ids`)} m_src)`;
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

/**
 * Every access grant a contact holds (live or expired), related to one other contact (a ticket's
 * requester): whether the requester is a member of the grant's group, why (membershipReasons),
 * and through which member organizations. Facts for explain; the decision stays with
 * visibleTickets.
 */
export type GrantFact = {
  grantId: string;
  groupId: string;
  groupName: string;
  always: boolean;
  level: ScopeLevel;
  expiresAt: string | null;
  live: boolean;
  reasons: MembershipReason[];
  throughOrganizations: { id: string; name: string; includeSubOrganizations: boolean }[];
};

export async function grantFacts(db: Kysely<DB>, holderId: string, memberId: string): Promise<GrantFact[]> {
  const member = { id: sql.ref<string>('gm.id'), org: sql.ref<string>('gm.organization_id') };
  const { rows } = await sql<GrantFact>`
    select ag.id as "grantId", ug.id as "groupId", ug.name as "groupName", ug.always, ag.level,
      ag.expires_at as "expiresAt", ${liveGrantSql('ag')} as live,
      ${membershipReasons(member.id, member.org, sql.ref('ug.id'))} as reasons,
      coalesce((
        select json_agg(json_build_object('id', mo.organization_id, 'name', mon.name,
          'includeSubOrganizations', mo.include_sub_organizations) order by mon.name)
        from ${organizationMembershipsOf(member.org, sql.ref('ug.id'))} mo
        join organizations mon on mon.id = mo.organization_id
      ), '[]'::json) as "throughOrganizations"
    from access_grants ag
    join user_groups ug on ug.id = ag.user_group_id
    join contacts gm on gm.id = ${memberId}::uuid
    where ag.contact_id = ${holderId}::uuid
    order by lower(ug.name), ag.id`.execute(db);
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt ? new Date(r.expiresAt).toISOString() : null }));
}
