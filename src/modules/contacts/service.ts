import { deleteSessionsOf } from '../../auth/sessions.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditedRows } from '../shared/audited-rows.ts';
import { updateStamped } from '../shared/partial-update.ts';
import { findOrganization } from '../organizations/repo.ts';
import {
  contactEmailTaken,
  contactHasTickets,
  defaultPrivilegeGroupId,
  findContact,
  privilegeGroupExists,
  toContactOut,
} from './repo.ts';
import type { ContactCreate, ContactOut, ContactUpdate } from './schema.ts';

/**
 * Writes of contacts. A contact's organization and privilege group decide what it sees
 * (permission-model §2, §3), so the preview of those changes runs these very functions. Each runs
 * in the caller's transaction with its audit row.
 */

const log = auditedRows('contact', toContactOut);
const emailTaken = () => conflict('A contact with this e-mail address already exists.');

async function checkOrganization(ctx: ChangeContext, id: string | undefined): Promise<void> {
  if (id !== undefined && !(await findOrganization(ctx.trx, id)))
    throw invalid('body.organizationId', 'no such organization');
}

async function checkPrivilegeGroup(ctx: ChangeContext, id: string | undefined): Promise<void> {
  if (id !== undefined && !(await privilegeGroupExists(ctx.trx, id)))
    throw invalid('body.privilegeGroupId', 'no such privilege group');
}

export async function createContact(ctx: ChangeContext, input: ContactCreate): Promise<ContactOut> {
  await checkOrganization(ctx, input.organizationId);
  await checkPrivilegeGroup(ctx, input.privilegeGroupId);
  const groupId = input.privilegeGroupId ?? (await defaultPrivilegeGroupId(ctx.trx));
  if (!groupId) throw conflict('No privilege group is marked as the default; choose one.');
  if (await contactEmailTaken(ctx.trx, input.email)) throw emailTaken();
  const created = await ctx.trx
    .insertInto('contacts')
    .values({
      name: input.name,
      email: input.email,
      phone: input.phone ?? '',
      title: input.title ?? '',
      department: input.department ?? '',
      attributes: JSON.stringify(input.attributes ?? {}),
      organization_id: input.organizationId,
      privilege_group_id: groupId,
      disabled: input.disabled ?? false,
      password_hash: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return log.created(ctx, created);
}

export async function updateContact(
  ctx: ChangeContext,
  id: string,
  input: ContactUpdate,
): Promise<ContactOut> {
  const before = await findContact(ctx.trx, id);
  if (!before) throw notFound('Contact');
  await checkOrganization(ctx, input.organizationId);
  await checkPrivilegeGroup(ctx, input.privilegeGroupId);
  if (input.email !== undefined && (await contactEmailTaken(ctx.trx, input.email, id))) throw emailTaken();
  const updated = await updateStamped(ctx.trx, 'contacts', id, {
    name: input.name,
    email: input.email,
    phone: input.phone,
    title: input.title,
    department: input.department,
    attributes: input.attributes && JSON.stringify(input.attributes),
    organization_id: input.organizationId,
    privilege_group_id: input.privilegeGroupId,
    disabled: input.disabled,
  });
  // A disabled contact is signed out everywhere, in the same transaction.
  if (input.disabled === true) await deleteSessionsOf(ctx.trx, { contactId: id });
  return log.updated(ctx, before, updated);
}

export async function deleteContact(ctx: ChangeContext, id: string): Promise<void> {
  const before = await findContact(ctx.trx, id);
  if (!before) throw notFound('Contact');
  // tickets.requester_id is ON DELETE RESTRICT; the check gives a clearer message than the FK.
  if (await contactHasTickets(ctx.trx, id))
    throw conflict('The contact is the requester of tickets and cannot be deleted; disable it instead.');
  await ctx.trx.deleteFrom('contacts').where('id', '=', id).execute();
  await log.deleted(ctx, before);
}
