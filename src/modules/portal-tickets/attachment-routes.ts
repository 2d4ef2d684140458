import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ContactActor } from '../../authz/actor.ts';
import { requireContact } from '../../http/authenticate.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { readUpload, sendFile, storeFile } from '../files/store.ts';
import { portal, tags } from './policy.ts';
import { findAttachment, listAttachments, ticketAccess } from './records-repo.ts';
import { bumpActivity, lockWritableTicket } from './repo.ts';
import type { Db } from '../../db/database.ts';
import { PortalAttachmentOut } from './schema.ts';

/** 404 when the ticket is not visible, 403 when the contact may not upload to it. */
async function assertMayUpload(db: Db, actor: ContactActor, ticketId: string): Promise<void> {
  const ticket = await ticketAccess(db, actor, ticketId);
  if (!ticket) throw notFound('Ticket');
  if (!ticket.writable || !actor.privileges.has('attachments.upload'))
    throw forbidden('You may not upload files to this ticket.');
}

const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/portal/tickets/:id/attachments',
    {
      config: portal('attachments.view'),
      schema: {
        tags,
        description: 'Public attachments of the ticket, oldest first.',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(PortalAttachmentOut) },
      },
    },
    async (request) => {
      const actor = requireContact(request);
      if (!(await ticketAccess(app.db, actor, request.params.id))) throw notFound('Ticket');
      return listAttachments(app.db, actor, request.params.id, request.query);
    },
  );

  app.post(
    '/api/portal/tickets/:id/attachments',
    {
      config: portal('tickets.view'),
      schema: {
        tags,
        params: IdParams,
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data with one `file` part and no other field. Needs attachments.upload on a ' +
          'ticket the contact may write; the file is public. The content type is sniffed from the bytes.',
        response: { 201: PortalAttachmentOut },
      },
    },
    async (request, reply) => {
      const actor = requireContact(request);
      const ticketId = request.params.id;
      // Refuse before reading the upload; the transaction checks again, as things may change meanwhile.
      await assertMayUpload(app.db, actor, ticketId);
      const upload = await readUpload(request, app.config.uploadLimitBytes);
      const unknown = Object.keys(upload.fields);
      if (unknown.length > 0) {
        throw new AppError('validation_failed', `Invalid request: ${unknown.join(', ')}`, {
          issues: unknown.map((key) => ({ path: `body.${key}`, message: 'is not a known field' })),
        });
      }
      const created = await app.db.transaction().execute(async (trx) => {
        await lockWritableTicket(trx, actor, ticketId);
        const file = await storeFile(trx, upload);
        const { id } = await trx
          .insertInto('attachments')
          .values({
            ticket_id: ticketId,
            file_id: file.id,
            public: true,
            uploaded_by_contact_id: actor.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await bumpActivity(trx, ticketId);
        return findAttachment(trx, actor, id);
      });
      if (!created) throw notFound('Attachment');
      return reply.status(201).send(created.attachment);
    },
  );

  // An inert download (sendFile): public attachments of tickets the contact may see, else 404.
  app.get(
    '/api/portal/attachments/:id',
    {
      config: portal('attachments.view'),
      schema: { tags, params: IdParams, produces: ['application/octet-stream'] },
    },
    async (request, reply) => {
      const found = await findAttachment(app.db, requireContact(request), request.params.id);
      if (!found) throw notFound('Attachment');
      return sendFile(app.db, reply, found.fileId);
    },
  );
};

export default attachmentRoutes;
