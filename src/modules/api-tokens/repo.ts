import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApiTokensTable, DB } from '../../db/schema.ts';
import { newestFirstPage, type PageQuery } from '../../http/pagination.ts';
import type { ApiTokenOut, PortalApiTokenOut } from './schema.ts';
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

const PORTAL_TOKEN_COLUMNS = [
  'id',
  'name',
  'token_prefix',
  'created_at',
  'last_used_at',
  'expires_at',
  'revoked_at',
] as const;

type PortalTokenRow = Pick<Selectable<ApiTokensTable>, (typeof PORTAL_TOKEN_COLUMNS)[number]>;

export const toPortalApiTokenOut = (row: PortalTokenRow): PortalApiTokenOut => ({
  id: row.id,
  name: row.name,
  prefix: row.token_prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  // Always set for a contact's token (constraint api_tokens_contact_expires).
  expiresAt: row.expires_at ?? row.created_at,
  revokedAt: row.revoked_at,
});

/** A contact's own tokens, newest first, over the (contact_id, id) index. */
export function listPortalApiTokens(db: Kysely<DB>, contactId: string, page: PageQuery) {
  const query = db.selectFrom('api_tokens').select(PORTAL_TOKEN_COLUMNS).where('contact_id', '=', contactId);
  return newestFirstPage(query, page, toPortalApiTokenOut);
}

/** How many of a contact's tokens still work (not revoked, not expired). */
export async function countLivePortalApiTokens(db: Kysely<DB>, contactId: string): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('contact_id', '=', contactId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
