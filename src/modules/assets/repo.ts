import type { Selectable } from 'kysely';
import type { AssetsTable } from '../../db/schema.ts';
import { newestFirstPage } from '../../http/pagination.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { AssetListQuery, AssetOut } from './schema.ts';
import type { Db } from '../../db/database.ts';
import { tableRecord } from '../shared/record-writes.ts';
import { wireRow } from '../shared/wire-names.ts';

export const toAssetOut = (row: Selectable<AssetsTable>): AssetOut => wireRow(row);

/** One page of the assets the filters (all optional) match. */
export async function listAssets(db: Db, filter: AssetListQuery) {
  let query = db.selectFrom('assets').selectAll();
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.contactId) query = query.where('contact_id', '=', filter.contactId);
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('serial_number', 'ilike', pattern)]));
  }
  return newestFirstPage(query, filter, toAssetOut);
}

export const assetRecord = tableRecord('assets', 'Asset', toAssetOut);
