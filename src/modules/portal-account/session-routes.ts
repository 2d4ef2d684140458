import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clearSessionCookies, requireContact } from '../../http/authenticate.ts';
import { forbidden, notFound } from '../../errors.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { endOwnSession, listOwnSessions } from './repo.ts';
import { PortalSessionItem } from './schema.ts';

// Any signed-in contact may see and end its own sessions: no privilege beyond portal access.
const config = { policy: { audience: 'portal' as const } };
const tags = ['portal account'];

const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/me/sessions',
    {
      config,
      schema: {
        tags,
        description: "The contact's own unexpired sessions, newest first; `current` marks this one.",
        querystring: PageQuery,
        response: { 200: pageOf(PortalSessionItem) },
      },
    },
    async (request) => listOwnSessions(app.db, requireContact(request), request.query),
  );

  app.delete(
    '/api/portal/me/sessions/:id',
    {
      config,
      schema: {
        tags,
        description:
          "Ends one of the contact's own sessions (404 for any other); ending the current one signs out.",
        params: IdParams,
      },
    },
    async (request, reply) => {
      const actor = requireContact(request);
      // Account security stays with the contact, even in a write-mode impersonation.
      if (actor.impersonation) throw forbidden('Not while viewing the portal as this contact.');
      const { id } = request.params;
      await app.db.transaction().execute(async (trx) => {
        if (!(await endOwnSession(trx, actor, id))) throw notFound('Session');
        await recordAudit(
          trx,
          actor,
          { action: 'session_ended', entityType: 'session', entityId: id },
          request.ip,
        );
      });
      if (id === actor.sessionId) clearSessionCookies(reply, 'portal');
      return reply.status(204).send();
    },
  );
};

export default sessionRoutes;
