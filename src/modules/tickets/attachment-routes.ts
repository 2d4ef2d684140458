import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireStaff } from '../../http/authenticate.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { readUpload, sendFile, storeFile } from '../files/store.ts';
import { findAttachment, listAttachments } from './records-repo.ts';
import { AttachmentFields, AttachmentOut, PublicFlag } from './records-schema.ts';
import { bumpActivity, ticketExists } from './repo.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['tickets'];

/** The multipart text fields, checked like a strict JSON body (paths body.<field>). */
function parseFields(fields: Record<string, string>) {
  const parsed = AttachmentFields.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: `body.${key}`, message: 'is not a known field' }))
      : [{ path: ['body', ...issue.path.map(String)].join('.'), message: issue.message }],
  );
  throw new AppError('validation_failed', `Invalid request: ${issues.map((i) => i.path).join(', ')}`, {
    issues,
  });
}

const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/tickets/:id/attachments',
    {
      config: STAFF,
      schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: pageOf(AttachmentOut) } },
    },
    async (request) => {
      if (!(await ticketExists(app.db, request.params.id))) throw notFound('Ticket');
      return listAttachments(app.db, request.params.id, request.query);
    },
  );

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
      const staff = requireStaff(request);
      const ticketId = request.params.id;
      if (!(await ticketExists(app.db, ticketId))) throw notFound('Ticket');
      // Read (and size-check) the whole upload before the transaction: a refused file writes nothing.
      const upload = await readUpload(request, app.config.uploadLimitBytes);
      const fields = parseFields(upload.fields);
      const attachmentId = await app.db.transaction().execute(async (trx) => {
        if (!(await bumpActivity(trx, ticketId))) throw notFound('Ticket');
        if (fields.commentId) {
          const comment = await trx
            .selectFrom('ticket_comments')
            .select('id')
            .where('id', '=', fields.commentId)
            .where('ticket_id', '=', ticketId)
            .executeTakeFirst();
          if (!comment) throw invalid('body.commentId', 'no such comment on this ticket');
        }
        const file = await storeFile(trx, upload);
        const { id } = await trx
          .insertInto('attachments')
          .values({
            ticket_id: ticketId,
            comment_id: fields.commentId ?? null,
            file_id: file.id,
            public: fields.public === 'true',
            uploaded_by_staff_id: staff.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return id;
      });
      const created = await findAttachment(app.db, attachmentId);
      if (!created) throw notFound('Attachment');
      return reply.status(201).send(created.attachment);
    },
  );

  // An inert download: attachment disposition, nosniff, sandboxing CSP (sendFile).
  app.get(
    '/api/staff/attachments/:id',
    { config: STAFF, schema: { tags, params: IdParams, produces: ['application/octet-stream'] } },
    async (request, reply) => {
      const attachment = await findAttachment(app.db, request.params.id);
      if (!attachment) throw notFound('Attachment');
      return sendFile(app.db, reply, attachment.fileId);
    },
  );

  app.patch(
    '/api/staff/attachments/:id',
    { config: STAFF, schema: { tags, params: IdParams, body: PublicFlag, response: { 200: AttachmentOut } } },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const updated = await app.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('attachments')
          .select(['public'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('Attachment');
        if (before.public !== request.body.public) {
          await trx
            .updateTable('attachments')
            .set({ public: request.body.public })
            .where('id', '=', id)
            .execute();
          await recordAudit(
            trx,
            staff,
            {
              action: 'update',
              entityType: 'attachment',
              entityId: id,
              before: { public: before.public },
              after: { public: request.body.public },
            },
            request.ip,
          );
        }
        return findAttachment(trx, id);
      });
      if (!updated) throw notFound('Attachment');
      return updated.attachment;
    },
  );

  app.delete(
    '/api/staff/attachments/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await findAttachment(trx, request.params.id);
        if (!before) throw notFound('Attachment');
        await trx.deleteFrom('attachments').where('id', '=', before.attachment.id).execute();
        await trx.deleteFrom('files').where('id', '=', before.fileId).execute();
        await recordAudit(
          trx,
          staff,
          {
            action: 'delete',
            entityType: 'attachment',
            entityId: before.attachment.id,
            before: before.attachment,
          },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default attachmentRoutes;
