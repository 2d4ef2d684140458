import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageOf } from '../../http/pagination.ts';
import { ADMIN } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { found } from '../shared/record-routes.ts';
import { batchProgress, findMail, listMails } from './repo.ts';
import {
  MailBatchOut,
  MailBatchParams,
  MailDetailOut,
  MailListQuery,
  MailOut,
  MailSettingsOut,
} from './schema.ts';
import { retryMail } from './service.ts';

const tags = ['mail'];

/**
 * The mail queue (ADR 0006): what the outbox holds, why a message failed, retry. Administrators
 * only, like the group e-mail and the metrics: messages carry other people's addresses and links.
 */
const mailRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/mail',
    { config: ADMIN, schema: { tags, querystring: MailListQuery, response: { 200: pageOf(MailOut) } } },
    async (request) => {
      const { status, kind, ticketId, ...page } = request.query;
      return listMails(app.db, { status, kind, ticketId }, page);
    },
  );

  app.get(
    '/api/staff/mail/settings',
    { config: ADMIN, schema: { tags, response: { 200: MailSettingsOut } } },
    async () => ({ smtpConfigured: app.mailWorker.smtpConfigured }),
  );

  app.get(
    '/api/staff/mail/batches/:batchId',
    { config: ADMIN, schema: { tags, params: MailBatchParams, response: { 200: MailBatchOut } } },
    async (request) => {
      return found(await batchProgress(app.db, request.params.batchId), 'Batch');
    },
  );

  app.get(
    '/api/staff/mail/:id',
    { config: ADMIN, schema: { tags, params: IdParams, response: { 200: MailDetailOut } } },
    async (request) => {
      return found(await findMail(app.db, request.params.id), 'Message');
    },
  );

  app.post(
    '/api/staff/mail/:id/retry',
    { config: ADMIN, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, (ctx) => retryMail(ctx, request.params.id));
      app.mailWorker.wake();
      return reply.status(204).send();
    },
  );
};

export default mailRoutes;
