import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { recordAudit } from '../audit/record.ts';
import type { SyncPlan } from './plan.ts';
import { dnKey } from './read.ts';

/** Who a sync's audit rows name: the administrator who asked for it, or the schedule. */
export type SyncActor = Parameters<typeof recordAudit>[1];

/**
 * Writes a sync plan in the caller's transaction, one audit row per change, so a crash mid-sync
 * leaves the state before it. Disabling a contact signs it out everywhere: its sessions, pending
 * sign-in challenges and API tokens go in the same transaction.
 */
export async function applySyncPlan(trx: Transaction<DB>, who: SyncActor, plan: SyncPlan): Promise<void> {
  const audit = (entry: Parameters<typeof recordAudit>[2]) => recordAudit(trx, who, entry);
  /** A record the directory keeps changed: its fields before, and after with the entry's DN. */
  const changed = (
    action: string,
    entityType: string,
    entityId: string,
    c: { dn: string; before: object; after: object },
  ) => audit({ action, entityType, entityId, before: c.before, after: { dn: c.dn, ...c.after } });
  for (const g of plan.createGroups) {
    await trx
      .insertInto('user_groups')
      .values({ id: g.userGroupId, name: g.name, description: g.description, directory_dn: dnKey(g.dn) })
      .execute();
    await audit({
      action: 'directory_create_group',
      entityType: 'user_group',
      entityId: g.userGroupId,
      after: { dn: g.dn, name: g.name, description: g.description },
    });
  }
  for (const r of plan.renameGroups) {
    await touchGroup(trx, r.userGroupId, r.after);
    await changed('directory_rename_group', 'user_group', r.userGroupId, r);
  }
  for (const c of plan.create) {
    await trx
      .insertInto('contacts')
      .values({ id: c.contactId, ...c.columns, attributes: JSON.stringify(c.columns.attributes) })
      .execute();
    await trx.insertInto('directory_accounts').values({ contact_id: c.contactId, dn: c.dn }).execute();
    await audit({
      action: 'directory_create_contact',
      entityType: 'contact',
      entityId: c.contactId,
      after: { dn: c.dn, ...c.columns },
    });
  }
  for (const u of plan.update) {
    const { attributes, ...columns } = u.after;
    if (Object.keys(u.after).length > 0)
      await trx
        .updateTable('contacts')
        .set({
          ...columns,
          ...(attributes ? { attributes: JSON.stringify(attributes) } : {}),
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', u.contactId)
        .execute();
    await trx
      .insertInto('directory_accounts')
      .values({ contact_id: u.contactId, dn: u.dn })
      .onConflict((oc) => oc.column('contact_id').doUpdateSet({ dn: u.dn, synced_at: sql<Date>`now()` }))
      .execute();
    await changed(u.link ? 'directory_link_contact' : 'directory_update_contact', 'contact', u.contactId, u);
  }
  for (const d of plan.disable) {
    await setDisabled(trx, d.contactId, true);
    await signOutEverywhere(trx, d.contactId);
    await audit({
      action: 'directory_disable_contact',
      entityType: 'contact',
      entityId: d.contactId,
      before: { disabled: false },
      after: { disabled: true, reason: d.reason, dn: d.dn },
    });
  }
  for (const e of plan.enable) {
    await setDisabled(trx, e.contactId, false);
    await audit({
      action: 'directory_enable_contact',
      entityType: 'contact',
      entityId: e.contactId,
      before: { disabled: true },
      after: { disabled: false, dn: e.dn },
    });
  }
  for (const m of plan.addMembers) {
    await trx
      .insertInto('user_group_contacts')
      .values({ user_group_id: m.userGroupId, contact_id: m.contactId, directory_managed: true })
      .execute();
    await membershipAudit(trx, who, m, true);
  }
  for (const m of plan.removeMembers) {
    await trx
      .deleteFrom('user_group_contacts')
      .where('user_group_id', '=', m.userGroupId)
      .where('contact_id', '=', m.contactId)
      .where('directory_managed', '=', true)
      .execute();
    await membershipAudit(trx, who, m, false);
  }
}

/** A user group changed (its members, or its name and description, which the directory sets). */
const touchGroup = (trx: Transaction<DB>, id: string, set: { name?: string; description?: string } = {}) =>
  trx
    .updateTable('user_groups')
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();

async function membershipAudit(
  trx: Transaction<DB>,
  who: SyncActor,
  m: { userGroupId: string; contactId: string },
  member: boolean,
) {
  await touchGroup(trx, m.userGroupId);
  await recordAudit(trx, who, {
    action: member ? 'directory_add_member' : 'directory_remove_member',
    entityType: 'user_group',
    entityId: m.userGroupId,
    before: { contactId: m.contactId, directoryMember: !member },
    after: { contactId: m.contactId, directoryMember: member },
  });
}

async function setDisabled(trx: Transaction<DB>, contactId: string, disabled: boolean) {
  await trx
    .updateTable('contacts')
    .set({ disabled, updated_at: sql<Date>`now()` })
    .where('id', '=', contactId)
    .execute();
  await trx
    .updateTable('directory_accounts')
    .set({ disabled_by_directory: disabled })
    .where('contact_id', '=', contactId)
    .execute();
}

/** Every way the contact is signed in ends: sessions, half-done sign-ins, API tokens. */
async function signOutEverywhere(trx: Transaction<DB>, contactId: string) {
  await trx.deleteFrom('sessions').where('contact_id', '=', contactId).execute();
  await trx.deleteFrom('sign_in_challenges').where('contact_id', '=', contactId).execute();
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('contact_id', '=', contactId)
    .where('revoked_at', 'is', null)
    .execute();
}
