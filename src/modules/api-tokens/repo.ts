import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, DB } from '../../db/schema.ts';
import { newestFirstPage, type PageQuery } from '../../http/pagination.ts';
import type { ApiTokenOut } from './schema.ts';

export const TOKEN_PREFIX = 'ptk_';
/** Shown in lists so a person can tell tokens apart; far too short to be used. */
export const DISPLAY_PREFIX_LENGTH = 12;

export const toApiTokenOut = (row: Selectable<ApiTokensTable>): ApiTokenOut => ({
  id: row.id,
  staffUserId: row.staff_user_id,
  name: row.name,
  prefix: row.token_prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

/** Newest first, over the (staff_user_id, id) index. */
export async function listApiTokens(db: Kysely<DB>, staffUserId: string, page: PageQuery) {
  const query = db.selectFrom('api_tokens').selectAll().where('staff_user_id', '=', staffUserId);
  return newestFirstPage(query, page, toApiTokenOut, { unchecked: true });
}

export function findApiToken(db: Kysely<DB>, id: string) {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}
