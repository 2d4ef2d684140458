import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { decodeCursor } from '../../http/pagination.ts';

const CURSOR_PARTS = [z.number().finite(), z.uuid()];

/**
 * "After the cursor" for a search ordered by rank desc, then id desc (`id`: the id column). The
 * rank is a float8 read back exactly as it was answered (PostgreSQL's shortest exact text form),
 * so the keyset comparison is exact. A tampered cursor is a 422, not a cast error.
 */
export function afterRankCursor(rank: RawBuilder<number>, id: string, cursor: string): Expression<SqlBool> {
  const values = decodeCursor(cursor, CURSOR_PARTS.length);
  if (!values.every((value, i) => CURSOR_PARTS[i]?.safeParse(value).success))
    throw new AppError('validation_failed', 'Invalid cursor.', {
      issues: [{ path: 'querystring.cursor', message: 'is not a cursor from this list' }],
    });
  return sql<SqlBool>`(${rank}, ${sql.ref(id)}) < (${values[0]}::float8, ${values[1]}::uuid)`;
}
