import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { bodyMatches, headline, parseWords, snippetParts, tsqueryOf } from '../../db/search.ts';
import { toPage, type Page, type PageQuery } from '../../http/pagination.ts';
import type { Snippet } from '../../http/schema-types.ts';
import { afterRankCursor } from './rank-cursor.ts';

/**
 * Ranked full-text search over tickets (migration 0015), for the portal and the console. The
 * caller gives the reader's scope as a condition over `t` (visibleTickets for a contact, AND-ed
 * like every other read), and the columns it answers; this module adds the match, the rank, the
 * keyset and the snippet.
 *
 * Audience `contact` reads only ticket_search.public (subject, description, public comments), so
 * neither a match, a rank nor a snippet can come from an internal note; `staff` also reads notes.
 */
export type Audience = 'contact' | 'staff';

// Up to 15 digits: ticket numbers stay far below 2^53. '#123' or '123' also finds ticket 123.
const NUMBER_QUERY = /^#?(\d{1,15})$/;

export type SearchRequest = {
  words: string;
  audience: Audience;
  /** The reader's scope and the list's filters, over `t` (tickets). */
  where: Expression<SqlBool>;
  /** The answered columns over `t` and `joins` (rank, snippet and id come on top). */
  columns: RawBuilder<unknown>;
  joins: RawBuilder<unknown>;
  page: PageQuery;
};

type Found = { id: string; rank: number; source: Snippet['source']; marked: string };

/**
 * One page of the matching tickets in scope, best first: rank desc (ts_rank, the subject weighing
 * most), then id desc; keyset on the two. The rank is computed for every match in scope, so a
 * word in most tickets costs more than a rare one; the page itself is at most 100 rows.
 */
export async function searchTickets<Row extends { id: string }, Item>(
  db: Db,
  request: SearchRequest,
  map: (row: Row, rank: number, snippet: Snippet) => Item,
): Promise<Page<Item>> {
  const parsed = await parseWords(db, request.words);
  const digits = NUMBER_QUERY.exec(request.words)?.[1];
  const hasWords = parsed.query !== '';
  if (!hasWords && digits === undefined) return { items: [], nextCursor: null };
  const staff = request.audience === 'staff';
  const q = tsqueryOf(parsed);
  const vector = staff ? sql`(s.public || s.notes)` : sql`s.public`;
  const rank = hasWords ? sql<number>`ts_rank(${vector}, ${q})::float8` : sql<number>`0::float8`;
  const textMatch = staff ? sql`(s.public @@ ${q} or s.notes @@ ${q})` : sql`s.public @@ ${q}`;
  const numberMatch = digits === undefined ? undefined : sql`t.number = ${Number(digits)}`;
  const match = !numberMatch ? textMatch : hasWords ? sql`(${textMatch} or ${numberMatch})` : numberMatch;
  const after = request.page.cursor ? afterRankCursor(rank, 't.id', request.page.cursor) : sql`true`;
  const matches = (body: RawBuilder<unknown>) => (hasWords ? bodyMatches(parsed, body) : sql`false`);
  // Where the snippet comes from: the description, else the first matching public comment, else
  // (staff only) the first matching internal note, else the subject.
  const sources = sql.join(
    [
      sql`select 'description' as source, t.description as body, 1 as ord where ${matches(sql`t.description`)}`,
      sql`(select 'comment', c.body, 2 from ticket_comments c
        where c.ticket_id = t.id and c.public and ${matches(sql`c.body`)} order by c.id limit 1)`,
      ...(staff
        ? [
            sql`(select 'note', c.body, 3 from ticket_comments c
              where c.ticket_id = t.id and not c.public and ${matches(sql`c.body`)} order by c.id limit 1)`,
          ]
        : []),
      sql`select 'subject', t.subject, 4`,
    ],
    sql` union all `,
  );
  const { rows } = await sql<Row & Found>`
    with page as (
      select t.id, ${rank} as rank
      from tickets t join ticket_search s on s.ticket_id = t.id
      where ${request.where} and ${match} and ${after}
      order by 2 desc, t.id desc
      limit ${request.page.limit + 1}
    )
    select ${request.columns}, page.rank, snip.source, snip.marked
    from page join tickets t on t.id = page.id
    ${request.joins}
    cross join lateral (
      select src.source, ${headline(parsed, sql`src.body`)} as marked
      from (${sources}) src order by src.ord limit 1
    ) snip
    order by page.rank desc, page.id desc`.execute(db);
  return toPage(
    rows,
    request.page.limit,
    (r) => [r.rank, r.id],
    (r) => map(r, r.rank, { source: r.source, parts: snippetParts(r.marked) }),
  );
}
