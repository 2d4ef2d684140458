import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { parseFormFields } from '../documents/form-fields.ts';
import { readUpload, sendFile, storeFile } from '../files/store.ts';
import { findArticle } from './repo.ts';
import { ArticleFileParams, KbFileOut } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['knowledge base'];
const URL = '/api/staff/kb-articles/:id/files';
const NoFields = z.strictObject({});

const touchArticle = (trx: Transaction<DB>, id: string) =>
  trx
    .updateTable('kb_articles')
    .set({ updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();

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
      const staff = requireStaff(request);
      const { id } = request.params;
      // Answer an unknown article before reading (possibly large) bytes for nothing.
      if (!(await findArticle(app.db, id))) throw notFound('Article');
      const upload = await readUpload(request, app.config.uploadLimitBytes);
      parseFormFields(NoFields, upload.fields);
      const file = await app.db.transaction().execute(async (trx) => {
        if (!(await findArticle(trx, id, true))) throw notFound('Article');
        const stored = await storeFile(trx, upload);
        await trx.insertInto('kb_article_files').values({ article_id: id, file_id: stored.id }).execute();
        await touchArticle(trx, id);
        await recordAudit(
          trx,
          staff,
          { action: 'add_file', entityType: 'kb_article', entityId: id, after: { file: stored } },
          request.ip,
        );
        const { sha256: _sha256, ...out } = stored;
        return out;
      });
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
      const staff = requireStaff(request);
      const { id, fileId } = request.params;
      await app.db.transaction().execute(async (trx) => {
        // The article's lock first, as every write to an article and its files takes it.
        if (!(await findArticle(trx, id, true))) throw notFound('Article');
        const link = await trx
          .deleteFrom('kb_article_files')
          .where('article_id', '=', id)
          .where('file_id', '=', fileId)
          .returning('file_id')
          .executeTakeFirst();
        if (!link) throw notFound('File');
        const file = await trx
          .deleteFrom('files')
          .where('id', '=', link.file_id)
          .returning(['id', 'filename', 'content_type as contentType', 'size_bytes as sizeBytes', 'sha256'])
          .executeTakeFirstOrThrow();
        await touchArticle(trx, id);
        await recordAudit(
          trx,
          staff,
          { action: 'remove_file', entityType: 'kb_article', entityId: id, before: { file } },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default kbFileRoutes;
