import { sql } from 'kysely';
import type { PageQuery } from '../../http/pagination.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import { personRef } from './people.ts';
import type { AttachmentOut, CommentOut, TicketEmailOut } from './records-schema.ts';
import type { Db } from '../../db/database.ts';
import type { StaffActor } from '../../authz/actor.ts';
import { staffVisibleTickets } from '../../authz/staff-tickets.ts';

// Comments, attachments and e-mails of a ticket: oldest first, keyset on the UUIDv7 id over the
// (ticket_id, id) index of each table.

function commentsQuery(db: Db) {
  return db
    .selectFrom('ticket_comments as m')
    .leftJoin('staff_users as s', 's.id', 'm.author_staff_id')
    .leftJoin('contacts as c', 'c.id', 'm.author_contact_id')
    .leftJoin('staff_users as a', 'a.id', 'm.acting_staff_id')
    .select([
      'm.id',
      'm.ticket_id',
      'm.body',
      'm.public',
      'm.created_at',
      'm.author_staff_id',
      's.name as staff_name',
      'm.author_contact_id',
      'c.name as contact_name',
      'm.acting_staff_id',
      'a.name as acting_staff_name',
      sql<{ id: string; name: string }[]>`coalesce((
        select json_agg(json_build_object('id', su.id, 'name', su.name) order by lower(su.name), su.id)
        from ticket_comment_mentions tcm join staff_users su on su.id = tcm.staff_user_id
        where tcm.comment_id = m.id), '[]'::json)`.as('mentions'),
    ]);
}

const toCommentOut = (r: RowOf<typeof commentsQuery>): CommentOut => ({
  id: r.id,
  ticketId: r.ticket_id,
  body: r.body,
  public: r.public,
  author: personRef(r.author_staff_id, r.staff_name, r.author_contact_id, r.contact_name, r),
  mentions: r.mentions,
  createdAt: r.created_at,
});

export async function listComments(db: Db, ticketId: string, page: PageQuery) {
  const query = commentsQuery(db).where('m.ticket_id', '=', ticketId);
  return pageById(query, 'm.id', 'asc', page, toCommentOut);
}

export async function findComment(db: Db, id: string): Promise<CommentOut | undefined> {
  const row = await commentsQuery(db).where('m.id', '=', id).executeTakeFirst();
  return row && toCommentOut(row);
}

/** Attachment metadata; never the stored bytes. */
function attachmentsQuery(db: Db) {
  return db
    .selectFrom('attachments as x')
    .innerJoin('files as f', 'f.id', 'x.file_id')
    .leftJoin('staff_users as s', 's.id', 'x.uploaded_by_staff_id')
    .leftJoin('contacts as c', 'c.id', 'x.uploaded_by_contact_id')
    .leftJoin('staff_users as a', 'a.id', 'x.acting_staff_id')
    .select([
      'x.id',
      'x.ticket_id',
      'x.comment_id',
      'x.file_id',
      'x.public',
      'x.created_at',
      'f.filename',
      'f.content_type',
      'f.size_bytes',
      'f.sha256',
      'x.uploaded_by_staff_id',
      's.name as staff_name',
      'x.uploaded_by_contact_id',
      'c.name as contact_name',
      'x.acting_staff_id',
      'a.name as acting_staff_name',
    ]);
}

const toAttachmentOut = (r: RowOf<typeof attachmentsQuery>): AttachmentOut => ({
  id: r.id,
  ticketId: r.ticket_id,
  commentId: r.comment_id,
  filename: r.filename,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  public: r.public,
  createdAt: r.created_at,
  uploadedBy: personRef(r.uploaded_by_staff_id, r.staff_name, r.uploaded_by_contact_id, r.contact_name, r),
});

export async function listAttachments(db: Db, ticketId: string, page: PageQuery) {
  const query = attachmentsQuery(db).where('x.ticket_id', '=', ticketId);
  return pageById(query, 'x.id', 'asc', page, toAttachmentOut);
}

/** The attachment and the id of its stored file (which never leaves the server as such). */
export async function findAttachment(
  db: Db,
  actor: StaffActor,
  id: string,
): Promise<{ attachment: AttachmentOut; fileId: string } | undefined> {
  const row = await attachmentsQuery(db)
    .innerJoin('tickets as t', 't.id', 'x.ticket_id')
    .where('x.id', '=', id)
    .where(staffVisibleTickets(actor))
    .executeTakeFirst();
  return row && { attachment: toAttachmentOut(row), fileId: row.file_id };
}

type EmailRow = {
  id: string;
  ticket_id: string;
  from_address: string;
  to_address: string;
  subject: string;
  body: string;
  public: boolean;
  sent_at: Date;
  inbound_id: string | null;
};

export const toTicketEmailOut = (r: EmailRow): TicketEmailOut => ({
  id: r.id,
  ticketId: r.ticket_id,
  fromAddress: r.from_address,
  toAddress: r.to_address,
  subject: r.subject,
  body: r.body,
  public: r.public,
  sentAt: r.sent_at,
  inboundId: r.inbound_id,
});

export async function listTicketEmails(db: Db, ticketId: string, page: PageQuery) {
  const query = db.selectFrom('ticket_emails').selectAll().where('ticket_id', '=', ticketId);
  return pageById(query, 'id', 'asc', page, toTicketEmailOut);
}
