import { type Transaction } from 'kysely';
import type { DB, ScopeLevel, TicketScope } from '../db/schema.ts';
import { conflict, invalid } from '../errors.ts';
import type { Module, Privilege } from './privileges.ts';
import type { Rule } from './rules.ts';

/**
 * A proposed change to the permission configuration (what preview answers for): refused as the
 * save would refuse it (422 naming the field, 409 for a system privilege group), and applied with
 * the same rows the staff API writes, the triggers doing the rest.
 */
export type AccessChange =
  | { kind: 'add_grant'; contactId: string; userGroupId: string; level: ScopeLevel; expiresAt?: Date | null }
  | { kind: 'remove_grant'; grantId: string }
  | { kind: 'add_member'; userGroupId: string; contactId: string }
  | { kind: 'remove_member'; userGroupId: string; contactId: string }
  | { kind: 'set_rule'; userGroupId: string; rule: Rule | null }
  | {
      kind: 'add_group_organization';
      userGroupId: string;
      organizationId: string;
      includeSubOrganizations: boolean;
    }
  | { kind: 'remove_group_organization'; userGroupId: string; organizationId: string }
  | {
      kind: 'update_privilege_group';
      privilegeGroupId: string;
      privileges?: Privilege[];
      ticketScope?: TicketScope;
      recordScope?: TicketScope;
      scopeLevel?: ScopeLevel;
    }
  | { kind: 'set_module_groups'; module: Module; allowedGroupIds: string[] }
  | { kind: 'move_contact'; contactId: string; organizationId: string }
  | { kind: 'move_organization'; organizationId: string; parentId: string | null }
  | { kind: 'set_privilege_group'; contactId: string; privilegeGroupId: string };

type Trx = Transaction<DB>;

type Table = 'contacts' | 'user_groups' | 'organizations' | 'privilege_groups' | 'access_grants';

async function mustExist(trx: Trx, table: Table, id: string, path: string, what: string): Promise<void> {
  const row = await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw invalid(path, `no such ${what}`);
}

const contact = (trx: Trx, id: string) => mustExist(trx, 'contacts', id, 'body.contactId', 'contact');
const group = (trx: Trx, id: string) => mustExist(trx, 'user_groups', id, 'body.userGroupId', 'user group');
const organization = (trx: Trx, id: string, path = 'body.organizationId') =>
  mustExist(trx, 'organizations', id, path, 'organization');

export async function checkChange(trx: Trx, change: AccessChange): Promise<void> {
  switch (change.kind) {
    case 'add_grant':
      await contact(trx, change.contactId);
      await group(trx, change.userGroupId);
      if (change.expiresAt && change.expiresAt.getTime() <= Date.now())
        throw invalid('body.expiresAt', 'must be in the future');
      return;
    case 'remove_grant':
      return mustExist(trx, 'access_grants', change.grantId, 'body.grantId', 'access grant');
    case 'add_member':
    case 'remove_member':
      await group(trx, change.userGroupId);
      return contact(trx, change.contactId);
    case 'set_rule':
      return group(trx, change.userGroupId);
    case 'add_group_organization':
    case 'remove_group_organization':
      await group(trx, change.userGroupId);
      return organization(trx, change.organizationId);
    case 'update_privilege_group': {
      const row = await trx
        .selectFrom('privilege_groups')
        .select('system_key')
        .where('id', '=', change.privilegeGroupId)
        .executeTakeFirst();
      if (!row) throw invalid('body.privilegeGroupId', 'no such privilege group');
      if (row.system_key !== null)
        throw conflict('System privilege groups cannot be edited; make a copy and edit that.');
      return;
    }
    case 'set_module_groups': {
      const ids = [...new Set(change.allowedGroupIds)];
      const found = ids.length
        ? await trx.selectFrom('user_groups').select('id').where('id', 'in', ids).execute()
        : [];
      const known = new Set(found.map((r) => r.id));
      const missing = change.allowedGroupIds.findIndex((id) => !known.has(id));
      if (missing >= 0) throw invalid(`body.allowedGroupIds.${missing}`, 'no such user group');
      return;
    }
    case 'move_contact':
      await contact(trx, change.contactId);
      return organization(trx, change.organizationId);
    case 'move_organization': {
      await organization(trx, change.organizationId);
      if (change.parentId === null) return;
      await organization(trx, change.parentId, 'body.parentId');
      const inside = await trx
        .selectFrom('organization_closure')
        .select('depth')
        .where('ancestor_id', '=', change.organizationId)
        .where('descendant_id', '=', change.parentId)
        .executeTakeFirst();
      if (inside)
        throw invalid(
          'body.parentId',
          'an organization cannot be placed under itself or one of its descendants',
        );
      return;
    }
    case 'set_privilege_group':
      await contact(trx, change.contactId);
      return mustExist(
        trx,
        'privilege_groups',
        change.privilegeGroupId,
        'body.privilegeGroupId',
        'privilege group',
      );
  }
}

