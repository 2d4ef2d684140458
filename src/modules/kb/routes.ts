import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import kbFileRoutes from './file-routes.ts';
import { readRecord } from '../shared/record-writes.ts';
import { articleRecord, listArticles } from './repo.ts';
import { sql, type SqlBool } from 'kysely';
import { pageOf } from '../../http/pagination.ts';
import { STAFF } from '../../http/route-policy.ts';
import { searchArticles } from './search.ts';
import {
  KbArticleCreate,
  KbArticleHit,
  KbArticleSearchQuery,
  KbArticleListQuery,
  KbArticleOut,
  KbArticleSummary,
  KbArticleUpdate,
} from './schema.ts';
import { createArticle, deleteArticle, updateArticle } from './service.ts';

const kbRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/kb-articles/search',
    {
      config: STAFF,
      schema: {
        tags: ['knowledge base'],
        description:
          'Full-text search over every article (title and body), best match first, with a ' +
          'highlighted snippet as text parts. Up to 200 characters (longer: 422).',
        querystring: KbArticleSearchQuery,
        response: { 200: pageOf(KbArticleHit) },
      },
    },
    async (request) => {
      const { q, published, ...page } = request.query;
      const where =
        published === undefined ? sql<SqlBool>`true` : sql<SqlBool>`k.published = ${published === 'true'}`;
      return searchArticles(app.db, where, q, page, (r, rank, snippet) => ({
        id: r.id,
        title: r.title,
        published: r.published,
        visibility: r.visibility,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        rank,
        snippet,
      }));
    },
  );
  recordRoutes(app, {
    path: '/api/staff/kb-articles',
    tags: ['knowledge base'],
    noun: articleRecord.noun,
    out: KbArticleOut,
    list: {
      query: KbArticleListQuery,
      item: KbArticleSummary,
      read: (db, { q, published, ...page }) =>
        listArticles(db, { q, published: published === undefined ? undefined : published === 'true' }, page),
    },
    get: (db, id) => readRecord(articleRecord, db, id),
    create: { body: KbArticleCreate, write: createArticle },
    update: { body: KbArticleUpdate, write: updateArticle },
    remove: { write: deleteArticle },
  });
  await app.register(kbFileRoutes);
};

export default kbRoutes;
