import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../http/schema-types.ts';
import { runContactChange } from '../portal-shared/change.ts';
import { ticketListRoute } from '../portal-shared/routes.ts';
import { portal, tags } from './policy.ts';
import { addPortalComment } from './record-write.ts';
import { listComments } from './records-repo.ts';
import { PortalCommentCreate, PortalCommentOut } from './schema.ts';

const commentRoutes: FastifyPluginAsyncZod = async (app) => {
  ticketListRoute(app, {
    url: '/api/portal/tickets/:id/comments',
    config: portal('tickets.view'),
    tags,
    description: 'Public comments of the ticket, oldest first.',
    item: PortalCommentOut,
    list: listComments,
  });

  // A contact's reply is always public. Needs tickets.reply on a ticket it may write.
  app.post(
    '/api/portal/tickets/:id/comments',
    {
      config: portal('tickets.view'),
      schema: {
        tags,
        params: IdParams,
        body: PortalCommentCreate,
        response: { 201: PortalCommentOut },
      },
    },
    async (request, reply) => {
      const comment = await runContactChange(app, request, (trx, actor) =>
        addPortalComment(trx, actor, request.params.id, request.body.body),
      );
      return reply.status(201).send(comment);
    },
  );
};

export default commentRoutes;
