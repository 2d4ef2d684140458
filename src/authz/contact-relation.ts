import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Module, Privilege } from './privileges.ts';
import { isMember } from './membership.ts';

/**
 * The per-contact gates of the permission model as SQL over a contacts row joined with its
 * privilege group, for set-based questions about many contacts at once (preview, review). They
 * are the SQL forms of what a request resolves for one contact: contactForSessionToken (enabled,
 * portal.login), the route policy and scope builders (privilege held) and loadPortalAccess
 * (module usable). Property tests compare the relations built on them with the per-actor scope
 * builders (test/api/access-preview.test.ts).
 *
 * Aliases: the contact row is `ct`, its privilege group `pgp`. Never `c`, `g`, `e`, `r`, `ugo` or
 * `oc`: isMember's subqueries use those and would capture an outer reference.
 */

export type GateAliases = { contact: string; privilegeGroup: string };
const DEFAULT: GateAliases = { contact: 'ct', privilegeGroup: 'pgp' };

const col = (alias: string, column: string) => sql.ref<string>(`${alias}.${column}`);

/** The portal lets the contact in at all: not disabled, and its group holds portal.login. */
export function maySignInSql(a: GateAliases = DEFAULT): Expression<SqlBool> {
  return sql<SqlBool>`(not ${col(a.contact, 'disabled')} and 'portal.login' = any(${col(a.privilegeGroup, 'privileges')}))`;
}

/** The contact's privilege group holds the privilege. */
export function holdsSql(privilege: Privilege, a: GateAliases = DEFAULT): Expression<SqlBool> {
  return sql<SqlBool>`(${privilege} = any(${col(a.privilegeGroup, 'privileges')}))`;
}

/**
 * The contact may use the module (permission-model §5, as loadPortalAccess decides it): the
 * module has no allowed groups, or the contact is a member of one of them.
 */
export function mayUseModuleSql(
  module: Module,
  contactId: Expression<string>,
  organizationId: Expression<string>,
): Expression<SqlBool> {
  return sql<SqlBool>`(
    not exists (select 1 from module_allowed_groups mr where mr.module = ${module})
    or exists (select 1 from module_allowed_groups ma where ma.module = ${module}
      and ${isMember(contactId, organizationId, sql.ref('ma.user_group_id'))}))`;
}

/** The contact may sign in, holds the privilege and may use the module: the gate of every portal read. */
export function portalGateSql(
  module: Module,
  privilege: Privilege,
  a: GateAliases = DEFAULT,
): Expression<SqlBool> {
  return sql<SqlBool>`(${maySignInSql(a)} and ${holdsSql(privilege, a)}
    and ${mayUseModuleSql(module, col(a.contact, 'id'), col(a.contact, 'organization_id'))})`;
}

export { liveGrantSql } from './membership.ts';

/** A set of contact ids as a subquery, e.g. sql`select id from contacts`. */
export type ContactIds = RawBuilder<unknown>;

/** The allowed groups of a module (empty: open to everyone), by name. */
export async function moduleGroups(db: Kysely<DB>, module: Module): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('module_allowed_groups as mag')
    .innerJoin('user_groups as ug', 'ug.id', 'mag.user_group_id')
    .select(['ug.id', 'ug.name'])
    .where('mag.module', '=', module)
    .orderBy('ug.name')
    .execute();
}
