import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { hashPassword, passwordProblem } from '../../auth/passwords.ts';
import { deleteSessionsOf } from '../../auth/sessions.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import staffPasswordRoutes from './passwords.ts';
import {
  anotherEnabledAdminExists,
  findStaffUser,
  isEnabledAdmin,
  listStaffUsers,
  lockAdministrators,
  staffEmailTaken,
  toStaffUserOut,
} from './repo.ts';
import { StaffUserCreate, StaffUserListQuery, StaffUserOut, StaffUserUpdate } from './schema.ts';
import { STAFF, ADMIN } from '../../http/route-policy.ts';

const tags = ['staff-users'];

const emailTaken = () => conflict('A staff user with this e-mail address already exists.');
const lastAdmin = () =>
  conflict('This is the last enabled administrator: make another user an administrator first.');

const staffUsersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/staff-users',
    {
      config: STAFF,
      schema: { tags, querystring: StaffUserListQuery, response: { 200: pageOf(StaffUserOut) } },
    },
    async (request) => {
      const { q, role, disabled, ...page } = request.query;
      const filter = { q, role, disabled: disabled === undefined ? undefined : disabled === 'true' };
      return listStaffUsers(app.db, filter, page);
    },
  );

  app.get(
    '/api/staff/staff-users/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: StaffUserOut } } },
    async (request) => {
      const row = await findStaffUser(app.db, request.params.id);
      if (!row) throw notFound('Staff user');
      return toStaffUserOut(row);
    },
  );

  app.post(
    '/api/staff/staff-users',
    { config: ADMIN, schema: { tags, body: StaffUserCreate, response: { 201: StaffUserOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { name, email, role, canImpersonate, disabled, password } = request.body;
      let passwordHash: string | null = null;
      if (password !== undefined) {
        const problem = passwordProblem(password, [name, email]);
        if (problem) throw invalid('body.password', problem);
        passwordHash = await hashPassword(password, app.config.argon2);
      }
      const row = await app.db.transaction().execute(async (trx) => {
        if (await staffEmailTaken(trx, email)) throw emailTaken();
        const created = await trx
          .insertInto('staff_users')
          .values({
            name,
            email,
            role,
            can_impersonate: canImpersonate ?? false,
            disabled: disabled ?? false,
            password_hash: passwordHash,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          {
            action: 'create',
            entityType: 'staff_user',
            entityId: created.id,
            after: toStaffUserOut(created),
          },
          request.ip,
        );
        return created;
      });
      return reply.status(201).send(toStaffUserOut(row));
    },
  );

  app.patch(
    '/api/staff/staff-users/:id',
    {
      config: ADMIN,
      schema: { tags, params: IdParams, body: StaffUserUpdate, response: { 200: StaffUserOut } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const body = request.body;
      const row = await app.db.transaction().execute(async (trx) => {
        if (body.role !== undefined || body.disabled !== undefined) await lockAdministrators(trx);
        const before = await findStaffUser(trx, id);
        if (!before) throw notFound('Staff user');
        const losesAdmin = body.role === 'agent' || body.disabled === true;
        if (isEnabledAdmin(before) && losesAdmin && !(await anotherEnabledAdminExists(trx, id)))
          throw lastAdmin();
        if (body.email !== undefined && (await staffEmailTaken(trx, body.email, id))) throw emailTaken();
        const updated = await trx
          .updateTable('staff_users')
          .set({
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.email !== undefined ? { email: body.email } : {}),
            ...(body.role !== undefined ? { role: body.role } : {}),
            ...(body.canImpersonate !== undefined ? { can_impersonate: body.canImpersonate } : {}),
            ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        // Sessions end here; API tokens stop at once because authentication checks `disabled`.
        if (body.disabled === true) await deleteSessionsOf(trx, { staffUserId: id });
        await recordAudit(
          trx,
          staff,
          {
            action: 'update',
            entityType: 'staff_user',
            entityId: id,
            before: toStaffUserOut(before),
            after: toStaffUserOut(updated),
          },
          request.ip,
        );
        return updated;
      });
      return toStaffUserOut(row);
    },
  );

  app.delete(
    '/api/staff/staff-users/:id',
    { config: ADMIN, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      await app.db.transaction().execute(async (trx) => {
        await lockAdministrators(trx);
        const before = await findStaffUser(trx, id);
        if (!before) throw notFound('Staff user');
        if (isEnabledAdmin(before) && !(await anotherEnabledAdminExists(trx, id))) throw lastAdmin();
        // Sessions and API tokens cascade; authored comments, links etc. keep a null author.
        await trx.deleteFrom('staff_users').where('id', '=', id).execute();
        await recordAudit(
          trx,
          staff,
          { action: 'delete', entityType: 'staff_user', entityId: id, before: toStaffUserOut(before) },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );

  await app.register(staffPasswordRoutes);
};

export default staffUsersRoutes;
