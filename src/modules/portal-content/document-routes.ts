import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { portalRoute } from '../../http/route-policy.ts';
import { downloadRoute, collectionRoutes } from '../portal-shared/routes.ts';
import { findPortalDocument, listPortalDocuments } from './documents-repo.ts';
import { PortalDocumentOut, SearchQuery } from './schema.ts';

const config = portalRoute('documents', 'documents.view');
const tags = ['portal documents'];

/** RangerMSP's "Download public Document files linked to their account". */
const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  collectionRoutes(app, {
    url: '/api/portal/documents',
    config,
    tags,
    list: {
      description:
        "Public documents of the organizations in the contact's record scope, newest first. `q` matches the title.",
      querystring: SearchQuery,
      item: PortalDocumentOut,
      list: (db, actor, { q, ...page }) => listPortalDocuments(db, actor, q, page),
    },
    read: {
      item: PortalDocumentOut,
      entity: 'Document',
      find: async (db, actor, id) => (await findPortalDocument(db, actor, id))?.document,
    },
  });

  downloadRoute(app, {
    url: '/api/portal/documents/:id/download',
    config,
    tags,
    entity: 'Document',
    fileOf: async (db, actor, { id }) => (await findPortalDocument(db, actor, id))?.fileId,
  });
};

export default documentRoutes;
