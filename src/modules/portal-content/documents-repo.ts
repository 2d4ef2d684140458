import { sql, type SqlBool } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import { visibleDocuments } from '../../authz/records/condition.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { PageQuery } from '../../http/pagination.ts';
import type { Db } from '../../db/database.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import type { PortalDocumentOut } from './schema.ts';

/**
 * Documents a contact may download: every query ANDs visibleDocuments (public, of an
 * organization in the record scope, module and privilege held); a single read is the list
 * condition applied to one id. Newest first, keyset on the UUIDv7 id.
 */
function visible(db: Db, actor: ContactActor) {
  return db
    .selectFrom('documents as d')
    .innerJoin('files as f', 'f.id', 'd.file_id')
    .innerJoin('organizations as o', 'o.id', 'd.organization_id')
    .select([
      'd.id',
      'd.title',
      'd.description',
      'd.organization_id',
      'o.name as organization_name',
      'd.file_id',
      'f.filename',
      'f.content_type',
      'f.size_bytes',
      'd.created_at',
      'd.updated_at',
    ])
    .where(visibleDocuments(actor, 'd'));
}

const toOut = (r: RowOf<typeof visible>): PortalDocumentOut => ({
  id: r.id,
  title: r.title,
  description: r.description,
  organization: { id: r.organization_id, name: r.organization_name },
  file: { filename: r.filename, contentType: r.content_type, sizeBytes: r.size_bytes },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listPortalDocuments(
  db: Db,
  actor: ContactActor,
  q: string | undefined,
  page: PageQuery,
) {
  let query = visible(db, actor);
  if (q) query = query.where(sql<SqlBool>`d.title ilike ${`%${escapeLike(q)}%`}`);
  return pageById(query, 'd.id', 'desc', page, toOut);
}

/** The document and its file id when the contact may see it; undefined otherwise. */
export async function findPortalDocument(db: Db, actor: ContactActor, id: string) {
  const row = await visible(db, actor).where('d.id', '=', id).executeTakeFirst();
  return row && { document: toOut(row), fileId: row.file_id };
}
