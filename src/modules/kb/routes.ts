import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireStaff } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import kbFileRoutes from './file-routes.ts';
import {
  articleFiles,
  auditView,
  checkAudience,
  findArticle,
  listArticles,
  replaceArticleGroups,
  toArticleOut,
} from './repo.ts';
import {
  KbArticleCreate,
  KbArticleListQuery,
  KbArticleOut,
  KbArticleSummary,
  KbArticleUpdate,
} from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['knowledge base'];
const URL = '/api/staff/kb-articles';

const kbRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    URL,
    {
      config: STAFF,
      schema: { tags, querystring: KbArticleListQuery, response: { 200: pageOf(KbArticleSummary) } },
    },
    async (request) => {
      const { q, published, ...page } = request.query;
      return listArticles(
        app.db,
        { q, published: published === undefined ? undefined : published === 'true' },
        page,
      );
    },
  );

  app.get(
    `${URL}/:id`,
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: KbArticleOut } } },
    async (request) => {
      const row = await findArticle(app.db, request.params.id);
      if (!row) throw notFound('Article');
      return toArticleOut(app.db, row);
    },
  );

  app.post(
    URL,
    { config: STAFF, schema: { tags, body: KbArticleCreate, response: { 201: KbArticleOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { title, body, published, visibility, userGroupIds } = request.body;
      const created = await app.db.transaction().execute(async (trx) => {
        const groupIds = await checkAudience(trx, visibility, userGroupIds);
        const row = await trx
          .insertInto('kb_articles')
          .values({ title, body, published, visibility })
          .returningAll()
          .executeTakeFirstOrThrow();
        await replaceArticleGroups(trx, row.id, groupIds);
        const after = await toArticleOut(trx, row);
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'kb_article', entityId: row.id, after: auditView(after) },
          request.ip,
        );
        return after;
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    `${URL}/:id`,
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: KbArticleUpdate, response: { 200: KbArticleOut } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const { title, body, published, visibility, userGroupIds } = request.body;
      return app.db.transaction().execute(async (trx) => {
        const row = await findArticle(trx, id, true);
        if (!row) throw notFound('Article');
        const before = await toArticleOut(trx, row);
        // The rule holds for the article as it will be: given fields over the stored ones.
        const groupIds = await checkAudience(
          trx,
          visibility ?? before.visibility,
          userGroupIds ?? before.userGroups.map((g) => g.id),
        );
        const updated = await trx
          .updateTable('kb_articles')
          .set({
            ...(title !== undefined ? { title } : {}),
            ...(body !== undefined ? { body } : {}),
            ...(published !== undefined ? { published } : {}),
            ...(visibility !== undefined ? { visibility } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (userGroupIds !== undefined) await replaceArticleGroups(trx, id, groupIds);
        const after = await toArticleOut(trx, updated);
        await recordAudit(
          trx,
          staff,
          {
            action: 'update',
            entityType: 'kb_article',
            entityId: id,
            before: auditView(before),
            after: auditView(after),
          },
          request.ip,
        );
        return after;
      });
    },
  );

  app.delete(`${URL}/:id`, { config: STAFF, schema: { tags, params: IdParams } }, async (request, reply) => {
    const staff = requireStaff(request);
    await app.db.transaction().execute(async (trx) => {
      // The lock first: a file added concurrently then waits for this delete and fails.
      const row = await findArticle(trx, request.params.id, true);
      if (!row) throw notFound('Article');
      const before = await toArticleOut(trx, row);
      const fileIds = (await articleFiles(trx, row.id)).map((f) => f.id);
      // Groups and file links go with the article (ON DELETE CASCADE); the files themselves here.
      await trx.deleteFrom('kb_articles').where('id', '=', row.id).execute();
      if (fileIds.length) await trx.deleteFrom('files').where('id', 'in', fileIds).execute();
      await recordAudit(
        trx,
        staff,
        { action: 'delete', entityType: 'kb_article', entityId: row.id, before: auditView(before) },
        request.ip,
      );
    });
    return reply.status(204).send();
  });

  await app.register(kbFileRoutes);
};

export default kbRoutes;
