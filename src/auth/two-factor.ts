import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SessionOwner } from './sessions.ts';
import { isTotpCode, newRecoveryCodes, newTotpSecret, recoveryCodeHash, verifyTotp } from './totp.ts';

const ownerColumn = (owner: SessionOwner) =>
  'staffUserId' in owner
    ? ({ column: 'staff_user_id', id: owner.staffUserId } as const)
    : ({ column: 'contact_id', id: owner.contactId } as const);

export function findTwoFactor(db: Kysely<DB>, owner: SessionOwner) {
  const { column, id } = ownerColumn(owner);
  return db.selectFrom('two_factors').selectAll().where(column, '=', id).executeTakeFirst();
}

/** Whether the person signs in with a second factor, and how many recovery codes are left. */
export async function twoFactorStatus(db: Kysely<DB>, owner: SessionOwner) {
  const { column, id } = ownerColumn(owner);
  const row = await db
    .selectFrom('two_factors')
    .select([
      'two_factors.confirmed_at',
      (eb) =>
        eb
          .selectFrom('recovery_codes')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('recovery_codes.two_factor_id', '=', 'two_factors.id')
          .where('recovery_codes.used_at', 'is', null)
          .as('codesLeft'),
    ])
    .where(column, '=', id)
    .executeTakeFirst();
  return {
    enabled: !!row?.confirmed_at,
    enabledAt: row?.confirmed_at ?? null,
    recoveryCodesLeft: row?.confirmed_at ? (row.codesLeft ?? 0) : 0,
  };
}

/**
 * Starts (or restarts) an enrolment: a new secret, not yet in force. Answers null when a confirmed
 * second factor exists (disable it first).
 */
export async function startEnrolment(db: Kysely<DB>, owner: SessionOwner): Promise<string | null> {
  const { column, id } = ownerColumn(owner);
  const secret = newTotpSecret();
  const row = await db
    .insertInto('two_factors')
    .values({ [column]: id, secret })
    .onConflict((oc) =>
      oc
        .column(column)
        .doUpdateSet({ secret, last_step: null })
        .where('two_factors.confirmed_at', 'is', null),
    )
    .returning('id')
    .executeTakeFirst();
  return row ? secret : null;
}

/**
 * Confirms the enrolment with a code from the app; answers the recovery codes (shown once), or
 * null when the code is wrong or nothing is being enrolled.
 */
export async function confirmEnrolment(
  db: Kysely<DB>,
  owner: SessionOwner,
  code: string,
): Promise<string[] | null> {
  const pending = await findTwoFactor(db, owner);
  if (!pending || pending.confirmed_at) return null;
  const step = await verifyTotp(pending.secret, code, pending.last_step);
  if (step === null) return null;
  return db.transaction().execute(async (trx) => {
    const confirmed = await trx
      .updateTable('two_factors')
      .set({ confirmed_at: sql<Date>`now()`, last_step: step })
      .where('id', '=', pending.id)
      .where('confirmed_at', 'is', null)
      .where('secret', '=', pending.secret)
      .returning('id')
      .executeTakeFirst();
    if (!confirmed) return null;
    return replaceRecoveryCodes(trx, pending.id);
  });
}

/** New recovery codes; the old ones stop working. */
export async function replaceRecoveryCodes(db: Kysely<DB>, twoFactorId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.deleteFrom('recovery_codes').where('two_factor_id', '=', twoFactorId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ two_factor_id: twoFactorId, code_hash: recoveryCodeHash(code) })))
    .execute();
  return codes;
}

/**
 * Checks a second factor: a TOTP code (each time step once: the update only succeeds for a newer
 * step, so two parallel uses of one code cannot both pass) or an unused recovery code (used up
 * by the same update that accepts it). Answers how it was given, or null.
 */
export async function verifySecondFactor(
  db: Kysely<DB>,
  owner: SessionOwner,
  code: string,
): Promise<'totp' | 'recovery_code' | null> {
  const factor = await findTwoFactor(db, owner);
  if (!factor?.confirmed_at) return null;
  if (isTotpCode(code)) {
    const step = await verifyTotp(factor.secret, code, factor.last_step);
    if (step === null) return null;
    const used = await db
      .updateTable('two_factors')
      .set({ last_step: step })
      .where('id', '=', factor.id)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .returning('id')
      .executeTakeFirst();
    return used ? 'totp' : null;
  }
  const used = await db
    .updateTable('recovery_codes')
    .set({ used_at: sql<Date>`now()` })
    .where('two_factor_id', '=', factor.id)
    .where('code_hash', '=', recoveryCodeHash(code))
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return used ? 'recovery_code' : null;
}

/** Removes the second factor and its recovery codes; answers whether there was one. */
export async function disableTwoFactor(db: Kysely<DB>, owner: SessionOwner): Promise<boolean> {
  const { column, id } = ownerColumn(owner);
  const gone = await db.deleteFrom('two_factors').where(column, '=', id).returning('id').executeTakeFirst();
  return !!gone;
}

export async function adminsRequireTwoFactor(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('sign_in_settings').select('admins_require_two_factor').executeTakeFirst();
  return row?.admins_require_two_factor ?? false;
}
