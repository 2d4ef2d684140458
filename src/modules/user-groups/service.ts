import { conflict, invalid, notFound } from '../../errors.ts';
import { audit, type ChangeContext } from '../audit/change.ts';
import { updateStamped } from '../shared/partial-update.ts';
import {
  firstMissing,
  loadUserGroup,
  lockUserGroup,
  modulesRestrictedTo,
  userGroupNameTaken,
} from './repo.ts';
import type { UserGroupCreate, UserGroupOut, UserGroupUpdate } from './schema.ts';

/**
 * Writes of user groups and their memberships (permission-model §3). Each runs in the caller's
 * transaction with its audit row. user_group_rule_members and organization_closure are kept by
 * triggers: only the group's rule and the membership tables are written here.
 */

const ENTITY = 'user_group';
const nameTaken = () => conflict('A user group with this name already exists.');
type Members = Pick<UserGroupCreate, 'memberContactIds' | 'memberOrganizations'>;

/** The group as the audit log keeps it: the API item plus the explicit members. */
async function snapshot(ctx: ChangeContext, id: string) {
  const group = await loadUserGroup(ctx.trx, id);
  if (!group) throw notFound('User group');
  const members = await ctx.trx
    .selectFrom('user_group_contacts')
    .select('contact_id')
    .where('user_group_id', '=', id)
    .orderBy('contact_id')
    .execute();
  return { group, audited: { ...group, memberContactIds: members.map((m) => m.contact_id) } };
}

export async function lockGroup(ctx: ChangeContext, id: string): Promise<void> {
  if (!(await lockUserGroup(ctx.trx, id))) throw notFound('User group');
}

/** Every id in the lists must name a record (422 with the path of the first that does not). */
async function checkMembers(ctx: ChangeContext, input: Members): Promise<void> {
  const contacts = input.memberContactIds ?? [];
  const missingContact = await firstMissing(ctx.trx, 'contacts', contacts);
  if (missingContact >= 0) throw invalid(`body.memberContactIds.${missingContact}`, 'no such contact');
  const organizations = (input.memberOrganizations ?? []).map((o) => o.organizationId);
  const twice = organizations.findIndex((id, i) => organizations.indexOf(id) !== i);
  if (twice >= 0) throw invalid(`body.memberOrganizations.${twice}.organizationId`, 'listed twice');
  const missingOrganization = await firstMissing(ctx.trx, 'organizations', organizations);
  if (missingOrganization >= 0)
    throw invalid(`body.memberOrganizations.${missingOrganization}.organizationId`, 'no such organization');
}

/** Replaces the lists that are given. */
async function writeMembers(ctx: ChangeContext, groupId: string, input: Members): Promise<void> {
  if (input.memberContactIds !== undefined) {
    await ctx.trx.deleteFrom('user_group_contacts').where('user_group_id', '=', groupId).execute();
    const ids = [...new Set(input.memberContactIds)];
    if (ids.length > 0)
      await ctx.trx
        .insertInto('user_group_contacts')
        .values(ids.map((contactId) => ({ user_group_id: groupId, contact_id: contactId })))
        .execute();
  }
  if (input.memberOrganizations !== undefined) {
    await ctx.trx.deleteFrom('user_group_organizations').where('user_group_id', '=', groupId).execute();
    if (input.memberOrganizations.length > 0)
      await ctx.trx
        .insertInto('user_group_organizations')
        .values(
          input.memberOrganizations.map((o) => ({
            user_group_id: groupId,
            organization_id: o.organizationId,
            include_sub_organizations: o.includeSubOrganizations,
          })),
        )
        .execute();
  }
}

export async function createUserGroup(ctx: ChangeContext, input: UserGroupCreate): Promise<UserGroupOut> {
  if (await userGroupNameTaken(ctx.trx, input.name)) throw nameTaken();
  await checkMembers(ctx, input);
  const row = await ctx.trx
    .insertInto('user_groups')
    .values({
      name: input.name,
      description: input.description ?? '',
      always: input.always ?? false,
      rule: input.rule ? JSON.stringify(input.rule) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeMembers(ctx, row.id, input);
  const after = await snapshot(ctx, row.id);
  await audit(ctx, { action: 'create', entityType: ENTITY, entityId: row.id, after: after.audited });
  return after.group;
}

export async function updateUserGroup(
  ctx: ChangeContext,
  id: string,
  input: UserGroupUpdate,
): Promise<UserGroupOut> {
  await lockGroup(ctx, id);
  const before = await snapshot(ctx, id);
  if (input.name !== undefined && (await userGroupNameTaken(ctx.trx, input.name, id))) throw nameTaken();
  await checkMembers(ctx, input);
  await updateStamped(ctx.trx, 'user_groups', id, {
    name: input.name,
    description: input.description,
    always: input.always,
    // Setting the rule makes the trigger re-evaluate it for every contact, in this transaction.
    rule: input.rule && JSON.stringify(input.rule),
  });
  await writeMembers(ctx, id, input);
  const after = await snapshot(ctx, id);
  await audit(ctx, {
    action: 'update',
    entityType: ENTITY,
    entityId: id,
    before: before.audited,
    after: after.audited,
  });
  return after.group;
}

/**
 * Deletes the group with its memberships and the access grants on it (each grant's removal is
 * audited too). A group that module visibility uses is refused: removing it could open the
 * module to every contact.
 */
export async function deleteUserGroup(ctx: ChangeContext, id: string): Promise<void> {
  await lockGroup(ctx, id);
  const before = await snapshot(ctx, id);
  const modules = await modulesRestrictedTo(ctx.trx, id);
  if (modules.length > 0)
    throw conflict(`Module visibility uses this group (${modules.join(', ')}); remove it there first.`);
  const grants = await ctx.trx
    .selectFrom('access_grants')
    .selectAll()
    .where('user_group_id', '=', id)
    .orderBy('id')
    .execute();
  await ctx.trx.deleteFrom('user_groups').where('id', '=', id).execute();
  for (const g of grants) {
    await audit(ctx, {
      action: 'delete',
      entityType: 'access_grant',
      entityId: g.id,
      before: { contactId: g.contact_id, userGroupId: id, level: g.level, expiresAt: g.expires_at },
      after: { reason: 'user group deleted' },
    });
  }
  await audit(ctx, { action: 'delete', entityType: ENTITY, entityId: id, before: before.audited });
}
