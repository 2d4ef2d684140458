import { sql } from 'kysely';
import { conflict, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditedRows } from '../shared/audited-rows.ts';
import { updateStamped } from '../shared/partial-update.ts';
import {
  findPrivilegeGroup,
  freeCopyName,
  lockDefaultGroup,
  privilegeGroupInUse,
  privilegeGroupNameTaken,
  toPrivilegeGroupOut,
  type PrivilegeGroupRow,
} from './repo.ts';
import type { PrivilegeGroupCreate, PrivilegeGroupOut, PrivilegeGroupUpdate } from './schema.ts';

/**
 * Writes of privilege groups (permission-model §2). Each runs inside the caller's transaction
 * and records its audit row there, so a refused change leaves nothing behind.
 */

const log = auditedRows('privilege_group', toPrivilegeGroupOut);
const nameTaken = () => conflict('A privilege group with this name already exists.');
const normalise = (privileges: readonly string[]) => [...new Set(privileges)].sort();

async function lockedGroup(ctx: ChangeContext, id: string): Promise<PrivilegeGroupRow> {
  const row = await findPrivilegeGroup(ctx.trx, id, { forUpdate: true });
  if (!row) throw notFound('Privilege group');
  return row;
}

export async function createPrivilegeGroup(
  ctx: ChangeContext,
  input: PrivilegeGroupCreate,
): Promise<PrivilegeGroupOut> {
  if (await privilegeGroupNameTaken(ctx.trx, input.name)) throw nameTaken();
  const row = await ctx.trx
    .insertInto('privilege_groups')
    .values({
      name: input.name,
      description: input.description ?? '',
      privileges: normalise(input.privileges),
      ticket_scope: input.ticketScope,
      record_scope: input.recordScope,
      scope_level: input.scopeLevel,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return log.created(ctx, row);
}

export async function updatePrivilegeGroup(
  ctx: ChangeContext,
  id: string,
  input: PrivilegeGroupUpdate,
): Promise<PrivilegeGroupOut> {
  const before = await lockedGroup(ctx, id);
  if (before.system_key !== null)
    throw conflict('System privilege groups cannot be edited; make a copy and edit that.');
  if (input.name !== undefined && (await privilegeGroupNameTaken(ctx.trx, input.name, id))) throw nameTaken();
  const row = await updateStamped(ctx.trx, 'privilege_groups', id, {
    name: input.name,
    description: input.description,
    privileges: input.privileges && normalise(input.privileges),
    ticket_scope: input.ticketScope,
    record_scope: input.recordScope,
    scope_level: input.scopeLevel,
  });
  return log.updated(ctx, before, row);
}

export async function deletePrivilegeGroup(ctx: ChangeContext, id: string): Promise<void> {
  await lockDefaultGroup(ctx.trx);
  const before = await lockedGroup(ctx, id);
  if (before.system_key !== null) throw conflict('System privilege groups cannot be deleted.');
  if (before.is_default)
    throw conflict('The default privilege group cannot be deleted; make another group the default first.');
  if (await privilegeGroupInUse(ctx.trx, id))
    throw conflict('Contacts still use this privilege group; move them to another group first.');
  // contacts.privilege_group_id is ON DELETE RESTRICT: a contact added meanwhile still gives 409.
  await ctx.trx.deleteFrom('privilege_groups').where('id', '=', id).execute();
  await log.deleted(ctx, before);
}

/** A new custom group with the source's privileges, scopes and level (RepairShopr's Make Copy). */
export async function copyPrivilegeGroup(
  ctx: ChangeContext,
  id: string,
  name: string | undefined,
): Promise<PrivilegeGroupOut> {
  const source = await findPrivilegeGroup(ctx.trx, id);
  if (!source) throw notFound('Privilege group');
  if (name !== undefined && (await privilegeGroupNameTaken(ctx.trx, name))) throw nameTaken();
  const row = await ctx.trx
    .insertInto('privilege_groups')
    .values({
      name: name ?? (await freeCopyName(ctx.trx, source.name)),
      description: source.description,
      privileges: normalise(source.privileges),
      ticket_scope: source.ticket_scope,
      record_scope: source.record_scope,
      scope_level: source.scope_level,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toPrivilegeGroupOut(row);
  await log.changed(ctx, 'copy', row.id, { copiedFrom: toPrivilegeGroupOut(source) }, after);
  return after;
}

/** The group new contacts get. The old default is unset in the same transaction (one default at a time). */
export async function makeDefaultPrivilegeGroup(ctx: ChangeContext, id: string): Promise<PrivilegeGroupOut> {
  await lockDefaultGroup(ctx.trx);
  const target = await lockedGroup(ctx, id);
  if (target.is_default) return toPrivilegeGroupOut(target);
  const previous = await ctx.trx
    .selectFrom('privilege_groups')
    .selectAll()
    .where('is_default', '=', true)
    .forUpdate()
    .execute();
  // Unset first: the unique partial index allows one default at any moment.
  const unset = await ctx.trx
    .updateTable('privilege_groups')
    .set({ is_default: false, updated_at: sql<Date>`now()` })
    .where('is_default', '=', true)
    .returningAll()
    .execute();
  const row = await ctx.trx
    .updateTable('privilege_groups')
    .set({ is_default: true, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const old of previous) {
    const now = unset.find((u) => u.id === old.id) ?? old;
    await log.changed(ctx, 'unset_default', old.id, toPrivilegeGroupOut(old), toPrivilegeGroupOut(now));
  }
  const after = toPrivilegeGroupOut(row);
  await log.changed(ctx, 'make_default', id, toPrivilegeGroupOut(target), after);
  return after;
}
