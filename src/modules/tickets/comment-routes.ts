import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { filedCreateRoute } from './filed-change-routes.ts';
import { filedListRoute } from './filed-list-route.ts';
import { listComments } from './records-repo.ts';
import { CommentCreate, CommentOut } from './records-schema.ts';
import { addComment } from './records-service.ts';

const commentRoutes: FastifyPluginAsyncZod = async (app) => {
  filedListRoute(app, 'comments', CommentOut, listComments);
  // The public URL: for the links in the mail to colleagues an internal note mentions.
  filedCreateRoute(app, 'comments', CommentCreate, CommentOut, (ctx, ticketId, body) =>
    addComment(ctx, ticketId, body, app.config.publicUrl),
  );
};

export default commentRoutes;
