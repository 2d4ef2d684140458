import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import kbFileRoutes from './file-routes.ts';
import { findArticle, listArticles, toArticleOut } from './repo.ts';
import {
  KbArticleCreate,
  KbArticleListQuery,
  KbArticleOut,
  KbArticleSummary,
  KbArticleUpdate,
} from './schema.ts';
import { createArticle, deleteArticle, updateArticle } from './service.ts';

const kbRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path: '/api/staff/kb-articles',
    tags: ['knowledge base'],
    noun: 'Article',
    out: KbArticleOut,
    list: {
      query: KbArticleListQuery,
      item: KbArticleSummary,
      read: (db, { q, published, ...page }) =>
        listArticles(db, { q, published: published === undefined ? undefined : published === 'true' }, page),
    },
    get: async (db, id) => {
      const row = await findArticle(db, id);
      return row && toArticleOut(db, row);
    },
    create: { body: KbArticleCreate, write: createArticle },
    update: { body: KbArticleUpdate, write: updateArticle },
    remove: { write: deleteArticle },
  });
  await app.register(kbFileRoutes);
};

export default kbRoutes;
