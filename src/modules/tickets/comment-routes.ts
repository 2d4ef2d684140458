import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { runChange } from '../audit/change.ts';
import { IdParams } from '../../http/schema-types.ts';
import { STAFF } from '../../http/route-policy.ts';
import { filedListRoute } from './filed-list-route.ts';
import { listComments } from './records-repo.ts';
import { CommentCreate, CommentOut } from './records-schema.ts';
import { addComment } from './records-service.ts';

const commentRoutes: FastifyPluginAsyncZod = async (app) => {
  filedListRoute(app, 'comments', CommentOut, listComments);

  app.post(
    '/api/staff/tickets/:id/comments',
    {
      config: STAFF,
      schema: { tags: ['tickets'], params: IdParams, body: CommentCreate, response: { 201: CommentOut } },
    },
    async (request, reply) => {
      const comment = await runChange(app, request, (ctx) =>
        addComment(ctx, request.params.id, request.body),
      );
      return reply.status(201).send(comment);
    },
  );
};

export default commentRoutes;
