import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { filedCreateRoute } from './filed-change-routes.ts';
import { filedListRoute } from './filed-list-route.ts';
import { listMentionable } from './mentions.ts';
import { listComments } from './records-repo.ts';
import { CommentCreate, CommentOut, MentionableOut, MentionableQuery } from './records-schema.ts';
import { addComment } from './records-service.ts';
import { ticketExists } from './repo.ts';

const commentRoutes: FastifyPluginAsyncZod = async (app) => {
  filedListRoute(app, 'comments', CommentOut, listComments);
  // The public URL: for the links in the mail to colleagues an internal note mentions.
  filedCreateRoute(app, 'comments', CommentCreate, CommentOut, (ctx, ticketId, body) =>
    addComment(ctx, ticketId, body, app.config.publicUrl),
  );

  app.get(
    '/api/staff/tickets/:id/mentionable',
    {
      config: STAFF,
      schema: {
        tags: ['tickets'],
        params: IdParams,
        querystring: MentionableQuery,
        description: 'Colleagues an internal note may mention: enabled staff users who see the ticket.',
        response: { 200: MentionableOut },
      },
    },
    async (request) => {
      if (!(await ticketExists(app.db, requireStaff(request), request.params.id))) throw notFound('Ticket');
      return listMentionable(app.db, request.params.id, request.query.q);
    },
  );
};

export default commentRoutes;
