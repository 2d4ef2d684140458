// What an accepted inbound message does, through the same services as the portal and the staff
// console: a contact's reply or new ticket is checked exactly as on the portal (permission model
// §9), a staff user's reply is a public staff reply. Attachments follow the upload rules.
import type { Transaction } from 'kysely';
import type { ContactActor, StaffActor } from '../../authz/actor.ts';
import type { UploadQuotas } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { forbidden } from '../../errors.ts';
import { assertContactQuota, assertTicketQuota } from '../files/quota.ts';
import { storeFile, type Upload } from '../files/store.ts';
import { createPortalTicket } from '../portal-tickets/ticket-write.ts';
import { addPortalComment } from '../portal-tickets/record-write.ts';
import { addComment } from '../tickets/records-service.ts';

type Trx = Transaction<DB>;

/** The parts of a message a ticket gets. */
export type MailContent = {
  subject: string;
  /** The new text, quoted history and signature stripped. */
  body: string;
  attachments: Upload[];
};

export type Effect = { ticketId: string; commentId: string | null };

type Uploader = { contactId: string } | { staffId: string };

/** Public attachments of the comment (or of the new ticket), within the ticket's and sender's quotas. */
export async function attachFiles(
  trx: Trx,
  quotas: UploadQuotas,
  target: Effect,
  uploader: Uploader,
  files: Upload[],
): Promise<void> {
  for (const file of files) {
    await assertTicketQuota(trx, quotas, target.ticketId, file.data.length);
    if ('contactId' in uploader) await assertContactQuota(trx, quotas, uploader.contactId, file.data.length);
    const stored = await storeFile(trx, file);
    await trx
      .insertInto('attachments')
      .values({
        ticket_id: target.ticketId,
        comment_id: target.commentId,
        file_id: stored.id,
        public: true,
        uploaded_by_contact_id: 'contactId' in uploader ? uploader.contactId : null,
        uploaded_by_staff_id: 'staffId' in uploader ? uploader.staffId : null,
      })
      .execute();
  }
}

function mayAttach(actor: ContactActor, content: MailContent): void {
  if (content.attachments.length > 0 && !actor.privileges.has('attachments.upload'))
    throw forbidden('You may not upload files.');
}

/** A contact's reply: the portal's addPortalComment (404 unseen, 403 not writable or no tickets.reply). */
export async function contactReply(
  trx: Trx,
  actor: ContactActor,
  ticketId: string,
  content: MailContent,
  quotas: UploadQuotas,
): Promise<Effect> {
  mayAttach(actor, content);
  const comment = await addPortalComment(trx, actor, ticketId, content.body);
  const effect = { ticketId, commentId: comment.id };
  await attachFiles(trx, quotas, effect, { contactId: actor.id }, content.attachments);
  return effect;
}

/** A contact's new ticket: the portal's createPortalTicket, with the portal route's tickets.create. */
export async function contactNewTicket(
  trx: Trx,
  actor: ContactActor,
  content: MailContent,
  quotas: UploadQuotas,
): Promise<Effect> {
  if (!actor.privileges.has('tickets.create')) throw forbidden('You may not open tickets.');
  mayAttach(actor, content);
  const subject = content.subject.trim().slice(0, 200) || '(no subject)';
  const ticket = await createPortalTicket(
    trx,
    actor,
    { subject, description: content.body.slice(0, 20000) },
    '',
  );
  const effect = { ticketId: ticket.id, commentId: null };
  await attachFiles(trx, quotas, effect, { contactId: actor.id }, content.attachments);
  return effect;
}

/** A staff user's reply from its own mail client: a public reply, as from the console. */
export async function staffReply(
  trx: Trx,
  staff: StaffActor,
  ticketId: string,
  content: MailContent,
  quotas: UploadQuotas,
): Promise<Effect> {
  const comment = await addComment({ trx, staff, ip: '' }, ticketId, { body: content.body, public: true });
  const effect = { ticketId, commentId: comment.id };
  await attachFiles(trx, quotas, effect, { staffId: staff.id }, content.attachments);
  return effect;
}
