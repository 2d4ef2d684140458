import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import type { ContactActor } from '../../authz/actor.ts';
import { MODULE_VIEW_PRIVILEGE, MODULES } from '../../authz/privileges.ts';
import { availableViews } from '../../authz/tickets/condition.ts';
import { loadGrants } from '../../authz/grants.ts';
import { wireRow } from '../shared/wire-names.ts';

export async function loadStaffUser(db: Kysely<DB>, id: string) {
  const row = await db
    .selectFrom('staff_users')
    .select(['id', 'name', 'email', 'role', 'can_impersonate'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Staff user');
  return wireRow(row);
}

/** What the portal shows a contact about itself: who, where, and exactly what it may use. */
export async function loadPortalMe(db: Kysely<DB>, actor: ContactActor) {
  const contactId = actor.id;
  const row = await db
    .selectFrom('contacts')
    .innerJoin('organizations', 'organizations.id', 'contacts.organization_id')
    .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
    .select([
      'contacts.id',
      'contacts.name',
      'contacts.email',
      'contacts.phone',
      'contacts.title',
      'contacts.department',
      'organizations.id as organizationId',
      'organizations.name as organizationName',
      'privilege_groups.id as privilegeGroupId',
      'privilege_groups.name as privilegeGroupName',
    ])
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
  if (!row) throw notFound('Contact');
  return {
    contact: {
      id: row.id,
      name: row.name,
      email: row.email,
      phone: row.phone,
      title: row.title,
      department: row.department,
    },
    organization: { id: row.organizationId, name: row.organizationName },
    privilegeGroup: { id: row.privilegeGroupId, name: row.privilegeGroupName },
    privileges: [...actor.privileges].sort(),
    ticketScope: actor.ticketScope,
    recordScope: actor.recordScope,
    scopeLevel: actor.scopeLevel,
    // The portal shows a module when its visibility lets the contact in and its group may view it.
    modules: MODULES.filter((m) => actor.modules.has(m) && actor.privileges.has(MODULE_VIEW_PRIVILEGE[m])),
    views: availableViews(actor),
    impersonation: actor.impersonation
      ? {
          staffName: actor.impersonation.staffName,
          mode: actor.impersonation.mode,
          expiresAt: actor.impersonation.expiresAt,
          hiddenPrivileges: [...(actor.hiddenByReadOnly ?? [])].sort(),
        }
      : null,
    grants: (await loadGrants(db, contactId)).map(({ groupId, groupName, level, expiresAt }) => ({
      groupId,
      groupName,
      level,
      expiresAt,
    })),
  };
}
