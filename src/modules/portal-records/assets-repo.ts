import { sql, type SqlBool } from 'kysely';
import { can, type ContactActor } from '../../authz/actor.ts';
import { visibleAssets } from '../../authz/records/condition.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { ORGANIZATION_COLUMNS, organizationOf, refOrNull } from '../portal-shared/refs.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import type { Db } from '../../db/database.ts';
import type { PortalAsset } from './schema.ts';

/** Assets the contact may see: every query starts here, AND-ed with visibleAssets. */
function visible(db: Db, actor: ContactActor) {
  return db
    .selectFrom('assets as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .leftJoin('contacts as c', 'c.id', 'a.contact_id')
    .select([
      'a.id',
      'a.name',
      'a.asset_type',
      'a.serial_number',
      'a.status',
      'a.config_notes',
      'a.created_at',
      'a.updated_at',
      ...ORGANIZATION_COLUMNS,
      'c.id as contact_id',
      'c.name as contact_name',
    ])
    .where(visibleAssets(actor, 'a'));
}

function toAsset(actor: ContactActor, r: RowOf<typeof visible>): PortalAsset {
  return {
    id: r.id,
    name: r.name,
    assetType: r.asset_type,
    serialNumber: r.serial_number,
    status: r.status,
    organization: organizationOf(r),
    contact: refOrNull(r.contact_id, r.contact_name),
    ...(can(actor, 'assets.config_notes.view') ? { configNotes: r.config_notes } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Newest first, keyset on id desc (assets_organization_idx / assets_contact_idx end in id). */
export async function listPortalAssets(db: Db, actor: ContactActor, q: string | undefined, page: PageQuery) {
  let query = visible(db, actor);
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    query = query.where(sql<SqlBool>`(a.name ilike ${pattern} or a.serial_number ilike ${pattern})`);
  }
  return pageById(query, 'a.id', 'desc', page, (r) => toAsset(actor, r));
}

export async function findPortalAsset(db: Db, actor: ContactActor, id: string) {
  const row = await visible(db, actor).where('a.id', '=', id).executeTakeFirst();
  return row && toAsset(actor, row);
}
