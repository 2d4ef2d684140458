import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, notFound } from '../../errors.ts';
import { found } from '../shared/record-routes.ts';
import { pageOf } from '../../http/pagination.ts';
import { PUBLIC, STAFF } from '../../http/route-policy.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { sendFile } from '../files/store.ts';
import { acceptHeld, rejectHeld } from './held.ts';
import { startImapFetcher } from './imap-fetcher.ts';
import { intakeMail } from './intake.ts';
import { findInbound, listInbound, originalOf, toInboundOut } from './repo.ts';
import { parseMessage, fullText } from './content.ts';
import {
  InboundAccept,
  InboundListQuery,
  InboundMailDetail,
  InboundMailOut,
  IntakeOutcomeOut,
} from './schema.ts';

const tags = ['inbound mail'];
const digest = (value: string) => createHash('sha256').update(value).digest();

/** INBOUND_MAIL_TOKEN as a bearer, compared in constant time; 404 while no token is set. */
function checkToken(authorization: string | undefined, token: string | undefined): void {
  if (!token) throw notFound('Route');
  const given = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!given || !timingSafeEqual(digest(given), digest(token)))
    throw new AppError('unauthenticated', 'A valid INBOUND_MAIL_TOKEN bearer token is required.');
}

const inboundMailRoutes: FastifyPluginAsyncZod = async (app) => {
  const settings = app.config.inboundMail;
  // A message somewhat over the cap still reaches the intake, which records and answers it; far
  // over it is refused by the body limit (413) before it is read whole.
  const bodyLimit = settings.maxBytes * 2;
  app.addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
    done(null, body),
  );

  // For mail services' inbound webhooks and `portico mail-inbound` (an MTA pipe).
  app.post(
    '/api/inbound/mail',
    {
      config: PUBLIC,
      bodyLimit,
      onRequest: async (request) => checkToken(request.headers.authorization, settings.token),
      schema: {
        tags,
        consumes: ['message/rfc822'],
        description:
          'One raw RFC 822 message as the body (Content-Type: message/rfc822), with ' +
          '`Authorization: Bearer $INBOUND_MAIL_TOKEN` (404 while it is not set). Answers what the ' +
          'intake did: processed, held, refused (with the reason) or duplicate.',
        response: { 200: IntakeOutcomeOut },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body))
        throw new AppError('unsupported_media_type', 'Send the message as message/rfc822.');
      const source = request.headers['x-portico-source'] === 'pipe' ? 'pipe' : 'webhook';
      return intakeMail(app.db, app.config, request.body, source);
    },
  );

  app.get(
    '/api/staff/mail/inbound',
    {
      config: STAFF,
      schema: {
        tags,
        description: 'Inbound messages, newest first; `status=held` is the held-mail queue.',
        querystring: InboundListQuery,
        response: { 200: pageOf(InboundMailOut) },
      },
    },
    async (request) => {
      const { status, ...page } = request.query;
      return listInbound(app.db, status, page);
    },
  );

  app.get(
    '/api/staff/mail/inbound/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: InboundMailDetail } } },
    async (request) => {
      const row = found(await findInbound(app.db, request.params.id), 'Message');
      const raw = await originalOf(app.db, row.raw_file_id);
      const parsed = raw && (await parseMessage(raw));
      return { ...toInboundOut(row), text: parsed ? fullText(parsed).slice(0, 100_000) : '' };
    },
  );

  app.get(
    '/api/staff/mail/inbound/:id/original',
    {
      config: STAFF,
      schema: { tags, params: IdParams, description: 'The original message (message.eml), as received.' },
    },
    async (request, reply) => {
      const row = await findInbound(app.db, request.params.id);
      if (!row?.raw_file_id) throw notFound('Message');
      return sendFile(app.db, reply, row.raw_file_id);
    },
  );

  app.post(
    '/api/staff/mail/inbound/:id/accept',
    {
      config: STAFF,
      schema: {
        tags,
        description:
          'Accepts a held message as a new ticket of `contactId`, or as a public reply (by the ' +
          'accepting staff user, naming the sender) on `ticketId`; its attachments come along. 409 unless held.',
        params: IdParams,
        body: InboundAccept,
        response: { 200: InboundMailOut },
      },
    },
    async (request) =>
      runChange(app, request, (ctx) => acceptHeld(ctx, app.config, request.params.id, request.body)),
  );

  app.post(
    '/api/staff/mail/inbound/:id/reject',
    {
      config: STAFF,
      schema: { tags, description: '409 unless held.', params: IdParams, response: { 200: InboundMailOut } },
    },
    async (request) => runChange(app, request, (ctx) => rejectHeld(ctx, request.params.id)),
  );

  // The IMAP fetcher of this instance, when IMAP_URL is set: started with the app, stopped with it.
  if (settings.imapUrl) {
    let stop: (() => Promise<void>) | undefined;
    app.addHook('onReady', async () => {
      stop = startImapFetcher(app.db, app.config, app.log);
    });
    app.addHook('onClose', async () => stop?.());
  }
};

export default inboundMailRoutes;
