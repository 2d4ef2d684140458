import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireStaff } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { findComment, listComments } from './records-repo.ts';
import { CommentCreate, CommentOut } from './records-schema.ts';
import { bumpActivity, ticketExists } from './repo.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['tickets'];

const commentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/tickets/:id/comments',
    {
      config: STAFF,
      schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: pageOf(CommentOut) } },
    },
    async (request) => {
      if (!(await ticketExists(app.db, request.params.id))) throw notFound('Ticket');
      return listComments(app.db, request.params.id, request.query);
    },
  );

  // Public replies and internal notes alike; `public` decides whether contacts will ever see it.
  app.post(
    '/api/staff/tickets/:id/comments',
    { config: STAFF, schema: { tags, params: IdParams, body: CommentCreate, response: { 201: CommentOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const comment = await app.db.transaction().execute(async (trx) => {
        if (!(await bumpActivity(trx, request.params.id))) throw notFound('Ticket');
        const { id } = await trx
          .insertInto('ticket_comments')
          .values({
            ticket_id: request.params.id,
            body: request.body.body,
            public: request.body.public,
            author_staff_id: staff.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return findComment(trx, id);
      });
      if (!comment) throw notFound('Comment');
      return reply.status(201).send(comment);
    },
  );
};

export default commentRoutes;
