import { sql, type SqlBool } from 'kysely';
import { can, type ContactActor } from '../../authz/actor.ts';
import { visibleAssets } from '../../authz/record-scope.ts';
import { escapeLike } from '../../db/sql-text.ts';
import { toPage, type PageQuery, afterIdCursor } from '../../http/pagination.ts';
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
      'o.id as organization_id',
      'o.name as organization_name',
      'c.id as contact_id',
      'c.name as contact_name',
    ])
    .where(visibleAssets(actor, 'a'));
}

type Row = Awaited<ReturnType<ReturnType<typeof visible>['executeTakeFirstOrThrow']>>;

function toAsset(actor: ContactActor, r: Row): PortalAsset {
  return {
    id: r.id,
    name: r.name,
    assetType: r.asset_type,
    serialNumber: r.serial_number,
    status: r.status,
    organization: { id: r.organization_id, name: r.organization_name },
    contact: r.contact_id && r.contact_name !== null ? { id: r.contact_id, name: r.contact_name } : null,
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
  if (page.cursor) query = query.where(afterIdCursor(page.cursor, 'a.id'));
  const rows = await query
    .orderBy('a.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return toPage(
    rows,
    page.limit,
    (r) => [r.id],
    (r) => toAsset(actor, r),
  );
}

export async function findPortalAsset(db: Db, actor: ContactActor, id: string) {
  const row = await visible(db, actor).where('a.id', '=', id).executeTakeFirst();
  return row && toAsset(actor, row);
}
