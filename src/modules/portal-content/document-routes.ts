import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { sendFile } from '../files/store.ts';
import { findPortalDocument, listPortalDocuments } from './documents-repo.ts';
import { portalRoute as portal } from '../../http/route-policy.ts';
import { PortalDocumentOut, SearchQuery } from './schema.ts';

const config = portal('documents', 'documents.view');
const tags = ['portal documents'];

/** RangerMSP's "Download public Document files linked to their account". */
const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/documents',
    {
      config,
      schema: {
        tags,
        description:
          "Public documents of the organizations in the contact's record scope, newest first. `q` matches the title.",
        querystring: SearchQuery,
        response: { 200: pageOf(PortalDocumentOut) },
      },
    },
    async (request) => {
      const { q, ...page } = request.query;
      return listPortalDocuments(app.db, requireContact(request), q, page);
    },
  );

  app.get(
    '/api/portal/documents/:id',
    { config, schema: { tags, params: IdParams, response: { 200: PortalDocumentOut } } },
    async (request) => {
      const found = await findPortalDocument(app.db, requireContact(request), request.params.id);
      if (!found) throw notFound('Document');
      return found.document;
    },
  );

  // An inert download (sendFile) of a document the contact may see, else 404.
  app.get(
    '/api/portal/documents/:id/download',
    { config, schema: { tags, params: IdParams, produces: ['application/octet-stream'] } },
    async (request, reply) => {
      const found = await findPortalDocument(app.db, requireContact(request), request.params.id);
      if (!found) throw notFound('Document');
      return sendFile(app.db, reply, found.fileId);
    },
  );
};

export default documentRoutes;
