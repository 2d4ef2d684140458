import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact, requireStaff } from '../../http/authenticate.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { portalRoute, STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { runContactChange } from '../portal-shared/change.ts';
import {
  CandidateQuery,
  ParticipantAdd,
  ParticipantCandidateOut,
  ParticipantOut,
  ParticipantParams,
  PortalParticipantOut,
  PortalParticipantsOut,
} from './schema.ts';
import {
  addPortalParticipant,
  addStaffParticipant,
  listPortalParticipants,
  listStaffParticipants,
  portalCandidates,
  removePortalParticipant,
  removeStaffParticipant,
} from './service.ts';

/** Ticket participants (permission-model §6a): the portal's and the staff console's routes. */
const participantRoutes: FastifyPluginAsyncZod = async (app) => {
  const portal = portalRoute('tickets', 'tickets.view');
  const portalTags = ['portal tickets'];
  const staffTags = ['tickets'];

  app.get(
    '/api/portal/tickets/:id/participants',
    {
      config: portal,
      schema: {
        tags: portalTags,
        description:
          'The participants of a ticket the contact may see, by name, with whether it may add ' +
          '(`mayAdd`) and remove each (`mayRemove`).',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: PortalParticipantsOut },
      },
    },
    async (request) =>
      listPortalParticipants(app.db, requireContact(request), request.params.id, request.query),
  );

  app.get(
    '/api/portal/tickets/:id/participant-candidates',
    {
      config: portal,
      schema: {
        tags: portalTags,
        description:
          'The contacts the signed-in contact may add as participants (enabled, of the ' +
          'organizations of its ticket scope, at least its own), by name; `q` filters by name. ' +
          '403 without tickets.participants.manage or a write path to the ticket.',
        params: IdParams,
        querystring: CandidateQuery,
        response: { 200: pageOf(ParticipantCandidateOut) },
      },
    },
    async (request) => portalCandidates(app.db, requireContact(request), request.params.id, request.query),
  );

  app.post(
    '/api/portal/tickets/:id/participants',
    {
      config: portal,
      schema: {
        tags: portalTags,
        description:
          'Adds a colleague as a participant: it then sees and may write the ticket, private or ' +
          'not, with its own privileges. Needs tickets.participants.manage and a write path (403); ' +
          '422 for a contact that may not be added (disabled, outside the organizations of the ' +
          "contact's ticket scope, the requester, already a participant).",
        params: IdParams,
        body: ParticipantAdd,
        response: { 201: PortalParticipantOut },
      },
    },
    async (request, reply) => {
      const added = await runContactChange(app, request, (trx, actor) =>
        addPortalParticipant(trx, actor, request.params.id, request.body.contactId, request.ip),
      );
      return reply.status(201).send(added);
    },
  );

  app.delete(
    '/api/portal/tickets/:id/participants/:contactId',
    {
      config: portal,
      schema: {
        tags: portalTags,
        description:
          'Removes a participant: the requester may remove any, a contact with ' +
          'tickets.participants.manage and a write path those it added (403 otherwise). ' +
          'The participant loses the ticket on its next request.',
        params: ParticipantParams,
      },
    },
    async (request, reply) => {
      await runContactChange(app, request, (trx, actor) =>
        removePortalParticipant(trx, actor, request.params.id, request.params.contactId, request.ip),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/staff/tickets/:id/participants',
    {
      config: STAFF,
      schema: {
        tags: staffTags,
        description: 'The participants of the ticket, by name, with who added each.',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(ParticipantOut) },
      },
    },
    async (request) => listStaffParticipants(app.db, requireStaff(request), request.params.id, request.query),
  );

  app.post(
    '/api/staff/tickets/:id/participants',
    {
      config: STAFF,
      schema: {
        tags: staffTags,
        description:
          'Adds any enabled contact as a participant (permission-model §6a). 422 for an unknown or ' +
          'disabled contact, the requester, or one already a participant.',
        params: IdParams,
        body: ParticipantAdd,
        response: { 201: ParticipantOut },
      },
    },
    async (request, reply) => {
      const added = await runChange(app, request, (ctx) =>
        addStaffParticipant(ctx, request.params.id, request.body.contactId),
      );
      return reply.status(201).send(added);
    },
  );

  app.delete(
    '/api/staff/tickets/:id/participants/:contactId',
    {
      config: STAFF,
      schema: {
        tags: staffTags,
        description: 'Removes a participant; it loses the ticket on its next request.',
        params: ParticipantParams,
      },
    },
    async (request, reply) => {
      await runChange(app, request, (ctx) =>
        removeStaffParticipant(ctx, request.params.id, request.params.contactId),
      );
      return reply.status(204).send();
    },
  );
};

export default participantRoutes;
