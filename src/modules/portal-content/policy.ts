import type { Expression, Kysely, SqlBool, Transaction } from 'kysely';
import type { Module, Privilege } from '../../authz/privileges.ts';
import type { DB } from '../../db/schema.ts';
import { checkedAfterCursor, cursorParts } from '../tickets/cursor.ts';

export type Db = Kysely<DB> | Transaction<DB>;

/** A portal route of a module: 404 for a contact that may not use the module, 403 without the privilege. */
export const portal = (module: Module, privilege: Privilege) => ({
  policy: { audience: 'portal' as const, module, privilege },
});

/** "After the cursor" on a UUIDv7 id column; a tampered cursor is 422 on querystring.cursor. */
export const afterId = (column: string, cursor: string, direction: 'asc' | 'desc'): Expression<SqlBool> =>
  checkedAfterCursor([column], [cursorParts.id], cursor, direction);
