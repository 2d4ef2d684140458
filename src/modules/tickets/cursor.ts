import type { Expression, SqlBool } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { afterCursor, decodeCursor } from '../../http/pagination.ts';

const badCursor = () =>
  new AppError('validation_failed', 'Invalid cursor.', {
    issues: [{ path: 'querystring.cursor', message: 'is not a cursor from this list' }],
  });

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
