import { sql } from 'kysely';
import type { ChangeContext } from '../audit/change.ts';
import { recordWrites } from '../shared/record-writes.ts';
import { columnsOf } from '../shared/wire-names.ts';
import { requireContactOf, requireOrganization } from './org-records.ts';
import { assetRecord } from './repo.ts';
import type { AssetCreate, AssetOut, AssetUpdate } from './schema.ts';

const assets = recordWrites({ ...assetRecord, entityType: 'asset' });

export async function createAsset(ctx: ChangeContext, body: AssetCreate): Promise<AssetOut> {
  await requireOrganization(ctx.trx, body.organizationId);
  if (body.contactId) await requireContactOf(ctx.trx, body.contactId, body.organizationId);
  const created = await assetRecord.insert(ctx.trx, columnsOf(body));
  return assets.created(ctx, created);
}

export function updateAsset(ctx: ChangeContext, id: string, body: AssetUpdate): Promise<AssetOut> {
  return assets.update(ctx, id, async (before) => {
    if (body.organizationId !== undefined) await requireOrganization(ctx.trx, body.organizationId);
    const organizationId = body.organizationId ?? before.organization_id;
    const contactId = body.contactId !== undefined ? body.contactId : before.contact_id;
    // A move to another organization must bring a contact of that organization (or null).
    if (contactId && (body.contactId !== undefined || organizationId !== before.organization_id))
      await requireContactOf(ctx.trx, contactId, organizationId);
    return assetRecord.update(ctx.trx, id, { ...columnsOf(body), updated_at: sql<Date>`now()` });
  });
}

export function deleteAsset(ctx: ChangeContext, id: string): Promise<void> {
  // Tickets that name the asset keep their row (ON DELETE SET NULL).
  return assets.remove(ctx, id, (before) => assetRecord.remove(ctx.trx, before.id));
}
