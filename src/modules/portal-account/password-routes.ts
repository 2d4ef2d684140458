import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { hashPassword, passwordProblem, verifyPassword } from '../../auth/passwords.ts';
import { deleteSessionsOf } from '../../auth/sessions.ts';
import { requireContact } from '../../http/authenticate.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { loadCredentials } from './repo.ts';
import { ChangePasswordBody } from './schema.ts';

const config = { policy: { audience: 'portal' as const, privilege: 'account.change_password' as const } };

const passwordRoutes: FastifyPluginAsyncZod = async (app) => {
  // RangerMSP's "Change Password": proving the current one; every other session of the contact ends.
  app.put(
    '/api/portal/me/password',
    {
      config,
      schema: {
        tags: ['portal account'],
        description:
          'Needs account.change_password. A wrong current password is 422 on body.currentPassword and ' +
          'counts as a failed sign-in (429 once blocked). Ends every other session of the contact.',
        body: ChangePasswordBody,
      },
    },
    async (request, reply) => {
      const actor = requireContact(request);
      // Account security stays with the contact, even in a write-mode impersonation.
      if (actor.impersonation) throw forbidden('Not while viewing the portal as this contact.');
      const { currentPassword, newPassword } = request.body;
      const me = await loadCredentials(app.db, actor);
      if (!me) throw notFound('Contact');
      // Guessing the current password through a stolen session counts like failed sign-ins.
      await app.loginThrottle.assertAllowed(me.email, request.ip);
      const verified = me.password_hash;
      if (!verified || !(await verifyPassword(verified, currentPassword, app.config.argon2))) {
        await app.loginThrottle.recordFailure(me.email, request.ip);
        throw invalid('body.currentPassword', 'is not your current password');
      }
      const problem =
        passwordProblem(newPassword, [me.name, me.email]) ??
        (newPassword === currentPassword ? 'must differ from your current password' : null);
      if (problem) throw invalid('body.newPassword', problem);
      // Hashing is slow: done before the transaction opens.
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
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default passwordRoutes;
