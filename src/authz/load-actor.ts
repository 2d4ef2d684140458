import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ContactActor } from './actor.ts';
import type { Privilege } from './privileges.ts';
import { loadPortalAccess } from './portal-access.ts';

/**
 * A contact as the portal would see it on a request, built from its id instead of a session:
 * the same columns as contactForSessionToken (src/http/authenticate.ts) and the same
 * loadPortalAccess, so the staff tools (explain, contact access, preview tests) judge a contact
 * with exactly the actor enforcement uses. Unlike a session it is built for disabled contacts and
 * contacts without portal.login too; `maySignIn` says whether the portal would let it in at all.
 */
export type LoadedContact = {
  actor: ContactActor;
  disabled: boolean;
  privilegeGroupName: string;
  privilegeGroupSystemKey: string | null;
  organizationName: string;
};

export async function loadContactActor(
  db: Kysely<DB> | Transaction<DB>,
  contactId: string,
): Promise<LoadedContact | undefined> {
  const row = await db
    .selectFrom('contacts')
    .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
    .innerJoin('organizations', 'organizations.id', 'contacts.organization_id')
    .select([
      'contacts.id',
      'contacts.name',
      'contacts.email',
      'contacts.disabled',
      'contacts.organization_id',
      'contacts.privilege_group_id',
      'organizations.name as organization_name',
      'privilege_groups.name as privilege_group_name',
      'privilege_groups.system_key',
      'privilege_groups.privileges',
      'privilege_groups.ticket_scope',
      'privilege_groups.record_scope',
      'privilege_groups.scope_level',
    ])
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
  if (!row) return undefined;
  const access = await loadPortalAccess(db, { id: row.id, organizationId: row.organization_id });
  return {
    actor: {
      kind: 'contact',
      id: row.id,
      name: row.name,
      email: row.email,
      organizationId: row.organization_id,
      privilegeGroupId: row.privilege_group_id,
      privileges: new Set(row.privileges as Privilege[]),
      ticketScope: row.ticket_scope,
      recordScope: row.record_scope,
      scopeLevel: row.scope_level,
      grants: access.grants,
      modules: access.modules,
      // No session: the actor is for judging, never for acting.
      sessionId: '',
    },
    disabled: row.disabled,
    privilegeGroupName: row.privilege_group_name,
    privilegeGroupSystemKey: row.system_key,
    organizationName: row.organization_name,
  };
}

/** What authentication lets into the portal (contactForSessionToken): enabled, with portal.login. */
export const maySignIn = (contact: LoadedContact): boolean =>
  !contact.disabled && contact.actor.privileges.has('portal.login');
