import { sql, type SelectQueryBuilder } from 'kysely';
import { afterIdCursor, toPage, type PageQuery } from '../../http/pagination.ts';

/** The row a query-building function yields (`visible(db, actor)` and the like). */
export type RowOf<Build extends (...args: never[]) => { executeTakeFirstOrThrow(): Promise<unknown> }> =
  Awaited<ReturnType<ReturnType<Build>['executeTakeFirstOrThrow']>>;

/**
 * One page of a list in the order of its UUIDv7 ids (creation order): keyset on `column`
 * (`alias.id`) over an index that ends in the id, `limit + 1` rows to learn whether a next page
 * exists. The query brings its own scope condition; this adds only the cursor and the order. A
 * tampered cursor is 422 on querystring.cursor.
 */
export async function pageById<DB, TB extends keyof DB, Row extends { id: string }, Item>(
  query: SelectQueryBuilder<DB, TB, Row>,
  column: string,
  direction: 'asc' | 'desc',
  page: PageQuery,
  toItem: (row: Row) => Item,
) {
  const after = page.cursor ? query.where(afterIdCursor(page.cursor, column, direction)) : query;
  const ordered =
    direction === 'desc' ? after.orderBy(sql.ref(column), 'desc') : after.orderBy(sql.ref(column));
  const rows: Row[] = await ordered.limit(page.limit + 1).execute();
  return toPage(rows, page.limit, (r) => [r.id], toItem);
}
