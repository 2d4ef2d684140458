import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hashPassword, passwordProblem } from '../../auth/passwords.ts';
import { invalid, notFound } from '../../errors.ts';
import { STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { emailInvitation, inviteContact, setContactPassword } from './account-service.ts';
import { findContact } from './repo.ts';
import { InvitationMailOut, InvitationOut, SetContactPasswordBody } from './schema.ts';

const tags = ['contacts'];

/** Staff actions on a contact's portal account: invitation link and password. */
const contactAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/staff/contacts/:id/invitation',
    { config: STAFF, schema: { tags, params: IdParams, response: { 201: InvitationOut } } },
    async (request, reply) => {
      const { url, expiresAt } = await runChange(app, request, (ctx) =>
        inviteContact(ctx, app.config, request.params.id),
      );
      return reply.status(201).send({ url, expiresAt });
    },
  );

  // "Send invitation": the same link, mailed to the contact through the outbox.
  app.post(
    '/api/staff/contacts/:id/invitation/email',
    { config: STAFF, schema: { tags, params: IdParams, response: { 202: InvitationMailOut } } },
    async (request, reply) => {
      const queued = await runChange(app, request, (ctx) =>
        emailInvitation(ctx, app.config, request.params.id),
      );
      app.mailWorker.wake();
      return reply.status(202).send(queued);
    },
  );

  app.put(
    '/api/staff/contacts/:id/password',
    { config: STAFF, schema: { tags, params: IdParams, body: SetContactPasswordBody } },
    async (request, reply) => {
      const { id } = request.params;
      const contact = await findContact(app.db, id);
      if (!contact) throw notFound('Contact');
      const problem = passwordProblem(request.body.password, [contact.name, contact.email]);
      if (problem) throw invalid('body.password', problem);
      // Hashing is slow: done before the transaction opens, not inside it.
      const passwordHash = await hashPassword(request.body.password, app.config.argon2);
      await runChange(app, request, (ctx) => setContactPassword(ctx, id, passwordHash));
      return reply.status(204).send();
    },
  );
};

export default contactAccountRoutes;
