import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clearSessionCookies, requireContact } from '../../http/authenticate.ts';
import { PageQuery } from '../../http/pagination.ts';
import { PORTAL } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runContactChange } from '../portal-shared/change.ts';
import { listRoute } from '../portal-shared/routes.ts';
import { listOwnSessions } from './repo.ts';
import { PortalSessionItem } from './schema.ts';
import { endOwnSession } from './service.ts';

// Any signed-in contact may see and end its own sessions: no privilege beyond portal access.
const config = PORTAL;
const tags = ['portal account'];

const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  listRoute(app, {
    url: '/api/portal/me/sessions',
    config,
    tags,
    description: "The contact's own unexpired sessions, newest first; `current` marks this one.",
    querystring: PageQuery,
    item: PortalSessionItem,
    list: listOwnSessions,
  });

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
      const { id } = request.params;
      await runContactChange(app, request, (trx, actor) => endOwnSession(trx, actor, id, request.ip));
      if (id === requireContact(request).sessionId) clearSessionCookies(reply, 'portal');
      return reply.status(204).send();
    },
  );
};

export default sessionRoutes;
