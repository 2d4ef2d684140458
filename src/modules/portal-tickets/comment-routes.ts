import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact } from '../../http/authenticate.ts';
import { forbidden, notFound } from '../../errors.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { portal, tags } from './policy.ts';
import { findComment, listComments, ticketAccess } from './records-repo.ts';
import { bumpActivity, lockWritableTicket } from './repo.ts';
import { PortalCommentCreate, PortalCommentOut } from './schema.ts';

const commentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/tickets/:id/comments',
    {
      config: portal('tickets.view'),
      schema: {
        tags,
        description: 'Public comments of the ticket, oldest first.',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(PortalCommentOut) },
      },
    },
    async (request) => {
      const actor = requireContact(request);
      if (!(await ticketAccess(app.db, actor, request.params.id))) throw notFound('Ticket');
      return listComments(app.db, actor, request.params.id, request.query);
    },
  );

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
      const actor = requireContact(request);
      const ticketId = request.params.id;
      const comment = await app.db.transaction().execute(async (trx) => {
        await lockWritableTicket(trx, actor, ticketId);
        if (!actor.privileges.has('tickets.reply')) throw forbidden('You may not reply to tickets.');
        const { id } = await trx
          .insertInto('ticket_comments')
          .values({ ticket_id: ticketId, body: request.body.body, public: true, author_contact_id: actor.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        await bumpActivity(trx, ticketId);
        return findComment(trx, actor, id);
      });
      if (!comment) throw notFound('Comment');
      return reply.status(201).send(comment);
    },
  );
};

export default commentRoutes;
