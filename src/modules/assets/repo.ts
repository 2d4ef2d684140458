import type { Selectable } from 'kysely';
import type { AssetsTable } from '../../db/schema.ts';
import { newestFirstPage, type PageQuery } from '../../http/pagination.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { AssetCreate, AssetOut, AssetUpdate } from './schema.ts';
import type { Db } from '../../db/database.ts';

export const toAssetOut = (row: Selectable<AssetsTable>): AssetOut => ({
  id: row.id,
  organizationId: row.organization_id,
  contactId: row.contact_id,
  name: row.name,
  assetType: row.asset_type,
  serialNumber: row.serial_number,
  status: row.status,
  configNotes: row.config_notes,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function listAssets(
  db: Db,
  filter: { organizationId?: string; contactId?: string; q?: string },
  page: PageQuery,
) {
  let query = db.selectFrom('assets').selectAll();
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.contactId) query = query.where('contact_id', '=', filter.contactId);
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('serial_number', 'ilike', pattern)]));
  }
  return newestFirstPage(query, page, toAssetOut);
}

/** `lock`: inside a write transaction, hold the row until commit so concurrent edits queue. */
export function findAsset(db: Db, id: string, lock = false) {
  const query = db.selectFrom('assets').selectAll().where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The columns a create or an update sets, from the wire fields that were given. */
export function assetColumns(body: AssetCreate | AssetUpdate) {
  return {
    ...(body.organizationId !== undefined ? { organization_id: body.organizationId } : {}),
    ...(body.contactId !== undefined ? { contact_id: body.contactId } : {}),
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.assetType !== undefined ? { asset_type: body.assetType } : {}),
    ...(body.serialNumber !== undefined ? { serial_number: body.serialNumber } : {}),
    ...(body.status !== undefined ? { status: body.status } : {}),
    ...(body.configNotes !== undefined ? { config_notes: body.configNotes } : {}),
  };
}
