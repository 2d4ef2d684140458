import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordRoutes } from '../shared/record-routes.ts';
import kbFileRoutes from './file-routes.ts';
import { readRecord } from '../shared/record-writes.ts';
import { articleRecord, listArticles } from './repo.ts';
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
