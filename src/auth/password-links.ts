import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Config } from '../config.ts';
import { hashToken, newToken } from './tokens.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { deleteSessionsOf } from './sessions.ts';
import { AppError, invalid } from '../errors.ts';

export const PASSWORD_LINK_TTL_MS = 7 * 24 * 3600_000;
export type PasswordLinkPurpose = 'invite' | 'reset';

// The token travels in the URL fragment, which browsers never send to servers or in Referer.
export const passwordLinkUrl = (config: Config, token: string) =>
  `${config.publicUrl}/portal/set-password#token=${token}`;

/**
 * A new single-use link; earlier unused links of the contact stop working. Pass the caller's
 * transaction to commit the link together with its audit row.
 */
export async function issuePasswordLink(
  db: Kysely<DB> | Transaction<DB>,
  config: Config,
  input: { contactId: string; purpose: PasswordLinkPurpose; staffUserId: string | null },
): Promise<{ url: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + PASSWORD_LINK_TTL_MS);
  const write = async (trx: Kysely<DB>) => {
    await trx
      .updateTable('password_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('contact_id', '=', input.contactId)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('password_tokens')
      .values({
        contact_id: input.contactId,
        purpose: input.purpose,
        token_hash: hashToken(token),
        created_by_staff_id: input.staffUserId,
        expires_at: expiresAt,
      })
      .execute();
  };
  await (db.isTransaction ? write(db) : db.transaction().execute(write));
  return { url: passwordLinkUrl(config, token), expiresAt };
}

const linkGone = () => new AppError('not_found', 'This link is invalid, expired or already used.');

/** What the set-password page shows before the contact chooses a password. */
export async function describePasswordLink(db: Kysely<DB>, token: string) {
  const row = await db
    .selectFrom('password_tokens')
    .innerJoin('contacts', 'contacts.id', 'password_tokens.contact_id')
    .select(['password_tokens.purpose', 'password_tokens.expires_at', 'contacts.name', 'contacts.email'])
    .where('password_tokens.token_hash', '=', hashToken(token))
    .where('password_tokens.used_at', 'is', null)
    .where('password_tokens.expires_at', '>', sql<Date>`now()`)
    .where('contacts.disabled', '=', false)
    .executeTakeFirst();
  if (!row) throw linkGone();
  return { purpose: row.purpose, expiresAt: row.expires_at, name: row.name, email: row.email };
}

/** Sets the password once; the link is spent and every session of the contact ends. */
export async function redeemPasswordLink(
  db: Kysely<DB>,
  config: Config,
  token: string,
  password: string,
): Promise<string> {
  const link = await describePasswordLink(db, token);
  const problem = passwordProblem(password, [link.name, link.email]);
  if (problem) throw invalid('body.password', problem);
  const passwordHash = await hashPassword(password, config.argon2);
  return db.transaction().execute(async (trx) => {
    // The condition on used_at makes two concurrent redemptions yield exactly one winner.
    const spent = await trx
      .updateTable('password_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('contact_id')
      .executeTakeFirst();
    if (!spent) throw linkGone();
    await trx
      .updateTable('contacts')
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where('id', '=', spent.contact_id)
      .execute();
    await deleteSessionsOf(trx, { contactId: spent.contact_id });
    return spent.contact_id;
  });
}
