import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Module, Privilege } from './privileges.ts';
import type { LoadedContact } from './actor.ts';
import type { ActionNeeds, Denial } from './explanation.ts';
import { isMember } from './membership.ts';

/**
 * The per-contact gates of the permission model, before any path to a record counts: the portal
 * lets the contact in (enabled, portal.login), its group holds the privilege, it may use the
 * module. Per request they are resolved into the actor (actor.ts: contactForSessionToken's
 * filter and maySignIn, the privileges, `modules`); here are the other forms side by side: the SQL over a
 * contacts row joined with its privilege group, for set-based questions about many contacts at
 * once (preview, review, the bulk forms of tickets.ts and records.ts), and the explain form
 * (gateDenial). Property tests compare the relations built on them with the per-actor scope
 * builders (test/api/access-preview.test.ts) and explain with the portal
 * (test/api/access-explain.test.ts).
 *
 * Aliases: the contact row is `ct`, its privilege group `pgp`. isMember's subqueries use `m_`
 * aliases, which an outer reference must not use.
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
 * The contact may use the module (permission-model §5, as portalAccessColumns in actor.ts decides it per request): the
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

/** The first gate the contact fails for the action, in the model's order, or undefined. */
export async function gateDenial(
  db: Kysely<DB>,
  contact: LoadedContact,
  needs: ActionNeeds,
  cannot: string,
): Promise<Denial | undefined> {
  const { actor } = contact;
  if (contact.disabled)
    return { reason: 'contact_disabled', text: `${cannot}: the contact is disabled`, data: {} };
  if (!actor.privileges.has('portal.login'))
    return {
      reason: 'no_portal_login',
      text: `${cannot}: its privilege group '${contact.privilegeGroupName}' lacks portal.login, so it cannot sign in`,
      data: { privilegeGroup: { id: actor.privilegeGroupId, name: contact.privilegeGroupName } },
    };
  const blocked = needs.modules.find((m) => !actor.modules.has(m));
  if (blocked) {
    const groups = await moduleGroups(db, blocked);
    const names = groups.map((g) => `'${g.name}'`).join(', ');
    return {
      reason: 'module_not_usable',
      text: `${cannot}: module ${blocked} is only for members of ${names} and it is a member of none of them`,
      data: { module: blocked, allowedGroups: groups },
    };
  }
  const missing = needs.privileges.filter((p) => !actor.privileges.has(p));
  if (missing.length)
    return {
      reason: 'privilege_missing',
      text: `${cannot}: its privilege group '${contact.privilegeGroupName}' lacks ${missing.join(', ')}`,
      data: { privilegeGroup: { id: actor.privilegeGroupId, name: contact.privilegeGroupName }, missing },
    };
  return undefined;
}
