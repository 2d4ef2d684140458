import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { FileOnly, readCheckedUpload } from '../shared/form-fields.ts';
import { sendFile } from '../files/store.ts';
import { articleRecord } from './repo.ts';
import { addArticleFile, removeArticleFile } from './service.ts';
import { ArticleFileParams, KbFileOut } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['knowledge base'];
const URL = '/api/staff/kb-articles/:id/files';

/** Files attached to a knowledge-base article: each belongs to exactly one article. */
const kbFileRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    URL,
    {
      config: STAFF,
      schema: {
        tags,
        params: IdParams,
        consumes: ['multipart/form-data'],
        description: 'multipart/form-data with one `file` part.',
        response: { 201: KbFileOut },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      // Answer an unknown article before reading (possibly large) bytes for nothing.
      if (!(await articleRecord.find(app.db, id))) throw notFound('Article');
      const { upload } = await readCheckedUpload(app, request, FileOnly);
      const file = await runChange(app, request, (ctx) => addArticleFile(ctx, id, upload));
      return reply.status(201).send(file);
    },
  );

  app.get(
    `${URL}/:fileId`,
    {
      config: STAFF,
      schema: { tags, params: ArticleFileParams, description: 'The file as an attachment (inert download).' },
    },
    async (request, reply) => {
      const { id, fileId } = request.params;
      const link = await app.db
        .selectFrom('kb_article_files')
        .select('file_id')
        .where('article_id', '=', id)
        .where('file_id', '=', fileId)
        .executeTakeFirst();
      if (!link) throw notFound('File');
      return sendFile(app.db, reply, link.file_id);
    },
  );

  app.delete(
    `${URL}/:fileId`,
    { config: STAFF, schema: { tags, params: ArticleFileParams } },
    async (request, reply) => {
      const { id, fileId } = request.params;
      await runChange(app, request, (ctx) => removeArticleFile(ctx, id, fileId));
      return reply.status(204).send();
    },
  );
};

export default kbFileRoutes;
