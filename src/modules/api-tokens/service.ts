import { sql } from 'kysely';
import { hashToken, newToken } from '../../auth/tokens.ts';
import { invalid, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { DISPLAY_PREFIX_LENGTH, findApiToken, toApiTokenOut, TOKEN_PREFIX } from './repo.ts';
import type { ApiTokenCreate, CreatedApiTokenOut } from './schema.ts';

const log = auditOf('api_token');

/** A token for the staff user making the change; the only time its secret is answered. */
export async function createApiToken(ctx: ChangeContext, body: ApiTokenCreate): Promise<CreatedApiTokenOut> {
  const { name, expiresAt } = body;
  const scopes = [...new Set(body.scopes)];
  if (expiresAt && expiresAt.getTime() <= Date.now())
    throw invalid('body.expiresAt', 'must be in the future');
  const token = TOKEN_PREFIX + newToken();
  const row = await ctx.trx
    .insertInto('api_tokens')
    .values({
      staff_user_id: ctx.staff.id,
      name,
      // Only the digest is kept; authentication hashes the whole bearer string the same way.
      token_hash: hashToken(token),
      token_prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
      expires_at: expiresAt ?? null,
      scopes,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await log.created(ctx, toApiTokenOut(row));
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    scopes: row.scopes,
    token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** Revokes a token of one's own (an administrator: anyone's); a revoked one stays as it is. */
export async function revokeApiToken(ctx: ChangeContext, id: string): Promise<void> {
  const before = await findApiToken(ctx.trx, id);
  // Someone else's token does not exist for an agent.
  if (!before || (before.staff_user_id !== ctx.staff.id && ctx.staff.role !== 'admin'))
    throw notFound('API token');
  if (before.revoked_at) return;
  const revoked = await ctx.trx
    .updateTable('api_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await log.changed(ctx, 'revoke', before.id, toApiTokenOut(before), toApiTokenOut(revoked));
}
