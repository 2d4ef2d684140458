import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, KbArticlesTable } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { newestFirstPage, type PageQuery } from '../../http/pagination.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { KbArticleOut, KbArticleSummary, KbFileOut } from './schema.ts';
import type { Db } from '../../db/database.ts';
import { tableRecord } from '../shared/record-writes.ts';
import { wireRow } from '../shared/wire-names.ts';

type ArticleRow = Selectable<KbArticlesTable>;

/** Everything but the (possibly long) body. */
export function toSummary(row: ArticleRow): KbArticleSummary {
  const { body: _body, ...summary } = row;
  return wireRow(summary);
}

export async function listArticles(
  db: Kysely<DB>,
  filter: { q?: string; published?: boolean },
  page: PageQuery,
) {
  let query = db.selectFrom('kb_articles').selectAll();
  if (filter.q) query = query.where('title', 'ilike', `%${escapeLike(filter.q)}%`);
  if (filter.published !== undefined) query = query.where('published', '=', filter.published);
  return newestFirstPage(query, page, toSummary, { unchecked: true });
}

export function articleFiles(db: Db, articleId: string): Promise<KbFileOut[]> {
  return db
    .selectFrom('kb_article_files')
    .innerJoin('files', 'files.id', 'kb_article_files.file_id')
    .select([
      'files.id',
      'files.filename',
      'files.content_type as contentType',
      'files.size_bytes as sizeBytes',
    ])
    .where('kb_article_files.article_id', '=', articleId)
    .orderBy('files.id')
    .execute();
}

/** The article as answered: its groups by name, its files in upload order. */
export async function toArticleOut(row: ArticleRow, db: Db): Promise<KbArticleOut> {
  const userGroups = await db
    .selectFrom('kb_article_groups')
    .innerJoin('user_groups', 'user_groups.id', 'kb_article_groups.user_group_id')
    .select(['user_groups.id', 'user_groups.name'])
    .where('kb_article_groups.article_id', '=', row.id)
    .orderBy('user_groups.name')
    .orderBy('user_groups.id')
    .execute();
  return { ...toSummary(row), body: row.body, userGroups, files: await articleFiles(db, row.id) };
}

export const articleRecord = tableRecord('kb_articles', 'Article', toArticleOut);

/** What the audit log keeps of an article: everything but the body, which can be long. */
export function auditView(article: KbArticleOut) {
  const { body, ...rest } = article;
  return { ...rest, bodyLength: body.length };
}

/**
 * An article visible to 'groups' names at least one group, a 'public' one names none, and every
 * named group exists. Returns the ids without duplicates.
 */
export async function checkAudience(
  trx: Transaction<DB>,
  visibility: 'public' | 'groups',
  userGroupIds: string[],
): Promise<string[]> {
  const ids = [...new Set(userGroupIds.map((id) => id.toLowerCase()))];
  if (visibility === 'groups' && ids.length === 0)
    throw invalid('body.userGroupIds', "must name at least one user group when visibility is 'groups'");
  if (visibility === 'public' && ids.length > 0)
    throw invalid('body.userGroupIds', "must be empty when visibility is 'public'");
  if (ids.length === 0) return ids;
  const found = await trx.selectFrom('user_groups').select('id').where('id', 'in', ids).execute();
  const missing = ids.filter((id) => !found.some((row) => row.id === id));
  if (missing.length) throw invalid('body.userGroupIds', `no such user group: ${missing.join(', ')}`);
  return ids;
}

export async function replaceArticleGroups(trx: Transaction<DB>, articleId: string, userGroupIds: string[]) {
  await trx.deleteFrom('kb_article_groups').where('article_id', '=', articleId).execute();
  if (userGroupIds.length === 0) return;
  await trx
    .insertInto('kb_article_groups')
    .values(userGroupIds.map((id) => ({ article_id: articleId, user_group_id: id })))
    .execute();
}
