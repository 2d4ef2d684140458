import { sql, type SqlBool } from 'kysely';
import { can, type ContactActor } from '../../authz/actor.ts';
import { visibleArticles } from '../../authz/records/condition.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { PageQuery } from '../../http/pagination.ts';
import type { Db } from '../../db/database.ts';
import { pageById } from '../shared/page-by-id.ts';
import { searchArticles } from '../kb/search.ts';
import type { PortalArticleFileOut, PortalArticleHit } from './schema.ts';

/**
 * Knowledge-base articles a contact may read: every query, including the ones for an article's
 * files, ANDs visibleArticles (published; public, or restricted to user groups the contact is a
 * member of; module and privilege held). Newest first, keyset on the UUIDv7 id.
 */
const visible = (db: Db, actor: ContactActor) =>
  db.selectFrom('kb_articles as k').where(visibleArticles(actor, 'k'));

export async function listPortalArticles(
  db: Db,
  actor: ContactActor,
  q: string | undefined,
  page: PageQuery,
) {
  let query = visible(db, actor).select(['k.id', 'k.title', 'k.created_at', 'k.updated_at']);
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    query = query.where(sql<SqlBool>`(k.title ilike ${pattern} or k.body ilike ${pattern})`);
  }
  return pageById(query, 'k.id', 'desc', page, (r) => ({
    id: r.id,
    title: r.title,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** Full-text search over the articles the contact may read (visibleArticles, in the search's SQL). */
export function searchPortalArticles(db: Db, actor: ContactActor, q: string, page: PageQuery) {
  return searchArticles<PortalArticleHit>(db, visibleArticles(actor, 'k'), q, page, (r, rank, snippet) => ({
    id: r.id,
    title: r.title,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    rank,
    snippet,
  }));
}

/** Files of a visible article (empty when the article is not visible), in upload order. */
function articleFiles(db: Db, actor: ContactActor, articleId: string): Promise<PortalArticleFileOut[]> {
  return visible(db, actor)
    .innerJoin('kb_article_files as kf', 'kf.article_id', 'k.id')
    .innerJoin('files as f', 'f.id', 'kf.file_id')
    .select(['f.id', 'f.filename', 'f.content_type as contentType', 'f.size_bytes as sizeBytes'])
    .where('k.id', '=', articleId)
    .orderBy('f.id')
    .execute();
}

/** One visible article with its body; its files only with kb.files.download (key absent otherwise). */
export async function findPortalArticle(db: Db, actor: ContactActor, id: string) {
  const row = await visible(db, actor)
    .select(['k.id', 'k.title', 'k.body', 'k.created_at', 'k.updated_at'])
    .where('k.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(can(actor, 'kb.files.download') ? { files: await articleFiles(db, actor, id) } : {}),
  };
}

/** The file id when the file belongs to an article the contact may read; undefined otherwise. */
export async function findPortalArticleFile(db: Db, actor: ContactActor, articleId: string, fileId: string) {
  const row = await visible(db, actor)
    .innerJoin('kb_article_files as kf', 'kf.article_id', 'k.id')
    .select('kf.file_id')
    .where('k.id', '=', articleId)
    .where('kf.file_id', '=', fileId)
    .executeTakeFirst();
  return row?.file_id;
}
