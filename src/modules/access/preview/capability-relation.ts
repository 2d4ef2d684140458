import { sql, type RawBuilder } from 'kysely';
import { maySignInSql, mayUseModuleSql, type ContactIds } from '../../../authz/contacts.ts';
import { MODULES, PRIVILEGE_NAMES, type Module, type Privilege } from '../../../authz/privileges.ts';

/**
 * What the contacts may do, as (kind 'capability', contact_id, privilege): each privilege its
 * privilege group holds, when it may sign in and may use the module the privilege belongs to
 * (permission-model §2, §5). A module restricted to groups (the knowledge base, charges), a
 * privilege gained or lost, a contact moved out of an allowed group: each shows as capabilities
 * gained or lost, beside the records whose visibility they decide.
 */

/** The module a privilege acts in (none: signing in, the own password). */
export function moduleOfPrivilege(privilege: Privilege): Module | null {
  const [head] = privilege.split('.');
  if (head === 'attachments') return 'tickets';
  return (MODULES as readonly string[]).includes(head ?? '') ? (head as Module) : null;
}

const privilegesOf = (module: Module | null) =>
  PRIVILEGE_NAMES.filter((p) => moduleOfPrivilege(p) === module);

/** One SELECT of ('capability', contact_id, privilege) for the contacts (a subquery of ids). */
export function capabilityRelation(contactIds: ContactIds): RawBuilder<unknown> {
  const usable = MODULES.map(
    (m) => sql`(${sql.ref(`cu.${m}`)} and cp.privilege = any(${privilegesOf(m)}::text[]))`,
  );
  return sql`select 'capability'::text as kind, ct.id as contact_id, cp.privilege as record_id
    from contacts ct join privilege_groups pgp on pgp.id = ct.privilege_group_id
    cross join lateral (select ${sql.join(
      MODULES.map(
        (m) => sql`${mayUseModuleSql(m, sql.ref('ct.id'), sql.ref('ct.organization_id'))} as ${sql.ref(m)}`,
      ),
    )}) cu
    cross join unnest(pgp.privileges) cp(privilege)
    where ct.id in (${contactIds}) and ${maySignInSql()}
      and (cp.privilege = any(${privilegesOf(null)}::text[]) or ${sql.join(usable, sql` or `)})`;
}
