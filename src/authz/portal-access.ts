import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { DB, ScopeLevel } from '../db/schema.ts';
import { MODULES, type Module } from './privileges.ts';
import { isMember, liveGrantSql } from './membership.ts';

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
export type PortalAccess = { grants: Record<ScopeLevel, GrantReach>; modules: Set<Module> };

type GrantRow = Omit<Grant, 'expiresAt'> & { expiresAt: string | null };

/** An access grant (alias ag) of the contact that has not expired. */
const liveGrantOf = (contactId: Expression<string>, level: ScopeLevel) =>
  sql`ag.contact_id = ${contactId} and ag.level = ${level} and ${liveGrantSql('ag')}`;

/** GrantReach of one level, from at most two index probes whatever the number of grants. */
const reachAt = (contactId: Expression<string>, level: ScopeLevel) => sql<GrantReach>`case
      when exists (select 1 from user_groups g join access_grants ag on ag.user_group_id = g.id
        where g.always and ${liveGrantOf(contactId, level)}) then 'everyone'
      when exists (select 1 from access_grants ag where ${liveGrantOf(contactId, level)}) then 'groups'
      else 'none' end`;

/**
 * What a contact's unexpired access grants reach and the modules it may use, as two columns to
 * select in the query that reads the contact (given as id and organization id expressions): one
 * round trip on every request, of a cost that does not grow with the number of grants; nothing
 * cached, so a change is seen by the very next request on every instance.
 */
export function portalAccessColumns(
  contactId: Expression<string>,
  organizationId: Expression<string>,
): { grants: RawBuilder<Record<ScopeLevel, GrantReach>>; blocked: RawBuilder<Module[]> } {
  return {
    grants: sql<Record<ScopeLevel, GrantReach>>`json_build_object(
      'read', ${reachAt(contactId, 'read')}, 'write', ${reachAt(contactId, 'write')})`,
    blocked: sql<Module[]>`coalesce((
        select json_agg(distinct restricted.module)
        from module_allowed_groups restricted
        where not exists (
          select 1 from module_allowed_groups allowed
          where allowed.module = restricted.module
            and ${isMember(contactId, organizationId, sql.ref('allowed.user_group_id'))}
        )
      ), '[]'::json)`,
  };
}

/** The columns of portalAccessColumns as a PortalAccess. */
export function toPortalAccess(row: {
  grants: Record<ScopeLevel, GrantReach>;
  blocked: Module[];
}): PortalAccess {
  const blocked = new Set(row.blocked);
  return { grants: row.grants, modules: new Set(MODULES.filter((m) => !blocked.has(m))) };
}

/** portalAccessColumns on their own, for a contact already read. */
export async function loadPortalAccess(
  db: Kysely<DB>,
  contact: { id: string; organizationId: string },
): Promise<PortalAccess> {
  const columns = portalAccessColumns(
    sql<string>`${contact.id}::uuid`,
    sql<string>`${contact.organizationId}::uuid`,
  );
  const row = await sql<{ grants: Record<ScopeLevel, GrantReach>; blocked: Module[] }>`
    select ${columns.grants} as grants, ${columns.blocked} as blocked`.execute(db);
  return toPortalAccess(row.rows[0] ?? { grants: { read: 'none', write: 'none' }, blocked: [] });
}

/** The contact's unexpired grants, named, oldest group name first (what /me lists). */
export async function loadGrants(db: Kysely<DB>, contactId: string): Promise<Grant[]> {
  const rows = await sql<GrantRow>`
    select g.id as "groupId", g.name as "groupName", ag.level, g.always, ag.expires_at as "expiresAt"
    from access_grants ag join user_groups g on g.id = ag.user_group_id
    where ag.contact_id = ${contactId}::uuid and ${liveGrantSql('ag')}
    order by g.name, ag.level`.execute(db);
  return rows.rows.map((g) => ({ ...g, expiresAt: g.expiresAt ? new Date(g.expiresAt) : null }));
}
