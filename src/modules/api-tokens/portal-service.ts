import { sql, type Transaction } from 'kysely';
import { hashToken, newToken } from '../../auth/tokens.ts';
import type { ContactActor } from '../../authz/actor.ts';
import type { DB } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import {
  countLivePortalApiTokens,
  DISPLAY_PREFIX_LENGTH,
  toPortalApiTokenOut,
  TOKEN_PREFIX,
} from './repo.ts';
import { PORTAL_TOKEN_MAX_DAYS, type CreatedPortalApiTokenOut, type PortalApiTokenCreate } from './schema.ts';

/** Tokens of one contact that may work at once: a leak stays countable, and revoking is quick. */
export const PORTAL_TOKEN_LIMIT = 10;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A contact's tokens are the contact's own: not made or revoked by someone viewing the portal as it. */
function assertOwnAccount(actor: ContactActor): void {
  if (actor.impersonation) throw forbidden('Not while viewing the portal as this contact.');
}

/**
 * A read-only token that acts as the contact (authenticate.ts); the only time its secret is
 * answered. The route asks for account.api_tokens and step-up.
 */
export async function createPortalApiToken(
  trx: Transaction<DB>,
  actor: ContactActor,
  body: PortalApiTokenCreate,
  ip: string,
): Promise<CreatedPortalApiTokenOut> {
  assertOwnAccount(actor);
  const { name, expiresAt } = body;
  if (expiresAt.getTime() <= Date.now()) throw invalid('body.expiresAt', 'must be in the future');
  if (expiresAt.getTime() > Date.now() + PORTAL_TOKEN_MAX_DAYS * DAY_MS)
    throw invalid('body.expiresAt', `must be at most ${PORTAL_TOKEN_MAX_DAYS} days ahead`);
  // The contact's row is the lock: two requests at once cannot both pass the limit.
  await trx.selectFrom('contacts').select('id').where('id', '=', actor.id).forUpdate().execute();
  if ((await countLivePortalApiTokens(trx, actor.id)) >= PORTAL_TOKEN_LIMIT)
    throw conflict(`You have ${PORTAL_TOKEN_LIMIT} tokens that still work: revoke one first.`);
  const token = TOKEN_PREFIX + newToken();
  const row = await trx
    .insertInto('api_tokens')
    .values({
      contact_id: actor.id,
      name,
      // Only the digest is kept; authentication hashes the whole bearer string the same way.
      token_hash: hashToken(token),
      token_prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
      expires_at: expiresAt,
      scopes: ['read'],
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const out = toPortalApiTokenOut(row);
  await recordAudit(
    trx,
    actor,
    { action: 'create', entityType: 'api_token', entityId: row.id, after: out },
    ip,
  );
  return { ...out, token };
}

/** Revokes one of the contact's own tokens (404 for any other); a revoked one stays as it is. */
export async function revokePortalApiToken(
  trx: Transaction<DB>,
  actor: ContactActor,
  id: string,
  ip: string,
): Promise<void> {
  assertOwnAccount(actor);
  const before = await trx
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', id)
    .where('contact_id', '=', actor.id)
    .executeTakeFirst();
  if (!before) throw notFound('API token');
  if (before.revoked_at) return;
  const after = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(
    trx,
    actor,
    {
      action: 'revoke',
      entityType: 'api_token',
      entityId: id,
      before: toPortalApiTokenOut(before),
      after: toPortalApiTokenOut(after),
    },
    ip,
  );
}
