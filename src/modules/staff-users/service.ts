import { sql } from 'kysely';
import { deleteSessionsOf } from '../../auth/sessions.ts';
import { conflict, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditedRows } from '../shared/audited-rows.ts';
import { updateStamped } from '../shared/partial-update.ts';
import { found } from '../shared/record-routes.ts';
import {
  anotherEnabledAdminExists,
  findStaffUser,
  isEnabledAdmin,
  lockAdministrators,
  staffEmailTaken,
  toStaffUserOut,
} from './repo.ts';
import type { StaffUserCreate, StaffUserOut, StaffUserUpdate } from './schema.ts';

const log = auditedRows('staff_user', toStaffUserOut);
const emailTaken = () => conflict('A staff user with this e-mail address already exists.');
const lastAdmin = () =>
  conflict('This is the last enabled administrator: make another user an administrator first.');

/** `passwordHash`: hashed by the caller before the transaction (argon2 is slow on purpose). */
export async function createStaffUser(
  ctx: ChangeContext,
  body: StaffUserCreate,
  passwordHash: string | null,
): Promise<StaffUserOut> {
  const { name, email, role, canImpersonate, disabled } = body;
  if (await staffEmailTaken(ctx.trx, email)) throw emailTaken();
  const created = await ctx.trx
    .insertInto('staff_users')
    .values({
      name,
      email,
      role,
      can_impersonate: canImpersonate ?? false,
      disabled: disabled ?? false,
      password_hash: passwordHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return log.created(ctx, created);
}

export async function updateStaffUser(
  ctx: ChangeContext,
  id: string,
  body: StaffUserUpdate,
): Promise<StaffUserOut> {
  if (body.role !== undefined || body.disabled !== undefined) await lockAdministrators(ctx.trx);
  const before = found(await findStaffUser(ctx.trx, id), 'Staff user');
  const losesAdmin = body.role === 'agent' || body.disabled === true;
  if (isEnabledAdmin(before) && losesAdmin && !(await anotherEnabledAdminExists(ctx.trx, id)))
    throw lastAdmin();
  if (body.email !== undefined && (await staffEmailTaken(ctx.trx, body.email, id))) throw emailTaken();
  const updated = await updateStamped(ctx.trx, 'staff_users', id, {
    name: body.name,
    email: body.email,
    role: body.role,
    can_impersonate: body.canImpersonate,
    disabled: body.disabled,
  });
  // Sessions end here; API tokens stop at once because authentication checks `disabled`.
  if (body.disabled === true) await deleteSessionsOf(ctx.trx, { staffUserId: id });
  return log.updated(ctx, before, updated);
}

export async function deleteStaffUser(ctx: ChangeContext, id: string): Promise<void> {
  await lockAdministrators(ctx.trx);
  const before = found(await findStaffUser(ctx.trx, id), 'Staff user');
  if (isEnabledAdmin(before) && !(await anotherEnabledAdminExists(ctx.trx, id))) throw lastAdmin();
  // Sessions and API tokens cascade; authored comments, links etc. keep a null author.
  await ctx.trx.deleteFrom('staff_users').where('id', '=', id).execute();
  await log.deleted(ctx, before);
}

/** An administrator sets someone's password; that person is signed out everywhere. */
export async function setStaffPassword(ctx: ChangeContext, id: string, passwordHash: string): Promise<void> {
  const updated = await ctx.trx
    .updateTable('staff_users')
    .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw notFound('Staff user');
  // An administrator resetting their own password keeps the session they are using.
  const keep = id === ctx.staff.id ? ctx.staff.sessionId : undefined;
  await deleteSessionsOf(ctx.trx, { staffUserId: id }, keep);
  await log.changed(ctx, 'password_set', id, undefined, undefined);
}

/** The signed-in user's own new password (already checked against the current one); other sessions end. */
export async function changeOwnPassword(ctx: ChangeContext, passwordHash: string): Promise<void> {
  await ctx.trx
    .updateTable('staff_users')
    .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
    .where('id', '=', ctx.staff.id)
    .execute();
  await deleteSessionsOf(ctx.trx, { staffUserId: ctx.staff.id }, ctx.staff.sessionId);
  await log.changed(ctx, 'password_changed', ctx.staff.id, undefined, undefined);
}