/** The same rows the staff API writes for the change; the triggers do the rest. */
export async function applyChange(trx: Trx, change: AccessChange): Promise<void> {
  switch (change.kind) {
    case 'add_grant':
      await trx
        .insertInto('access_grants')
        .values({
          contact_id: change.contactId,
          user_group_id: change.userGroupId,
          level: change.level,
          expires_at: change.expiresAt ?? null,
        })
        .execute();
      return;
    case 'remove_grant':
      await trx.deleteFrom('access_grants').where('id', '=', change.grantId).execute();
      return;
    case 'add_member':
      await trx
        .insertInto('user_group_contacts')
        .values({ user_group_id: change.userGroupId, contact_id: change.contactId })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return;
    case 'remove_member':
      await trx
        .deleteFrom('user_group_contacts')
        .where('user_group_id', '=', change.userGroupId)
        .where('contact_id', '=', change.contactId)
        .execute();
      return;
    case 'set_rule':
      await trx
        .updateTable('user_groups')
        .set({ rule: change.rule ? JSON.stringify(change.rule) : null })
        .where('id', '=', change.userGroupId)
        .execute();
      return;
    case 'add_group_organization':
      await trx
        .insertInto('user_group_organizations')
        .values({
          user_group_id: change.userGroupId,
          organization_id: change.organizationId,
          include_sub_organizations: change.includeSubOrganizations,
        })
        .onConflict((oc) =>
          oc
            .columns(['user_group_id', 'organization_id'])
            .doUpdateSet({ include_sub_organizations: change.includeSubOrganizations }),
        )
        .execute();
      return;
    case 'remove_group_organization':
      await trx
        .deleteFrom('user_group_organizations')
        .where('user_group_id', '=', change.userGroupId)
        .where('organization_id', '=', change.organizationId)
        .execute();
      return;
    case 'update_privilege_group': {
      const { privileges, ticketScope, recordScope, scopeLevel } = change;
      if (!privileges && !ticketScope && !recordScope && !scopeLevel) return;
      await trx
        .updateTable('privilege_groups')
        .set({
          ...(privileges ? { privileges: [...new Set(privileges)].sort() } : {}),
          ...(ticketScope ? { ticket_scope: ticketScope } : {}),
          ...(recordScope ? { record_scope: recordScope } : {}),
          ...(scopeLevel ? { scope_level: scopeLevel } : {}),
        })
        .where('id', '=', change.privilegeGroupId)
        .execute();
      return;
    }
    case 'set_module_groups': {
      const ids = [...new Set(change.allowedGroupIds)];
      await trx.deleteFrom('module_allowed_groups').where('module', '=', change.module).execute();
      if (ids.length)
        await trx
          .insertInto('module_allowed_groups')
          .values(ids.map((id) => ({ module: change.module, user_group_id: id })))
          .execute();
      return;
    }
    case 'move_contact':
      await trx
        .updateTable('contacts')
        .set({ organization_id: change.organizationId })
        .where('id', '=', change.contactId)
        .execute();
      return;
    case 'move_organization':
      await trx
        .updateTable('organizations')
        .set({ parent_id: change.parentId })
        .where('id', '=', change.organizationId)
        .execute();
      return;
    case 'set_privilege_group':
      await trx
        .updateTable('contacts')
        .set({ privilege_group_id: change.privilegeGroupId })
        .where('id', '=', change.contactId)
        .execute();
      return;
  }
}
