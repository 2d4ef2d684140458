import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { AppError } from '../errors.ts';

export const MAX_PAGE_SIZE = 100;

/** Query fields shared by every list: an opaque cursor from the previous page and a page size. */
export const PageQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(25),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** One page of a keyset-paginated list, as every list answers it. */
export type Page<T> = { items: T[]; nextCursor: string | null };

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    )
      return values as CursorValue[];
  } catch {
    // falls through to the error below
  }
  throw badCursor();
}

const badCursor = () =>
  new AppError('validation_failed', 'Invalid cursor.', {
    issues: [{ path: 'querystring.cursor', message: 'is not a cursor from this list' }],
  });

/**
 * Keyset condition "after the cursor" for a list ordered by `columns` (all ascending or all
 * descending; the last column must be unique, usually the id; a string is a column name, an
 * expression such as sql`lower(name)` goes as it is). A row-value comparison, so
 * PostgreSQL walks the matching composite index instead of counting rows as OFFSET does.
 */
export function afterCursor(
  columns: Array<string | Expression<unknown>>,
  cursor: string,
  direction: 'asc' | 'desc',
): Expression<SqlBool> {
  const values = decodeCursor(cursor, columns.length);
  const left = sql.join(columns.map((c) => (typeof c === 'string' ? sql.ref(c) : c)));
  const right = sql.join(values.map((v) => sql`${v}`));
  return direction === 'desc' ? sql<SqlBool>`(${left}) < (${right})` : sql<SqlBool>`(${left}) > (${right})`;
}

/** The types a cursor value may have, for checkedAfterCursor. */
export const cursorParts = {
  timestamp: z.iso.datetime({ offset: true }),
  id: z.uuid(),
};

/**
 * afterCursor, after checking each value's type: a tampered cursor is a 422, not a database
 * cast error (which would surface as a 500).
 */
export function checkedAfterCursor(
  columns: string[],
  parts: z.ZodType[],
  cursor: string,
  direction: 'asc' | 'desc',
): Expression<SqlBool> {
  const values = decodeCursor(cursor, parts.length);
  if (!values.every((value, i) => parts[i]?.safeParse(value).success)) throw badCursor();
  return afterCursor(columns, cursor, direction);
}

/** Keyset condition on one UUIDv7 id column (creation order); newest first unless told. */
export const afterIdCursor = (
  cursor: string,
  column = 'id',
  direction: 'asc' | 'desc' = 'desc',
): Expression<SqlBool> => checkedAfterCursor([column], [cursorParts.id], cursor, direction);

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that another page exists.
 * `key` gives the cursor values of a row, in the order of the columns given to afterCursor.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  key: (row: Row) => CursorValue[],
  map: (row: Row) => Item,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last ? encodeCursor(key(last)) : null,
  };
}

/**
 * One page of a list ordered by a UUIDv7 id column, newest first: the keyset condition, the
 * order, one row more than the page to tell whether another follows. `unchecked` keeps the older
 * lists (documents, kb, api tokens, audit) answering a tampered cursor as they always have: with
 * the database's "wrong form" 422 rather than the checked cursor's.
 */
export async function newestFirstPage<D, TB extends keyof D, Row extends { id: string }, Item>(
  query: SelectQueryBuilder<D, TB, Row>,
  page: PageQuery,
  map: (row: Row) => Item,
  { column = 'id', unchecked = false }: { column?: string; unchecked?: boolean } = {},
): Promise<Page<Item>> {
  const after = (cursor: string) =>
    unchecked ? afterCursor([column], cursor, 'desc') : afterIdCursor(cursor, column);
  const rows = await (page.cursor ? query.where(after(page.cursor)) : query)
    .orderBy(sql.ref(column), 'desc')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows as Row[], page.limit, (r) => [r.id], map);
}
