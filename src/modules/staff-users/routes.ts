import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hashPassword, passwordProblem } from '../../auth/passwords.ts';
import { invalid } from '../../errors.ts';
import { ADMIN } from '../../http/route-policy.ts';
import { runChange } from '../audit/change.ts';
import { recordRoutes } from '../shared/record-routes.ts';
import staffNotificationRoutes from './notifications.ts';
import staffPasswordRoutes from './passwords.ts';
import { findStaffUser, listStaffUsers, toStaffUserOut } from './repo.ts';
import { StaffUserCreate, StaffUserListQuery, StaffUserOut, StaffUserUpdate } from './schema.ts';
import { createStaffUser, deleteStaffUser, updateStaffUser } from './service.ts';

const path = '/api/staff/staff-users';
const tags = ['staff-users'];

const staffUsersRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path,
    tags,
    noun: 'Staff user',
    out: StaffUserOut,
    list: {
      query: StaffUserListQuery,
      read: (db, { q, role, disabled, ...page }) =>
        listStaffUsers(
          db,
          { q, role, disabled: disabled === undefined ? undefined : disabled === 'true' },
          page,
        ),
    },
    get: async (db, id) => {
      const row = await findStaffUser(db, id);
      return row && toStaffUserOut(row);
    },
    update: { adminOnly: true, body: StaffUserUpdate, write: updateStaffUser },
    remove: { adminOnly: true, write: deleteStaffUser },
  });

  app.post(
    path,
    { config: ADMIN, schema: { tags, body: StaffUserCreate, response: { 201: StaffUserOut } } },
    async (request, reply) => {
      const { name, email, password } = request.body;
      let passwordHash: string | null = null;
      if (password !== undefined) {
        const problem = passwordProblem(password, [name, email]);
        if (problem) throw invalid('body.password', problem);
        passwordHash = await hashPassword(password, app.config.argon2);
      }
      const created = await runChange(app, request, (ctx) =>
        createStaffUser(ctx, request.body, passwordHash),
      );
      return reply.status(201).send(created);
    },
  );

  await app.register(staffPasswordRoutes);
  await app.register(staffNotificationRoutes);
};

export default staffUsersRoutes;
