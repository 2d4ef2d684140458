import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { DB, ScopeLevel } from '../db/schema.ts';
import { MODULES, type Module } from './privileges.ts';
import { isMember } from './membership.ts';

export type Grant = {
  groupId: string;
  groupName: string;
  level: ScopeLevel;
  always: boolean;
  expiresAt: Date | null;
};
export type PortalAccess = { grants: Grant[]; modules: Set<Module> };

type GrantRow = Omit<Grant, 'expiresAt'> & { expiresAt: string | null };

/**
 * A contact's unexpired access grants and the modules it may use, as two columns to select in
 * the query that reads the contact (given as id and organization id expressions): one round trip
 * on every request, nothing cached, so a change is seen by the very next request on every
 * instance.
 */
export function portalAccessColumns(
  contactId: Expression<string>,
  organizationId: Expression<string>,
): { grants: RawBuilder<GrantRow[]>; blocked: RawBuilder<Module[]> } {
  return {
    grants: sql<GrantRow[]>`coalesce((
        select json_agg(json_build_object(
          'groupId', g.id, 'groupName', g.name, 'level', ag.level, 'always', g.always, 'expiresAt', ag.expires_at))
        from access_grants ag join user_groups g on g.id = ag.user_group_id
        where ag.contact_id = ${contactId} and (ag.expires_at is null or ag.expires_at > now())
      ), '[]'::json)`,
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
export function toPortalAccess(row: { grants: GrantRow[]; blocked: Module[] }): PortalAccess {
  const blocked = new Set(row.blocked);
  return {
    grants: row.grants.map((g) => ({ ...g, expiresAt: g.expiresAt ? new Date(g.expiresAt) : null })),
    modules: new Set(MODULES.filter((m) => !blocked.has(m))),
  };
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
  const row = await sql<{ grants: GrantRow[]; blocked: Module[] }>`
    select ${columns.grants} as grants, ${columns.blocked} as blocked`.execute(db);
  return toPortalAccess(row.rows[0] ?? { grants: [], blocked: [] });
}
