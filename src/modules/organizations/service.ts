import { invalid, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditedRows } from '../shared/audited-rows.ts';
import { updateStamped } from '../shared/partial-update.ts';
import { findOrganization, isInSubtree, lockOrganizationTree, toOrganizationOut } from './repo.ts';
import type { OrganizationCreate, OrganizationOut, OrganizationUpdate } from './schema.ts';

/**
 * Writes of organizations. An organization's parent decides the tree that scopes and member
 * organizations reach (permission-model §3), so the preview of a move runs this very update. Each
 * runs in the caller's transaction with its audit row.
 */

const log = auditedRows('organization', toOrganizationOut);

async function checkParent(ctx: ChangeContext, parentId: string | null | undefined): Promise<void> {
  if (parentId && !(await findOrganization(ctx.trx, parentId)))
    throw invalid('body.parentId', 'no such organization');
}

export async function createOrganization(
  ctx: ChangeContext,
  input: OrganizationCreate,
): Promise<OrganizationOut> {
  await checkParent(ctx, input.parentId);
  const created = await ctx.trx
    .insertInto('organizations')
    .values({ name: input.name, parent_id: input.parentId ?? null, mail_domain: input.mailDomain ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return log.created(ctx, created);
}

export async function updateOrganization(
  ctx: ChangeContext,
  id: string,
  input: OrganizationUpdate,
): Promise<OrganizationOut> {
  const { name, parentId, mailDomain } = input;
  if (parentId !== undefined) await lockOrganizationTree(ctx.trx);
  const before = await findOrganization(ctx.trx, id);
  if (!before) throw notFound('Organization');
  await checkParent(ctx, parentId);
  if (parentId && (await isInSubtree(ctx.trx, id, parentId)))
    throw invalid('body.parentId', 'an organization cannot be placed under itself or one of its descendants');
  const updated = await updateStamped(ctx.trx, 'organizations', id, {
    name,
    parent_id: parentId,
    mail_domain: mailDomain,
  });
  return log.updated(ctx, before, updated);
}

export async function deleteOrganization(ctx: ChangeContext, id: string): Promise<void> {
  const before = await findOrganization(ctx.trx, id);
  if (!before) throw notFound('Organization');
  // Sub-organizations, contacts, tickets and records refer to it with ON DELETE RESTRICT: 409.
  await ctx.trx.deleteFrom('organizations').where('id', '=', id).execute();
  await log.deleted(ctx, before);
}
