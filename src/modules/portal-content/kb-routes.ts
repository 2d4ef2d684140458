import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { can } from '../../authz/actor.ts';
import { requireContact } from '../../http/authenticate.ts';
import { forbidden, notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { sendFile } from '../files/store.ts';
import { findPortalArticle, findPortalArticleFile, listPortalArticles } from './kb-repo.ts';
import { portalRoute as portal } from '../../http/route-policy.ts';
import { ArticleFileParams, PortalArticleOut, PortalArticleSummary, SearchQuery } from './schema.ts';

const config = portal('kb', 'kb.view');
const tags = ['portal knowledge base'];

const kbRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/kb-articles',
    {
      config,
      schema: {
        tags,
        description:
          'Published articles the contact may read, newest first, without their bodies. `q` matches ' +
          'title or body, case-insensitively.',
        querystring: SearchQuery,
        response: { 200: pageOf(PortalArticleSummary) },
      },
    },
    async (request) => {
      const { q, ...page } = request.query;
      return listPortalArticles(app.db, requireContact(request), q, page);
    },
  );

  app.get(
    '/api/portal/kb-articles/:id',
    {
      config,
      schema: {
        tags,
        description: 'The article with its body; `files` only with kb.files.download.',
        params: IdParams,
        response: { 200: PortalArticleOut },
      },
    },
    async (request) => {
      const article = await findPortalArticle(app.db, requireContact(request), request.params.id);
      if (!article) throw notFound('Article');
      return article;
    },
  );

  // The route asks for kb.view only, so a file of an article the contact may not read is 404
  // before the missing kb.files.download is 403 (permission-model §7).
  app.get(
    '/api/portal/kb-articles/:id/files/:fileId',
    {
      config,
      schema: {
        tags,
        description: 'A file of a readable article as an inert download. Needs kb.files.download.',
        params: ArticleFileParams,
        produces: ['application/octet-stream'],
      },
    },
    async (request, reply) => {
      const actor = requireContact(request);
      const { id, fileId } = request.params;
      const found = await findPortalArticleFile(app.db, actor, id, fileId);
      if (!found) throw notFound('File');
      if (!can(actor, 'kb.files.download')) throw forbidden('You may not download knowledge-base files.');
      return sendFile(app.db, reply, found);
    },
  );
};

export default kbRoutes;
