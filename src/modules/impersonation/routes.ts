import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { requireStaff, setSessionCookies } from '../../http/authenticate.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import { DateTime, Id, IdParams, RequiredText } from '../../http/schema-types.ts';
import { createSession } from '../../auth/sessions.ts';
import { recordAudit } from '../audit/record.ts';
import { STAFF, STAFF_STEP_UP } from '../../http/route-policy.ts';

const tags = ['impersonation'];

const StartBody = z.strictObject({
  contactId: Id,
  mode: z.enum(['read', 'write']).default('read'),
  reason: RequiredText(500),
});

const ImpersonationOut = z.object({
  id: Id,
  contact: z.object({ id: Id, name: z.string(), email: z.string() }),
  staffUser: z.object({ id: Id, name: z.string() }),
  mode: z.enum(['read', 'write']),
  reason: z.string(),
  startedAt: DateTime,
  expiresAt: DateTime,
});

const listQuery = (db: Parameters<FastifyPluginAsyncZod>[0]['db']) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('contacts as c', 'c.id', 's.contact_id')
    .innerJoin('staff_users as u', 'u.id', 's.impersonator_staff_id')
    .select([
      's.id',
      's.impersonation_mode',
      's.impersonation_reason',
      's.created_at',
      's.expires_at',
      'c.id as contactId',
      'c.name as contactName',
      'c.email as contactEmail',
      'u.id as staffId',
      'u.name as staffName',
    ])
    .where('s.expires_at', '>', sql<Date>`now()`);

type Row = Awaited<ReturnType<ReturnType<typeof listQuery>['executeTakeFirstOrThrow']>>;
const toOut = (r: Row) => ({
  id: r.id,
  contact: { id: r.contactId, name: r.contactName, email: r.contactEmail },
  staffUser: { id: r.staffId, name: r.staffName },
  mode: r.impersonation_mode ?? 'read',
  reason: r.impersonation_reason ?? '',
  startedAt: r.created_at,
  expiresAt: r.expires_at,
});

/**
 * "View portal as": a staff user with the right opens the portal as a contact, read-only unless
 * asked for write mode. The portal session is a normal one flagged with the impersonator, so the
 * contact's own permissions apply unchanged; authenticate.ts ends it when the right goes.
 */
const impersonationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/staff/impersonations',
    {
      // Acting as someone else asks for the password (or a code) again: step-up.
      config: STAFF_STEP_UP,
      schema: {
        tags,
        body: StartBody,
        response: { 201: ImpersonationOut.extend({ csrfToken: z.string() }) },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request);
      if (staff.role !== 'admin' && !staff.canImpersonate)
        throw forbidden('You may not impersonate contacts.');
      const { contactId, mode, reason } = request.body;
      const contact = await app.db
        .selectFrom('contacts')
        .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
        .select([
          'contacts.id',
          'contacts.disabled',
          sql<boolean>`'portal.login' = any(privilege_groups.privileges)`.as('canLogIn'),
        ])
        .where('contacts.id', '=', contactId)
        .executeTakeFirst();
      if (!contact) throw notFound('Contact');
      if (contact.disabled) throw conflict('The contact is disabled: there is no portal to view.');
      if (!contact.canLogIn) throw conflict("The contact's privilege group has no portal access.");
      const session = await app.db.transaction().execute(async (trx) => {
        const created = await createSession(
          trx,
          { contactId },
          {
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? '',
            ttlMs: app.config.impersonationTtlMs,
          },
        );
        await trx
          .updateTable('sessions')
          .set({
            impersonator_staff_id: staff.id,
            impersonator_session_id: staff.sessionId ?? null,
            impersonation_mode: mode,
            impersonation_reason: reason,
          })
          .where('id', '=', created.id)
          .execute();
        await recordAudit(
          trx,
          staff,
          {
            action: 'impersonation_start',
            entityType: 'contact',
            entityId: contactId,
            after: { mode, reason, sessionId: created.id },
          },
          request.ip,
        );
        return created;
      });
      setSessionCookies(reply, request, app.config, 'portal', session);
      const row = await listQuery(app.db).where('s.id', '=', session.id).executeTakeFirstOrThrow();
      return reply.status(201).send({ ...toOut(row), csrfToken: session.csrfToken });
    },
  );

  app.get(
    '/api/staff/impersonations',
    { config: STAFF, schema: { tags, response: { 200: z.object({ items: z.array(ImpersonationOut) }) } } },
    async (request) => {
      const staff = requireStaff(request);
      let query = listQuery(app.db).orderBy('s.id', 'desc').limit(100);
      if (staff.role !== 'admin') query = query.where('s.impersonator_staff_id', '=', staff.id);
      return { items: (await query.execute()).map(toOut) };
    },
  );

  app.delete(
    '/api/staff/impersonations/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        let query = trx
          .deleteFrom('sessions')
          .where('id', '=', request.params.id)
          .where('impersonator_staff_id', 'is not', null);
        if (staff.role !== 'admin') query = query.where('impersonator_staff_id', '=', staff.id);
        const ended = await query.returning(['contact_id']).executeTakeFirst();
        if (!ended) throw notFound('Impersonation');
        await recordAudit(
          trx,
          staff,
          { action: 'impersonation_stop', entityType: 'contact', entityId: ended.contact_id },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default impersonationRoutes;
