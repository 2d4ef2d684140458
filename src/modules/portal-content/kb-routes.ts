import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { portalRoute } from '../../http/route-policy.ts';
import { downloadRoute, collectionRoutes, listRoute } from '../portal-shared/routes.ts';
import {
  findPortalArticle,
  findPortalArticleFile,
  listPortalArticles,
  searchPortalArticles,
} from './kb-repo.ts';
import {
  ArticleFileParams,
  ArticleSearchQuery,
  PortalArticleHit,
  PortalArticleOut,
  PortalArticleSummary,
  SearchQuery,
} from './schema.ts';

const config = portalRoute('kb', 'kb.view');
const tags = ['portal knowledge base'];

const kbRoutes: FastifyPluginAsyncZod = async (app) => {
  listRoute(app, {
    url: '/api/portal/kb-articles/search',
    config,
    tags,
    description:
      'Full-text search over the published articles the contact may read (title and body, ' +
      'stemmed), best match first, with a highlighted snippet as text parts. `q` takes words, ' +
      '"a phrase" and -word; operators and quotes never fail. Up to 200 characters (longer: 422).',
    querystring: ArticleSearchQuery,
    item: PortalArticleHit,
    list: (db, actor, { q, ...page }) => searchPortalArticles(db, actor, q, page),
  });
  collectionRoutes(app, {
    url: '/api/portal/kb-articles',
    config,
    tags,
    list: {
      description:
        'Published articles the contact may read, newest first, without their bodies. `q` matches ' +
        'title or body, case-insensitively.',
      querystring: SearchQuery,
      item: PortalArticleSummary,
      list: (db, actor, { q, ...page }) => listPortalArticles(db, actor, q, page),
    },
    read: {
      description: 'The article with its body; `files` only with kb.files.download.',
      item: PortalArticleOut,
      entity: 'Article',
      find: findPortalArticle,
    },
  });

  // The route asks for kb.view only, so a file of an article the contact may not read is 404
  // before the missing kb.files.download is 403 (permission-model §7).
  downloadRoute(app, {
    url: '/api/portal/kb-articles/:id/files/:fileId',
    config,
    tags,
    description: 'A file of a readable article as an inert download. Needs kb.files.download.',
    params: ArticleFileParams,
    entity: 'File',
    fileOf: (db, actor, { id, fileId }) => findPortalArticleFile(db, actor, id, fileId),
    requires: { privilege: 'kb.files.download', message: 'You may not download knowledge-base files.' },
  });
};

export default kbRoutes;
