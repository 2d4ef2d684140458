// The staff writes on what is filed under a ticket: comments, attachments and e-mail records.
// Each adds activity to its ticket; only a change of who may see an attachment or e-mail, or the
// removal of an attachment, is audited (as before).
import { markFirstResponse } from '../sla/ticket-sla.ts';
import { queueTicketEvent } from '../../mail/outbox.ts';
import { sql } from 'kysely';
import type { z } from 'zod';
import { invalid, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { storeFile, type Upload } from '../files/store.ts';
import { auditOf } from '../shared/audit-of.ts';
import { found } from '../shared/record-routes.ts';
import { findAttachment, findComment, toTicketEmailOut } from './records-repo.ts';
import type {
  AttachmentFields,
  AttachmentOut,
  CommentCreate,
  CommentOut,
  TicketEmailCreate,
  TicketEmailOut,
} from './records-schema.ts';
import { mentionInNote } from './mentions.ts';
import { bumpActivity } from './repo.ts';
import { staffVisibleTickets } from '../../authz/staff-tickets.ts';

const attachmentLog = auditOf('attachment');

/** A file of an internal note stays internal: contacts never see the note, nor what came with it. */
const internalNoteFile = (path: string) =>
  invalid(path, 'a file of an internal note stays internal (contacts never see the note)');
const emailLog = auditOf('ticket_email');

async function touchTicket(ctx: ChangeContext, ticketId: string): Promise<void> {
  if (!(await bumpActivity(ctx.trx, ctx.staff, ticketId))) throw notFound('Ticket');
}

/**
 * Public replies and internal notes alike; `public` decides whether contacts will ever see it.
 * `publicUrl`: for the links in the mail to colleagues a note mentions (inbound mail, which
 * mentions no one, leaves it out).
 */
export async function addComment(
  ctx: ChangeContext,
  ticketId: string,
  body: z.output<typeof CommentCreate>,
  publicUrl = '',
): Promise<CommentOut> {
  if (body.public && body.mentions?.length)
    throw invalid('body.mentions', 'mentions are for internal notes; a public reply mentions no one');
  await touchTicket(ctx, ticketId);
  const { id } = await ctx.trx
    .insertInto('ticket_comments')
    .values({ ticket_id: ticketId, body: body.body, public: body.public, author_staff_id: ctx.staff.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  // An internal note tells no one (permission model §9); a public reply is staff speaking last.
  if (body.public) {
    await ctx.trx.updateTable('tickets').set({ last_spoke: 'staff' }).where('id', '=', ticketId).execute();
    // The first public staff reply meets the SLA's first response.
    await markFirstResponse(ctx.trx, ticketId);
  }
  if (body.public)
    await queueTicketEvent(ctx.trx, {
      ticketId,
      event: 'public_reply',
      commentId: id,
      actor: { type: 'staff', id: ctx.staff.id },
    });
  else await mentionInNote(ctx, publicUrl, { id, ticketId, body: body.body }, body.mentions ?? []);
  return found(await findComment(ctx.trx, id), 'Comment');
}

export async function addAttachment(
  ctx: ChangeContext,
  ticketId: string,
  fields: z.output<typeof AttachmentFields>,
  upload: Upload,
): Promise<AttachmentOut> {
  await touchTicket(ctx, ticketId);
  if (fields.commentId) {
    const comment = await ctx.trx
      .selectFrom('ticket_comments')
      .select('public')
      .where('id', '=', fields.commentId)
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
    if (!comment) throw invalid('body.commentId', 'no such comment on this ticket');
    if (!comment.public && fields.public === 'true') throw internalNoteFile('body.public');
  }
  const file = await storeFile(ctx.trx, upload);
  const { id } = await ctx.trx
    .insertInto('attachments')
    .values({
      ticket_id: ticketId,
      comment_id: fields.commentId ?? null,
      file_id: file.id,
      public: fields.public === 'true',
      uploaded_by_staff_id: ctx.staff.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return found(await findAttachment(ctx.trx, ctx.staff, id), 'Attachment').attachment;
}

/** Shows an attachment to contacts or hides it; setting what is already set writes nothing. */
export async function setAttachmentPublic(
  ctx: ChangeContext,
  id: string,
  isPublic: boolean,
): Promise<AttachmentOut> {
  const before = await ctx.trx
    .selectFrom('attachments as x')
    .innerJoin('tickets as t', 't.id', 'x.ticket_id')
    .leftJoin('ticket_comments as m', 'm.id', 'x.comment_id')
    .select(['x.public', 'm.public as comment_public'])
    .where('x.id', '=', id)
    .where(staffVisibleTickets(ctx.staff))
    .forUpdate('x')
    .executeTakeFirst();
  if (!before) throw notFound('Attachment');
  if (isPublic && before.comment_public === false) throw internalNoteFile('body.public');
  if (before.public !== isPublic) {
    await ctx.trx.updateTable('attachments').set({ public: isPublic }).where('id', '=', id).execute();
    await attachmentLog.updated(ctx, id, { public: before.public }, { public: isPublic });
  }
  return found(await findAttachment(ctx.trx, ctx.staff, id), 'Attachment').attachment;
}

/** Deletes an attachment and its stored bytes. */
export async function deleteAttachment(ctx: ChangeContext, id: string): Promise<void> {
  const before = found(await findAttachment(ctx.trx, ctx.staff, id), 'Attachment');
  await ctx.trx.deleteFrom('attachments').where('id', '=', before.attachment.id).execute();
  await ctx.trx.deleteFrom('files').where('id', '=', before.fileId).execute();
  await attachmentLog.deleted(ctx, before.attachment);
}

/** Files the record of a mail under a ticket; hidden from contacts unless marked public. */
export async function addTicketEmail(
  ctx: ChangeContext,
  ticketId: string,
  input: z.output<typeof TicketEmailCreate>,
): Promise<TicketEmailOut> {
  await touchTicket(ctx, ticketId);
  const row = await ctx.trx
    .insertInto('ticket_emails')
    .values({
      ticket_id: ticketId,
      from_address: input.fromAddress,
      to_address: input.toAddress,
      subject: input.subject,
      body: input.body,
      public: input.public ?? false,
      sent_at: input.sentAt ?? sql<Date>`now()`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTicketEmailOut(row);
}

/** Shows an e-mail record to contacts or hides it; setting what is already set writes nothing. */
export async function setTicketEmailPublic(
  ctx: ChangeContext,
  id: string,
  isPublic: boolean,
): Promise<TicketEmailOut> {
  const before = await ctx.trx
    .selectFrom('ticket_emails as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .selectAll('e')
    .where('e.id', '=', id)
    .where(staffVisibleTickets(ctx.staff))
    .forUpdate('e')
    .executeTakeFirst();
  if (!before) throw notFound('E-mail');
  if (before.public === isPublic) return toTicketEmailOut(before);
  const after = await ctx.trx
    .updateTable('ticket_emails')
    .set({ public: isPublic })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await emailLog.updated(ctx, id, { public: before.public }, { public: after.public });
  return toTicketEmailOut(after);
}
