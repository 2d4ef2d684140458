import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { bodyMatches, headline, parseWords, snippetParts, tsqueryOf } from '../../db/search.ts';
import { toPage, type Page, type PageQuery } from '../../http/pagination.ts';
import type { Snippet } from '../../http/schema-types.ts';
import { afterRankCursor } from '../shared/rank-cursor.ts';

export type ArticleHitRow = {
  id: string;
  title: string;
  published: boolean;
  visibility: 'public' | 'groups';
  created_at: Date;
  updated_at: Date;
};

/**
 * Ranked full-text search over knowledge-base articles (title weighing more than body), AND-ed
 * with the reader's condition over `k` (visibleArticles for a contact; the console's filters),
 * best first, keyset on (rank desc, id desc). The snippet comes from the body when it matches,
 * else from the title.
 */
export async function searchArticles<Item>(
  db: Db,
  where: Expression<SqlBool>,
  words: string,
  page: PageQuery,
  map: (row: ArticleHitRow, rank: number, snippet: Snippet) => Item,
): Promise<Page<Item>> {
  const parsed = await parseWords(db, words);
  if (parsed.query === '') return { items: [], nextCursor: null };
  const q = tsqueryOf(parsed);
  const rank = sql<number>`ts_rank(ks.vector, ${q})::float8`;
  const after = page.cursor ? afterRankCursor(rank, 'k.id', page.cursor) : sql`true`;
  const { rows } = await sql<ArticleHitRow & { rank: number; source: 'title' | 'body'; marked: string }>`
    with page as (
      select k.id, ${rank} as rank
      from kb_articles k join kb_article_search ks on ks.article_id = k.id
      where ${where} and ks.vector @@ ${q} and ${after}
      order by 2 desc, k.id desc
      limit ${page.limit + 1}
    )
    select k.id, k.title, k.published, k.visibility, k.created_at, k.updated_at, page.rank,
      src.source, ${headline(parsed, sql`src.body`)} as marked
    from page join kb_articles k on k.id = page.id
    cross join lateral (
      select case when ${bodyMatches(parsed, sql`k.body`)} then 'body' else 'title' end as source,
        case when ${bodyMatches(parsed, sql`k.body`)} then k.body else k.title end as body
    ) src
    order by page.rank desc, page.id desc`.execute(db);
  return toPage(
    rows,
    page.limit,
    (r) => [r.rank, r.id],
    (r) => map(r, r.rank, { source: r.source, parts: snippetParts(r.marked) }),
  );
}
