import { sql, type Kysely } from 'kysely';
import type { DB, ScopeLevel } from '../db/schema.ts';
import { membershipReasons, type MembershipReason } from './membership.ts';

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
      ag.expires_at as "expiresAt", (ag.expires_at is null or ag.expires_at > now()) as live,
      ${membershipReasons(member.id, member.org, sql.ref('ug.id'))} as reasons,
      coalesce((
        select json_agg(json_build_object('id', mo.organization_id, 'name', mon.name,
          'includeSubOrganizations', mo.include_sub_organizations) order by mon.name)
        from user_group_organizations mo
        join organization_closure mcl on mcl.ancestor_id = mo.organization_id
          and (mo.include_sub_organizations or mcl.depth = 0)
        join organizations mon on mon.id = mo.organization_id
        where mo.user_group_id = ug.id and mcl.descendant_id = gm.organization_id
      ), '[]'::json) as "throughOrganizations"
    from access_grants ag
    join user_groups ug on ug.id = ag.user_group_id
    join contacts gm on gm.id = ${memberId}::uuid
    where ag.contact_id = ${holderId}::uuid
    order by lower(ug.name), ag.id`.execute(db);
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt ? new Date(r.expiresAt).toISOString() : null }));
}
