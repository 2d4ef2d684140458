import { sql } from 'kysely';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { found } from '../shared/record-routes.ts';
import { requireContactOf, requireOrganization } from './org-records.ts';
import { assetColumns, findAsset, toAssetOut } from './repo.ts';
import type { AssetCreate, AssetOut, AssetUpdate } from './schema.ts';

const log = auditOf('asset');

export async function createAsset(ctx: ChangeContext, body: AssetCreate): Promise<AssetOut> {
  await requireOrganization(ctx.trx, body.organizationId);
  if (body.contactId) await requireContactOf(ctx.trx, body.contactId, body.organizationId);
  const created = await ctx.trx
    .insertInto('assets')
    .values({ ...assetColumns(body), organization_id: body.organizationId, name: body.name })
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toAssetOut(created);
  await log.created(ctx, after);
  return after;
}

export async function updateAsset(ctx: ChangeContext, id: string, body: AssetUpdate): Promise<AssetOut> {
  const before = found(await findAsset(ctx.trx, id, true), 'Asset');
  if (body.organizationId !== undefined) await requireOrganization(ctx.trx, body.organizationId);
  const organizationId = body.organizationId ?? before.organization_id;
  const contactId = body.contactId !== undefined ? body.contactId : before.contact_id;
  // A move to another organization must bring a contact of that organization (or null).
  if (contactId && (body.contactId !== undefined || organizationId !== before.organization_id))
    await requireContactOf(ctx.trx, contactId, organizationId);
  const updated = await ctx.trx
    .updateTable('assets')
    .set({ ...assetColumns(body), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toAssetOut(updated);
  await log.updated(ctx, id, toAssetOut(before), after);
  return after;
}

export async function deleteAsset(ctx: ChangeContext, id: string): Promise<void> {
  const before = found(await findAsset(ctx.trx, id, true), 'Asset');
  // Tickets that name the asset keep their row (ON DELETE SET NULL).
  await ctx.trx.deleteFrom('assets').where('id', '=', before.id).execute();
  await log.deleted(ctx, toAssetOut(before));
}
