import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { explainTicket } from '../../authz/tickets/explain.ts';
import { loadContactActor, maySignIn } from '../../authz/actor.ts';
import { invalid, notFound } from '../../errors.ts';
import { IdParams } from '../../http/schema-types.ts';
import { contactAccess } from './contact-access.ts';
import { reviewCsv } from './csv.ts';
import { runChange } from '../audit/change.ts';
import { AccessChangeBody } from './preview/change.ts';
import { previewChange } from './preview/preview-change.ts';
import { toPreviewOut } from './preview/preview-out.ts';
import { explainRecord, type RecordType } from '../../authz/records/explain.ts';
import { findTarget, reviewAll, reviewPage } from './review.ts';
import {
  ContactAccessOut,
  ExplainOut,
  ExplainQuery,
  PreviewOut,
  RECORD_PARAMS,
  ReviewOut,
  ReviewQuery,
} from './schema.ts';
import { ADMIN } from '../../http/route-policy.ts';

/** Staff tools around the permission model (permission-model §8): explain, preview, review. Admins only. */
const tags = ['access'];

const RECORD_TYPE: Record<(typeof RECORD_PARAMS)[number], 'ticket' | RecordType> = {
  ticketId: 'ticket',
  assetId: 'asset',
  quoteId: 'quote',
  invoiceId: 'invoice',
  documentId: 'document',
  articleId: 'article',
};

const accessRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/access/explain',
    {
      config: ADMIN,
      schema: {
        tags,
        description:
          'For a contact and one record (exactly one of ticketId, assetId, quoteId, invoiceId, documentId, ' +
          'articleId): every action with every path that grants it, or the first reason that denies it.',
        querystring: ExplainQuery,
        response: { 200: ExplainOut },
      },
    },
    async (request) => {
      const given = RECORD_PARAMS.flatMap((p) => {
        const id = request.query[p];
        return id === undefined ? [] : [{ param: p, id }];
      });
      const [record] = given;
      if (given.length !== 1 || !record)
        throw invalid('querystring', `give exactly one of ${RECORD_PARAMS.join(', ')}`);
      const { param, id: recordId } = record;
      const contact = await loadContactActor(app.db, request.query.contactId);
      if (!contact) throw notFound('Contact');
      const type = RECORD_TYPE[param];
      const person = {
        id: contact.actor.id,
        name: contact.actor.name,
        email: contact.actor.email,
        disabled: contact.disabled,
        maySignIn: maySignIn(contact),
      };
      if (type === 'ticket') {
        const explained = await explainTicket(app.db, contact, recordId);
        if (!explained) throw notFound('Ticket');
        const { ticket } = explained;
        return {
          contact: person,
          record: { type, id: ticket.id, label: `ticket #${ticket.number}` },
          actions: explained.actions,
        };
      }
      const explained = await explainRecord(app.db, contact, type, recordId);
      if (!explained) throw notFound('Record');
      return { contact: person, record: explained.record, actions: explained.actions };
    },
  );

  app.get(
    '/api/staff/access/contacts/:id',
    {
      config: ADMIN,
      schema: {
        tags,
        description:
          "A contact's effective access: privilege group, privileges, scopes, modules (why, for restricted " +
          'ones), groups with reasons, grants (expired flagged) and the tickets each of its views lists.',
        params: IdParams,
        response: { 200: ContactAccessOut },
      },
    },
    async (request) => {
      const contact = await loadContactActor(app.db, request.params.id);
      if (!contact) throw notFound('Contact');
      return contactAccess(app.db, contact);
    },
  );

  app.post(
    '/api/staff/access/preview',
    {
      config: ADMIN,
      schema: {
        tags,
        description:
          'What a change would do to what contacts see, without saving it: contacts gaining and losing ' +
          'access, (contact, ticket) pairs and distinct tickets, with samples, and the same for ' +
          'organization records when the change can affect them.',
        body: AccessChangeBody,
        response: { 200: PreviewOut },
      },
    },
    async (request) => toPreviewOut(await runChange(app, request, (ctx) => previewChange(ctx, request.body))),
  );

  app.get(
    '/api/staff/access/review',
    {
      config: ADMIN,
      schema: {
        tags,
        description:
          'Who can see the tickets of a user group (tickets whose requester is a member) or of an ' +
          'organization: every contact with a path, by which path and level. `format=csv` or ' +
          '`Accept: text/csv` exports every page as CSV.',
        querystring: ReviewQuery,
        response: { 200: ReviewOut },
      },
    },
    async (request, reply) => {
      const { userGroupId, organizationId, format, ...page } = request.query;
      if ((userGroupId === undefined) === (organizationId === undefined))
        throw invalid('querystring', 'give exactly one of userGroupId, organizationId');
      const target = await findTarget(app.db, { userGroupId, organizationId });
      if (!target) throw notFound(userGroupId ? 'User group' : 'Organization');
      const csv =
        format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(request.headers.accept ?? ''));
      if (csv) {
        const body = reviewCsv(await reviewAll(app.db, target));
        const file = `access-review-${target.type}-${target.id}.csv`;
        // A Buffer is sent as it is: the JSON response schema does not apply to the export.
        return (reply as FastifyReply)
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file}"`)
          .send(Buffer.from(body, 'utf8'));
      }
      const result = await reviewPage(app.db, target, page);
      return { ...result, target: { type: target.type, id: target.id, name: target.name } };
    },
  );
};

export default accessRoutes;
