import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, DB } from '../../db/schema.ts';
import { newestFirstPage, type PageQuery } from '../../http/pagination.ts';
import type { ApiTokenOut } from './schema.ts';
import { wireRow } from '../shared/wire-names.ts';

export const TOKEN_PREFIX = 'ptk_';
/** Shown in lists so a person can tell tokens apart; far too short to be used. */
export const DISPLAY_PREFIX_LENGTH = 12;

/** Never the hash; the display prefix as `prefix`. */
export function toApiTokenOut(row: Selectable<ApiTokensTable>): ApiTokenOut {
  const { token_hash: _hash, token_prefix: prefix, ...token } = row;
  return { ...wireRow(token), prefix };
}

/** Newest first, over the (staff_user_id, id) index. */
export async function listApiTokens(db: Kysely<DB>, staffUserId: string, page: PageQuery) {
  const query = db.selectFrom('api_tokens').selectAll().where('staff_user_id', '=', staffUserId);
  return newestFirstPage(query, page, toApiTokenOut, { unchecked: true });
}

export function findApiToken(db: Kysely<DB>, id: string) {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}
