import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { requireStaff } from '../../http/authenticate.ts';
import { invalid, notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { readUpload, sendFile, storeFile } from '../files/store.ts';
import { parseFormFields } from './form-fields.ts';
import { documentOut, findDocument, listDocuments, organizationExists, toDocumentOut } from './repo.ts';
import { DocumentListQuery, DocumentOut, DocumentUpdate, DocumentUploadFields } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['documents'];
const MULTIPART = ['multipart/form-data'];
const NoFields = z.strictObject({});

const documentsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/documents',
    {
      config: STAFF,
      schema: { tags, querystring: DocumentListQuery, response: { 200: pageOf(DocumentOut) } },
    },
    async (request) => {
      const { organizationId, public: isPublic, q, ...page } = request.query;
      const filter = { organizationId, q, public: isPublic === undefined ? undefined : isPublic === 'true' };
      return listDocuments(app.db, filter, page);
    },
  );

  app.get(
    '/api/staff/documents/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: DocumentOut } } },
    async (request) => {
      const row = await findDocument(app.db, request.params.id);
      if (!row) throw notFound('Document');
      return toDocumentOut(row);
    },
  );

  app.get(
    '/api/staff/documents/:id/download',
    {
      config: STAFF,
      schema: { tags, params: IdParams, description: 'The file as an attachment (inert download).' },
    },
    async (request, reply) => {
      const row = await findDocument(app.db, request.params.id);
      if (!row) throw notFound('Document');
      return sendFile(app.db, reply, row.file_id);
    },
  );

  app.post(
    '/api/staff/documents',
    {
      config: STAFF,
      schema: {
        tags,
        consumes: MULTIPART,
        description:
          'multipart/form-data: one `file` part and the fields organizationId, title, description, ' +
          "public ('true' | 'false').",
        response: { 201: DocumentOut },
      },
    },
    async (request, reply) => {
      const staff = requireStaff(request);
      const upload = await readUpload(request, app.config.uploadLimitBytes);
      const fields = parseFormFields(DocumentUploadFields, upload.fields);
      const created = await app.db.transaction().execute(async (trx) => {
        if (!(await organizationExists(trx, fields.organizationId)))
          throw invalid('body.organizationId', 'no such organization');
        const file = await storeFile(trx, upload);
        const { id } = await trx
          .insertInto('documents')
          .values({
            organization_id: fields.organizationId,
            title: fields.title,
            description: fields.description ?? '',
            public: fields.public === 'true',
            file_id: file.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const after = await documentOut(trx, id);
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'document', entityId: id, after },
          request.ip,
        );
        return after;
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/api/staff/documents/:id',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: DocumentUpdate, response: { 200: DocumentOut } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const { organizationId, title, description, public: isPublic } = request.body;
      return app.db.transaction().execute(async (trx) => {
        const before = await findDocument(trx, id, true);
        if (!before) throw notFound('Document');
        if (organizationId && !(await organizationExists(trx, organizationId)))
          throw invalid('body.organizationId', 'no such organization');
        await trx
          .updateTable('documents')
          .set({
            ...(organizationId !== undefined ? { organization_id: organizationId } : {}),
            ...(title !== undefined ? { title } : {}),
            ...(description !== undefined ? { description } : {}),
            ...(isPublic !== undefined ? { public: isPublic } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .execute();
        const after = await documentOut(trx, id);
        await recordAudit(
          trx,
          staff,
          { action: 'update', entityType: 'document', entityId: id, before: toDocumentOut(before), after },
          request.ip,
        );
        return after;
      });
    },
  );

  app.put(
    '/api/staff/documents/:id/file',
    {
      config: STAFF,
      schema: {
        tags,
        params: IdParams,
        consumes: MULTIPART,
        description: 'multipart/form-data with one `file` part: replaces the document’s file.',
        response: { 200: DocumentOut },
      },
    },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      // Answer an unknown document before reading (possibly large) bytes for nothing.
      if (!(await findDocument(app.db, id))) throw notFound('Document');
      const upload = await readUpload(request, app.config.uploadLimitBytes);
      parseFormFields(NoFields, upload.fields);
      return app.db.transaction().execute(async (trx) => {
        const before = await findDocument(trx, id, true);
        if (!before) throw notFound('Document');
        const file = await storeFile(trx, upload);
        await trx
          .updateTable('documents')
          .set({ file_id: file.id, updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .execute();
        // One file per document: the replaced bytes go with the change, leaving no orphan.
        await trx.deleteFrom('files').where('id', '=', before.file_id).execute();
        const after = await documentOut(trx, id);
        await recordAudit(
          trx,
          staff,
          {
            action: 'replace_file',
            entityType: 'document',
            entityId: id,
            before: toDocumentOut(before),
            after,
          },
          request.ip,
        );
        return after;
      });
    },
  );

  app.delete(
    '/api/staff/documents/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await findDocument(trx, request.params.id, true);
        if (!before) throw notFound('Document');
        await trx.deleteFrom('documents').where('id', '=', before.id).execute();
        await trx.deleteFrom('files').where('id', '=', before.file_id).execute();
        await recordAudit(
          trx,
          staff,
          { action: 'delete', entityType: 'document', entityId: before.id, before: toDocumentOut(before) },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default documentsRoutes;
