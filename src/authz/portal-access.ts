import { sql, type Kysely } from 'kysely';
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

/**
 * A contact's unexpired access grants and the modules it may use, in one query on every request:
 * nothing is cached, so a change is seen by the very next request on every instance.
 */
export async function loadPortalAccess(
  db: Kysely<DB>,
  contact: { id: string; organizationId: string },
): Promise<PortalAccess> {
  const contactId = sql<string>`${contact.id}::uuid`;
  const organizationId = sql<string>`${contact.organizationId}::uuid`;
  const row = await sql<{
    grants: Array<Omit<Grant, 'expiresAt'> & { expiresAt: string | null }>;
    blocked: Module[];
  }>`
    select
      coalesce((
        select json_agg(json_build_object(
          'groupId', g.id, 'groupName', g.name, 'level', ag.level, 'always', g.always, 'expiresAt', ag.expires_at))
        from access_grants ag join user_groups g on g.id = ag.user_group_id
        where ag.contact_id = ${contactId} and (ag.expires_at is null or ag.expires_at > now())
      ), '[]'::json) as grants,
      coalesce((
        select json_agg(distinct restricted.module)
        from module_allowed_groups restricted
        where not exists (
          select 1 from module_allowed_groups allowed
          where allowed.module = restricted.module
            and ${isMember(contactId, organizationId, sql.ref('allowed.user_group_id'))}
        )
      ), '[]'::json) as blocked`.execute(db);
  const result = row.rows[0] ?? { grants: [], blocked: [] };
  const blocked = new Set(result.blocked);
  return {
    grants: result.grants.map((g) => ({ ...g, expiresAt: g.expiresAt ? new Date(g.expiresAt) : null })),
    modules: new Set(MODULES.filter((m) => !blocked.has(m))),
  };
}
