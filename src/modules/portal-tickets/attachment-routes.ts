import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireContact } from '../../http/authenticate.ts';
import { IdParams } from '../../http/schema-types.ts';
import { runContactChange } from '../portal-shared/change.ts';
import { downloadRoute, ticketListRoute } from '../portal-shared/routes.ts';
import { readCheckedUpload } from '../shared/form-fields.ts';
import { portal, tags } from './policy.ts';
import { addPortalAttachment, assertMayUpload } from './record-write.ts';
import { findAttachment, listAttachments } from './records-repo.ts';
import { PortalAttachmentFields, PortalAttachmentOut } from './schema.ts';

const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  ticketListRoute(app, {
    url: '/api/portal/tickets/:id/attachments',
    config: portal('attachments.view'),
    tags,
    description: 'Public attachments of the ticket, oldest first.',
    item: PortalAttachmentOut,
    list: listAttachments,
  });

  app.post(
    '/api/portal/tickets/:id/attachments',
    {
      config: portal('tickets.view'),
      schema: {
        tags,
        params: IdParams,
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data with one `file` part and optionally `commentId` (a reply of this ticket ' +
          'the contact wrote: the file is shown with it). Needs attachments.upload on a ticket the ' +
          'contact may write; the file is public. The content type is sniffed from the bytes.',
        response: { 201: PortalAttachmentOut },
      },
    },
    async (request, reply) => {
      const ticketId = request.params.id;
      // Refuse before reading the upload; the service checks again, as things may change meanwhile.
      await assertMayUpload(app.db, requireContact(request), ticketId);
      // Any other field is refused like an unknown body field.
      const { upload, fields } = await readCheckedUpload(
        app,
        request,
        PortalAttachmentFields,
        'is not a known field',
      );
      const created = await runContactChange(app, request, (trx, actor) =>
        addPortalAttachment(trx, actor, ticketId, upload, app.config.uploadQuotas, fields.commentId),
      );
      return reply.status(201).send(created);
    },
  );

  // Public attachments of tickets the contact may see, else 404.
  downloadRoute(app, {
    url: '/api/portal/attachments/:id',
    config: portal('attachments.view'),
    tags,
    entity: 'Attachment',
    fileOf: async (db, actor, { id }) => (await findAttachment(db, actor, id))?.fileId,
  });
};

export default attachmentRoutes;
