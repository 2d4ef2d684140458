import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireStaff } from '../../http/authenticate.ts';
import { STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordRoutes } from '../shared/record-routes.ts';
import { findCannedResponse, listCannedResponses } from './repo.ts';
import {
  CannedResponseCreate,
  CannedResponseListQuery,
  CannedResponseOut,
  CannedResponseUpdate,
  RenderedOut,
  RenderQuery,
} from './schema.ts';
import {
  createCannedResponse,
  deleteCannedResponse,
  renderCannedResponse,
  updateCannedResponse,
} from './service.ts';

const path = '/api/staff/canned-responses';
const tags = ['canned-responses'];

/**
 * Canned responses (issue 13 §6): global ones (administrators write them) and per team (its
 * members and administrators write them). A staff user sees the global ones and its teams'.
 */
const cannedResponsesRoutes: FastifyPluginAsyncZod = async (app) => {
  recordRoutes(app, {
    path,
    tags,
    noun: 'Canned response',
    out: CannedResponseOut,
    list: {
      query: CannedResponseListQuery,
      read: (db, { q, ...page }, staff) => listCannedResponses(db, staff, q, page),
    },
    get: (db, id, staff) => findCannedResponse(db, staff, id),
    create: { body: CannedResponseCreate, write: createCannedResponse },
    update: { body: CannedResponseUpdate, write: updateCannedResponse },
    remove: { write: deleteCannedResponse },
  });

  app.get(
    `${path}/:id/render`,
    {
      config: STAFF,
      schema: {
        tags,
        params: IdParams,
        querystring: RenderQuery,
        description:
          'The text with its placeholders filled in for the ticket; 404 when the staff user does not ' +
          'see the canned response or the ticket.',
        response: { 200: RenderedOut },
      },
    },
    async (request) =>
      renderCannedResponse(app.db, requireStaff(request), request.params.id, request.query.ticketId),
  );
};

export default cannedResponsesRoutes;
