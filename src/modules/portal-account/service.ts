import type { FastifyInstance } from 'fastify';
import { sql, type Transaction } from 'kysely';
import { hashPassword, passwordProblem } from '../../auth/passwords.ts';
import { checkOwnPassword } from '../../auth/check-password.ts';
import { directoryHoldsPassword } from '../../auth/directory-password.ts';
import { deleteSessionsOf } from '../../auth/sessions.ts';
import type { ContactActor } from '../../authz/actor.ts';
import type { DB } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { deleteOwnSession, loadCredentials } from './repo.ts';

/** Account security stays with the contact, even in a write-mode impersonation. */
function assertOwnAccount(actor: ContactActor): void {
  if (actor.impersonation) throw forbidden('Not while viewing the portal as this contact.');
}

/**
 * RangerMSP's "Change Password": proving the current one; every other session of the contact
 * ends. Checking and hashing (slow) come first; the change itself is one transaction.
 */
export async function changeOwnPassword(
  app: Pick<FastifyInstance, 'db' | 'log' | 'config' | 'loginThrottle' | 'passwordChecks'>,
  actor: ContactActor,
  body: { currentPassword: string; newPassword: string },
  ip: string,
): Promise<void> {
  assertOwnAccount(actor);
  const { currentPassword, newPassword } = body;
  const me = await loadCredentials(app.db, actor);
  if (!me) throw notFound('Contact');
  if (await directoryHoldsPassword(app.db, actor.id))
    throw conflict("Your password is kept in your organization's directory: change it there.");
  // Guessing the current password through a stolen session counts like failed sign-ins.
  const verified = me.password_hash;
  const who = { side: 'portal' as const, email: me.email, ip };
  if (!verified || !(await checkOwnPassword(app, who, verified, currentPassword))) {
    throw invalid('body.currentPassword', 'is not your current password');
  }
  const problem =
    passwordProblem(newPassword, [me.name, me.email]) ??
    (newPassword === currentPassword ? 'must differ from your current password' : null);
  if (problem) throw invalid('body.newPassword', problem);
  const passwordHash = await hashPassword(newPassword, app.config.argon2);
  await app.db.transaction().execute(async (trx) => {
    // Replaces only the password just verified: a change made meanwhile elsewhere wins.
    const updated = await trx
      .updateTable('contacts')
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where('id', '=', actor.id)
      .where('password_hash', '=', verified)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw conflict('Your password was changed meanwhile; nothing was changed.');
    await deleteSessionsOf(trx, { contactId: actor.id }, actor.sessionId);
    // Outstanding reset or invitation links would bypass the new password.
    await trx
      .updateTable('password_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('contact_id', '=', actor.id)
      .where('used_at', 'is', null)
      .execute();
    await recordAudit(
      trx,
      actor,
      { action: 'password_changed', entityType: 'contact', entityId: actor.id },
      ip,
    );
  });
}

/** Ends one of the contact's own sessions: 404 for any other. */
export async function endOwnSession(
  trx: Transaction<DB>,
  actor: ContactActor,
  id: string,
  ip: string,
): Promise<void> {
  assertOwnAccount(actor);
  if (!(await deleteOwnSession(trx, actor, id))) throw notFound('Session');
  await recordAudit(trx, actor, { action: 'session_ended', entityType: 'session', entityId: id }, ip);
}
