import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.ts';
import { STAFF } from '../../http/route-policy.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runChange } from '../audit/change.ts';
import { assertTicketQuota } from '../files/quota.ts';
import { sendFile } from '../files/store.ts';
import { readCheckedUpload } from '../shared/form-fields.ts';
import { publicFlagRoute } from './filed-change-routes.ts';
import { filedListRoute } from './filed-list-route.ts';
import { findAttachment, listAttachments } from './records-repo.ts';
import { AttachmentFields, AttachmentOut } from './records-schema.ts';
import { addAttachment, deleteAttachment, setAttachmentPublic } from './records-service.ts';
import { ticketExists } from './repo.ts';

const tags = ['tickets'];

const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  filedListRoute(app, 'attachments', AttachmentOut, listAttachments);

  app.post(
    '/api/staff/tickets/:id/attachments',
    {
      config: STAFF,
      schema: {
        tags,
        params: IdParams,
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data: one `file` part; optional fields `public` (`true`|`false`, default ' +
          '`false`) and `commentId` (a comment of this ticket). The content type is sniffed from the bytes.',
        response: { 201: AttachmentOut },
      },
    },
    async (request, reply) => {
      const ticketId = request.params.id;
      if (!(await ticketExists(app.db, requireStaff(request), ticketId))) throw notFound('Ticket');
      // Read (and size-check) the whole upload before the transaction: a refused file writes nothing.
      const { upload, fields } = await readCheckedUpload(
        app,
        request,
        AttachmentFields,
        'is not a known field',
      );
      const created = await runChange(app, request, async (ctx) => {
        await assertTicketQuota(ctx.trx, app.config.uploadQuotas, ticketId, upload.data.length);
        return addAttachment(ctx, ticketId, fields, upload);
      });
      return reply.status(201).send(created);
    },
  );

  // An inert download: attachment disposition, nosniff, sandboxing CSP (sendFile).
  app.get(
    '/api/staff/attachments/:id',
    { config: STAFF, schema: { tags, params: IdParams, produces: ['application/octet-stream'] } },
    async (request, reply) => {
      const attachment = await findAttachment(app.db, requireStaff(request), request.params.id);
      if (!attachment) throw notFound('Attachment');
      return sendFile(app.db, reply, attachment.fileId);
    },
  );

  publicFlagRoute(app, '/api/staff/attachments', AttachmentOut, setAttachmentPublic);

  app.delete(
    '/api/staff/attachments/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      await runChange(app, request, (ctx) => deleteAttachment(ctx, request.params.id));
      return reply.status(204).send();
    },
  );
};

export default attachmentRoutes;
