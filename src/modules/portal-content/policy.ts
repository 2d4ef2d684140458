import type { Expression, SqlBool } from 'kysely';
import { afterIdCursor } from '../../http/pagination.ts';

/** "After the cursor" on a UUIDv7 id column; a tampered cursor is 422 on querystring.cursor. */
export const afterId = (column: string, cursor: string, direction: 'asc' | 'desc'): Expression<SqlBool> =>
  afterIdCursor(cursor, column, direction);
