import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { hashPassword, passwordProblem, verifyPassword } from '../../auth/passwords.ts';
import { deleteSessionsOf } from '../../auth/sessions.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { invalid, notFound } from '../../errors.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { findStaffUser } from './repo.ts';
import { ChangeOwnPasswordBody, SetStaffPasswordBody } from './schema.ts';
import { STAFF, ADMIN } from '../../http/route-policy.ts';

const tags = ['staff-users'];

const staffPasswordRoutes: FastifyPluginAsyncZod = async (app) => {
  // An administrator sets (or resets) someone's password; that person is signed out everywhere.
  app.put(
    '/api/staff/staff-users/:id/password',
    { config: ADMIN, schema: { tags, params: IdParams, body: SetStaffPasswordBody } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const target = await findStaffUser(app.db, id);
      if (!target) throw notFound('Staff user');
      const problem = passwordProblem(request.body.password, [target.name, target.email]);
      if (problem) throw invalid('body.password', problem);
      const passwordHash = await hashPassword(request.body.password, app.config.argon2);
      await app.db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('staff_users')
          .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw notFound('Staff user');
        // An administrator resetting their own password keeps the session they are using.
        await deleteSessionsOf(trx, { staffUserId: id }, id === staff.id ? staff.sessionId : undefined);
        await recordAudit(
          trx,
          staff,
          { action: 'password_set', entityType: 'staff_user', entityId: id },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );

  // Anyone changes their own password by proving the current one; other sessions end.
  app.put(
    '/api/staff/me/password',
    { config: STAFF, schema: { tags: ['session'], body: ChangeOwnPasswordBody } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { currentPassword, newPassword } = request.body;
      const me = await findStaffUser(app.db, staff.id);
      if (!me) throw notFound('Staff user');
      // Guessing the current password through a stolen session counts like failed sign-ins.
      await app.loginThrottle.assertAllowed(me.email, request.ip);
      if (!(await verifyPassword(me.password_hash, currentPassword, app.config.argon2))) {
        await app.loginThrottle.recordFailure(me.email, request.ip);
        throw invalid('body.currentPassword', 'is not your current password');
      }
      const problem = passwordProblem(newPassword, [me.name, me.email]);
      if (problem) throw invalid('body.newPassword', problem);
      const passwordHash = await hashPassword(newPassword, app.config.argon2);
      await app.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('staff_users')
          .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
          .where('id', '=', staff.id)
          .execute();
        await deleteSessionsOf(trx, { staffUserId: staff.id }, staff.sessionId);
        await recordAudit(
          trx,
          staff,
          { action: 'password_changed', entityType: 'staff_user', entityId: staff.id },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default staffPasswordRoutes;
