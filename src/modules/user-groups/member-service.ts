import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { queueGroupMail } from '../../mail/group-mail.ts';
import { notFound } from '../../errors.ts';
import { audit, type ChangeContext } from '../audit/change.ts';
import { recordAudit } from '../audit/record.ts';
import { findContactBrief } from './repo.ts';
import { lockGroup } from './service.ts';

/**
 * Fine-grained membership writes (one contact, one organization) and the group e-mail. Like the
 * rest of the module's writes they run in the caller's transaction with their audit row; a
 * request that changes nothing (adding a member twice) writes no audit row.
 */

const ENTITY = 'user_group';

const touch = (ctx: { trx: ChangeContext['trx'] }, id: string) =>
  ctx.trx
    .updateTable('user_groups')
    .set({ updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();

async function existingContact(ctx: ChangeContext, contactId: string) {
  const contact = await findContactBrief(ctx.trx, contactId);
  if (!contact) throw notFound('Contact');
  return contact;
}

/**
 * Who changes an explicit membership: a staff user's request, or the system on their behalf (a
 * sign-in applying its provider's group claims). Audited alike.
 */
export type MembershipWriter = {
  trx: ChangeContext['trx'];
  who: Parameters<typeof recordAudit>[1];
  ip: string;
};

const writerOf = (ctx: ChangeContext): MembershipWriter => ({ trx: ctx.trx, who: ctx.staff, ip: ctx.ip });

/** A contact became (or stopped being) an explicit member: the group is touched and audited. */
async function explicitMembershipChanged(
  w: MembershipWriter,
  id: string,
  contactId: string,
  member: boolean,
) {
  await touch(w, id);
  const entry = {
    action: member ? 'add_contact' : 'remove_contact',
    entityType: ENTITY,
    entityId: id,
    before: { contactId, explicitMember: !member },
    after: { contactId, explicitMember: member },
  };
  await recordAudit(w.trx, w.who, entry, w.ip);
}

/**
 * Makes an existing contact an explicit member of an existing group; true when it was not one
 * (adding one twice changes nothing and audits nothing).
 */
export async function addExplicitMember(
  w: MembershipWriter,
  id: string,
  contactId: string,
): Promise<boolean> {
  const added = await w.trx
    .insertInto('user_group_contacts')
    .values({ user_group_id: id, contact_id: contactId })
    .onConflict((oc) => oc.doNothing())
    .returning('contact_id')
    .execute();
  if (added.length > 0) await explicitMembershipChanged(w, id, contactId, true);
  return added.length > 0;
}

/** Ends an explicit membership; true when there was one. */
export async function removeExplicitMember(
  w: MembershipWriter,
  id: string,
  contactId: string,
): Promise<boolean> {
  const removed = await w.trx
    .deleteFrom('user_group_contacts')
    .where('user_group_id', '=', id)
    .where('contact_id', '=', contactId)
    .returning('contact_id')
    .execute();
  if (removed.length > 0) await explicitMembershipChanged(w, id, contactId, false);
  return removed.length > 0;
}

/** Adds an explicit member; adding one twice changes nothing. */
export async function addGroupContact(ctx: ChangeContext, id: string, contactId: string): Promise<void> {
  await lockGroup(ctx, id);
  await existingContact(ctx, contactId);
  await addExplicitMember(writerOf(ctx), id, contactId);
}

export async function removeGroupContact(ctx: ChangeContext, id: string, contactId: string): Promise<void> {
  await lockGroup(ctx, id);
  await existingContact(ctx, contactId);
  await removeExplicitMember(writerOf(ctx), id, contactId);
}

async function memberOrganization(ctx: ChangeContext, id: string, organizationId: string) {
  const organization = await ctx.trx
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  if (!organization) throw notFound('Organization');
  const row = await ctx.trx
    .selectFrom('user_group_organizations')
    .select('include_sub_organizations')
    .where('user_group_id', '=', id)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row ? { organizationId, includeSubOrganizations: row.include_sub_organizations } : null;
}

/** Makes the organization a member organization (or changes its sub-organization flag). */
export async function setGroupOrganization(
  ctx: ChangeContext,
  id: string,
  organizationId: string,
  includeSubOrganizations: boolean,
): Promise<void> {
  await lockGroup(ctx, id);
  const before = await memberOrganization(ctx, id, organizationId);
  if (before?.includeSubOrganizations === includeSubOrganizations) return;
  await ctx.trx
    .insertInto('user_group_organizations')
    .values({
      user_group_id: id,
      organization_id: organizationId,
      include_sub_organizations: includeSubOrganizations,
    })
    .onConflict((oc) =>
      oc
        .columns(['user_group_id', 'organization_id'])
        .doUpdateSet({ include_sub_organizations: includeSubOrganizations }),
    )
    .execute();
  await touch(ctx, id);
  await audit(ctx, {
    action: 'set_organization',
    entityType: ENTITY,
    entityId: id,
    before,
    after: { organizationId, includeSubOrganizations },
  });
}

export async function removeGroupOrganization(
  ctx: ChangeContext,
  id: string,
  organizationId: string,
): Promise<void> {
  await lockGroup(ctx, id);
  const before = await memberOrganization(ctx, id, organizationId);
  if (!before) return;
  await ctx.trx
    .deleteFrom('user_group_organizations')
    .where('user_group_id', '=', id)
    .where('organization_id', '=', organizationId)
    .execute();
  await touch(ctx, id);
  await audit(ctx, { action: 'remove_organization', entityType: ENTITY, entityId: id, before, after: null });
}

/**
 * Queues the group e-mail as one batch in the request's transaction with its audit row; the worker
 * expands it into a message per enabled member and sends them. The batch id follows the progress.
 */
export async function queueGroupEmail(
  ctx: ChangeContext,
  id: string,
  message: { subject: string; text: string },
) {
  const group = await ctx.trx
    .selectFrom('user_groups')
    .select(['id', 'always'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!group) throw notFound('User group');
  const batchId = randomUUID();
  const queued = await queueGroupMail(ctx.trx, group, { batchId, staffUserId: ctx.staff.id, ...message });
  await audit(ctx, {
    action: 'email_members',
    entityType: ENTITY,
    entityId: id,
    after: { subject: message.subject, recipients: queued, batchId },
  });
  return { queued, batchId };
}
