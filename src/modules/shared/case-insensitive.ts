import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { afterCursor, toPage, type Page, type PageQuery } from '../../http/pagination.ts';

/**
 * One page of a list in alphabetical order, ignoring case: keyset on (lower(`column`), `id`)
 * ascending over the table's lower(...) index, `limit + 1` rows to learn whether a next page
 * exists. `textOf` reads the ordered column's value from a row, for the next cursor.
 */
export async function alphabeticalPage<D, TB extends keyof D, Row extends { id: string }, Item>(
  query: SelectQueryBuilder<D, TB, Row>,
  order: { column: string; id?: string; textOf: (row: Row) => string },
  page: PageQuery,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const lower = sql`lower(${sql.ref(order.column)})`;
  const id = order.id ?? 'id';
  const after = page.cursor ? query.where(afterCursor([lower, id], page.cursor, 'asc')) : query;
  const rows: Row[] = await after
    .orderBy(lower)
    .orderBy(sql.ref(id))
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, (r) => [order.textOf(r).toLowerCase(), r.id], toItem);
}

/** Tables whose `column` is unique ignoring case (a unique index on lower(column)). */
type UniqueIgnoringCase = {
  contacts: 'email';
  staff_users: 'email';
  privilege_groups: 'name';
  user_groups: 'name';
};

/** True when a row other than `exceptId` already holds `value` in `column`, ignoring case. */
export async function takenIgnoringCase<T extends keyof UniqueIgnoringCase>(
  db: Db,
  table: T,
  column: UniqueIgnoringCase[T],
  value: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db
    .selectFrom(table as keyof UniqueIgnoringCase)
    .select('id')
    .where(sql`lower(${sql.ref(column)})`, '=', value.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}
