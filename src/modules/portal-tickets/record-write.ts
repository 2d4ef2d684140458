import { syncTicketSla } from '../sla/ticket-sla.ts';
import { queueTicketEvent } from '../../mail/outbox.ts';
import { sql, type Transaction } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import type { Db } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { UploadQuotas } from '../../config.ts';
import { assertContactQuota, assertTicketQuota } from '../files/quota.ts';
import { storeFile, type Upload } from '../files/store.ts';
import { actingStaffId } from '../impersonation/acting-staff.ts';
import { findAttachment, findComment, ticketAccess } from './records-repo.ts';
import { bumpActivity, lockWritableTicket } from './repo.ts';
import type { PortalAttachmentOut, PortalCommentOut } from './schema.ts';

/** Marks the ticket's activity after a contact's write and reads the new record as the contact sees it. */
async function readBackAfterActivity<T>(
  trx: Transaction<DB>,
  ticketId: string,
  find: () => Promise<T | undefined>,
  noun: string,
): Promise<T> {
  await bumpActivity(trx, ticketId);
  const created = await find();
  if (!created) throw notFound(noun);
  return created;
}

/** A contact's reply: always public. 404 when not visible, 403 when not writable or without tickets.reply. */
export async function addPortalComment(
  trx: Transaction<DB>,
  actor: ContactActor,
  ticketId: string,
  body: string,
): Promise<PortalCommentOut> {
  const current = await lockWritableTicket(trx, actor, ticketId);
  if (!actor.privileges.has('tickets.reply')) throw forbidden('You may not reply to tickets.');
  await customerSpoke(trx, actor, current);
  const { id } = await trx
    .insertInto('ticket_comments')
    .values({
      ticket_id: ticketId,
      body,
      public: true,
      author_contact_id: actor.id,
      acting_staff_id: actingStaffId(actor),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await queueTicketEvent(trx, {
    ticketId,
    event: 'public_reply',
    commentId: id,
    actor: { type: 'contact', id: actor.id },
  });
  return readBackAfterActivity(trx, ticketId, () => findComment(trx, actor, id), 'Comment');
}

/**
 * A contact's reply (portal or inbound mail): the customer spoke last, and a ticket that waited
 * on the customer (pending), was resolved or was closed is open again, marked "customer replied" (a status
 * event by the contact in its history), so it reappears in the desk's "Waiting on us".
 */
async function customerSpoke(
  trx: Transaction<DB>,
  actor: ContactActor,
  current: { id: string; status: 'open' | 'pending' | 'resolved' | 'closed' },
): Promise<void> {
  const reopen = current.status !== 'open';
  await trx
    .updateTable('tickets')
    .set({
      last_spoke: 'customer',
      ...(reopen
        ? {
            status: 'open',
            closed_at: null,
            resolved_at: null,
            customer_replied_at: sql<Date>`now()`,
            updated_at: sql<Date>`now()`,
          }
        : {}),
    })
    .where('id', '=', current.id)
    .execute();
  if (reopen) await syncTicketSla(trx, current.id, { recompute: false }); // the SLA clock runs again
  if (reopen)
    await trx
      .insertInto('ticket_events')
      .values({
        ticket_id: current.id,
        field: 'status',
        old_value: current.status,
        new_value: 'open',
        actor_contact_id: actor.id,
        acting_staff_id: actingStaffId(actor),
      })
      .execute();
}

/** 404 when the ticket is not visible, 403 when the contact may not upload to it. */
export async function assertMayUpload(db: Db, actor: ContactActor, ticketId: string): Promise<void> {
  const ticket = await ticketAccess(db, actor, ticketId);
  if (!ticket) throw notFound('Ticket');
  if (!ticket.writable || !actor.privileges.has('attachments.upload'))
    throw forbidden('You may not upload files to this ticket.');
}

/**
 * A contact's upload: a public attachment of a ticket it may write (checked again under the lock),
 * within the ticket's and the contact's quotas; with `commentId`, one of its own replies there.
 */
export async function addPortalAttachment(
  trx: Transaction<DB>,
  actor: ContactActor,
  ticketId: string,
  upload: Upload,
  quotas: UploadQuotas,
  commentId?: string,
): Promise<PortalAttachmentOut> {
  await lockWritableTicket(trx, actor, ticketId);
  if (commentId) {
    const own = await trx
      .selectFrom('ticket_comments')
      .select('id')
      .where('id', '=', commentId)
      .where('ticket_id', '=', ticketId)
      .where('author_contact_id', '=', actor.id)
      .where('public', '=', true)
      .executeTakeFirst();
    if (!own) throw invalid('body.commentId', 'not a reply of yours on this ticket');
  }
  await assertTicketQuota(trx, quotas, ticketId, upload.data.length);
  await assertContactQuota(trx, quotas, actor.id, upload.data.length);
  const file = await storeFile(trx, upload);
  const { id } = await trx
    .insertInto('attachments')
    .values({
      ticket_id: ticketId,
      comment_id: commentId ?? null,
      file_id: file.id,
      public: true,
      uploaded_by_contact_id: actor.id,
      acting_staff_id: actingStaffId(actor),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = await readBackAfterActivity(
    trx,
    ticketId,
    () => findAttachment(trx, actor, id),
    'Attachment',
  );
  return created.attachment;
}
