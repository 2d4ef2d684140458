import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hashPassword, passwordProblem } from '../../auth/passwords.ts';
import { checkOwnPassword } from '../../auth/check-password.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { invalid, notFound } from '../../errors.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { findStaffUser } from './repo.ts';
import { ChangeOwnPasswordBody, SetStaffPasswordBody } from './schema.ts';
import { changeOwnPassword, setStaffPassword } from './service.ts';
import { STAFF, ADMIN } from '../../http/route-policy.ts';

const tags = ['staff-users'];

const staffPasswordRoutes: FastifyPluginAsyncZod = async (app) => {
  // An administrator sets (or resets) someone's password; that person is signed out everywhere.
  app.put(
    '/api/staff/staff-users/:id/password',
    { config: ADMIN, schema: { tags, params: IdParams, body: SetStaffPasswordBody } },
    async (request, reply) => {
      const { id } = request.params;
      const target = await findStaffUser(app.db, id);
      if (!target) throw notFound('Staff user');
      const problem = passwordProblem(request.body.password, [target.name, target.email]);
      if (problem) throw invalid('body.password', problem);
      const passwordHash = await hashPassword(request.body.password, app.config.argon2);
      await runChange(app, request, (ctx) => setStaffPassword(ctx, id, passwordHash));
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
      const who = { side: 'staff' as const, email: me.email, ip: request.ip };
      if (!(await checkOwnPassword(app, who, me.password_hash, currentPassword))) {
        throw invalid('body.currentPassword', 'is not your current password');
      }
      const problem = passwordProblem(newPassword, [me.name, me.email]);
      if (problem) throw invalid('body.newPassword', problem);
      const passwordHash = await hashPassword(newPassword, app.config.argon2);
      await runChange(app, request, (ctx) => changeOwnPassword(ctx, passwordHash));
      return reply.status(204).send();
    },
  );
};

export default staffPasswordRoutes;
