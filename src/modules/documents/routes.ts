import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.ts';
import { STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { sendFile } from '../files/store.ts';
import { found, recordRoutes } from '../shared/record-routes.ts';
import { FileOnly, readCheckedUpload } from '../shared/form-fields.ts';
import { readRecord } from '../shared/record-writes.ts';
import { documentRecord, findDocument, listDocuments } from './repo.ts';
import { DocumentListQuery, DocumentOut, DocumentUpdate, DocumentUploadFields } from './schema.ts';
import { createDocument, deleteDocument, replaceDocumentFile, updateDocument } from './service.ts';

const path = '/api/staff/documents';
const tags = ['documents'];
const MULTIPART = ['multipart/form-data'];

const documentsRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path,
    tags,
    noun: documentRecord.noun,
    out: DocumentOut,
    list: {
      query: DocumentListQuery,
      read: (db, { organizationId, public: isPublic, q, ...page }) =>
        listDocuments(
          db,
          { organizationId, q, public: isPublic === undefined ? undefined : isPublic === 'true' },
          page,
        ),
    },
    get: (db, id) => readRecord(documentRecord, db, id),
    update: { body: DocumentUpdate, write: updateDocument },
    remove: { write: deleteDocument },
  });

  app.get(
    `${path}/:id/download`,
    {
      config: STAFF,
      schema: { tags, params: IdParams, description: 'The file as an attachment (inert download).' },
    },
    async (request, reply) => {
      const row = found(await findDocument(app.db, request.params.id), 'Document');
      return sendFile(app.db, reply, row.file_id);
    },
  );

  app.post(
    path,
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
      const { upload, fields } = await readCheckedUpload(app, request, DocumentUploadFields);
      const created = await runChange(app, request, (ctx) => createDocument(ctx, fields, upload));
      return reply.status(201).send(created);
    },
  );

  app.put(
    `${path}/:id/file`,
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
      const { id } = request.params;
      // Answer an unknown document before reading (possibly large) bytes for nothing.
      if (!(await findDocument(app.db, id))) throw notFound('Document');
      const { upload } = await readCheckedUpload(app, request, FileOnly);
      return runChange(app, request, (ctx) => replaceDocumentFile(ctx, id, upload));
    },
  );
};

export default documentsRoutes;
