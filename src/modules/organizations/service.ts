import { sql } from 'kysely';
import { invalid, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditedRows } from '../shared/audited-rows.ts';
import { checkTeamExists } from '../tickets/assignment.ts';
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

/** Has anything been recorded in the organization's currency? Then it stays (docs/billing.md). */
async function holdsMoney(ctx: ChangeContext, id: string): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`select
    exists (select 1 from quotes where organization_id = ${id})
    or exists (select 1 from invoices where organization_id = ${id})
    or exists (select 1 from payments where organization_id = ${id})
    or exists (select 1 from charges ch where ch.ticket_id in (select t.id from tickets t where t.organization_id = ${id})
      or ch.contract_id in (select c.id from contracts c where c.organization_id = ${id})) as found`.execute(
    ctx.trx,
  );
  return rows[0]?.found ?? false;
}

export async function createOrganization(
  ctx: ChangeContext,
  input: OrganizationCreate,
): Promise<OrganizationOut> {
  await checkParent(ctx, input.parentId);
  await checkTeamExists(ctx.trx, input.defaultTeamId, 'body.defaultTeamId');
  const created = await ctx.trx
    .insertInto('organizations')
    .values({
      name: input.name,
      parent_id: input.parentId ?? null,
      mail_domain: input.mailDomain ?? null,
      currency: input.currency ?? null,
      default_team_id: input.defaultTeamId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return log.created(ctx, created);
}

export async function updateOrganization(
  ctx: ChangeContext,
  id: string,
  input: OrganizationUpdate,
): Promise<OrganizationOut> {
  const { name, parentId, mailDomain, currency, defaultTeamId } = input;
  if (parentId !== undefined) await lockOrganizationTree(ctx.trx);
  const before = await findOrganization(ctx.trx, id);
  if (!before) throw notFound('Organization');
  await checkParent(ctx, parentId);
  await checkTeamExists(ctx.trx, defaultTeamId, 'body.defaultTeamId');
  if (parentId && (await isInSubtree(ctx.trx, id, parentId)))
    throw invalid('body.parentId', 'an organization cannot be placed under itself or one of its descendants');
  if (currency !== undefined && currency !== before.currency && (await holdsMoney(ctx, id)))
    throw invalid(
      'body.currency',
      'cannot change: the organization has quotes, invoices, payments or charges in its currency',
    );
  const updated = await updateStamped(ctx.trx, 'organizations', id, {
    name,
    parent_id: parentId,
    mail_domain: mailDomain,
    currency,
    default_team_id: defaultTeamId,
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
