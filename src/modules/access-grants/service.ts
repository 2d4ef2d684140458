import { invalid, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { lockById } from '../shared/lock-by-id.ts';
import { definedColumns } from '../shared/partial-update.ts';
import { exists, loadAccessGrant } from './repo.ts';
import type { AccessGrantCreate, AccessGrantOut, AccessGrantUpdate } from './schema.ts';

/**
 * Writes of access grants (permission-model §4, "super customers"). Each runs in the caller's
 * transaction with its audit row; the portal reads grants on every request, so a change is seen
 * by the contact's very next request.
 */

const log = auditOf('access_grant');

function checkExpiry(expiresAt: Date | null | undefined): void {
  if (expiresAt && expiresAt.getTime() <= Date.now())
    throw invalid('body.expiresAt', 'must be in the future');
}

export async function createAccessGrant(
  ctx: ChangeContext,
  input: AccessGrantCreate,
): Promise<AccessGrantOut> {
  if (!(await exists(ctx.trx, 'contacts', input.contactId)))
    throw invalid('body.contactId', 'no such contact');
  if (!(await exists(ctx.trx, 'user_groups', input.userGroupId)))
    throw invalid('body.userGroupId', 'no such user group');
  checkExpiry(input.expiresAt);
  const row = await ctx.trx
    .insertInto('access_grants')
    .values({
      contact_id: input.contactId,
      user_group_id: input.userGroupId,
      level: input.level,
      expires_at: input.expiresAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const after = await loadAccessGrant(ctx.trx, row.id);
  if (!after) throw new Error(`access grant ${row.id} vanished`);
  await log.created(ctx, after);
  return after;
}

async function lockedGrant(ctx: ChangeContext, id: string): Promise<AccessGrantOut> {
  const locked = await lockById(ctx.trx, 'access_grants', id);
  const grant = locked ? await loadAccessGrant(ctx.trx, id) : undefined;
  if (!grant) throw notFound('Access grant');
  return grant;
}

export async function updateAccessGrant(
  ctx: ChangeContext,
  id: string,
  input: AccessGrantUpdate,
): Promise<AccessGrantOut> {
  const before = await lockedGrant(ctx, id);
  checkExpiry(input.expiresAt);
  // Nothing to change: no write, no audit row.
  if (input.level === undefined && input.expiresAt === undefined) return before;
  await ctx.trx
    .updateTable('access_grants')
    .set(definedColumns({ level: input.level, expires_at: input.expiresAt }))
    .where('id', '=', id)
    .execute();
  const after = await loadAccessGrant(ctx.trx, id);
  if (!after) throw notFound('Access grant');
  await log.updated(ctx, id, before, after);
  return after;
}

export async function deleteAccessGrant(ctx: ChangeContext, id: string): Promise<void> {
  const before = await lockedGrant(ctx, id);
  await ctx.trx.deleteFrom('access_grants').where('id', '=', id).execute();
  await log.deleted(ctx, before);
}
