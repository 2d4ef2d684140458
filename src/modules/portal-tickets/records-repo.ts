import { sql, type SqlBool } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import { visibleTickets, writableColumn } from '../../authz/tickets/condition.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import type { Db } from '../../db/database.ts';
import type { PortalAttachmentOut, PortalCommentOut } from './schema.ts';

/**
 * Comments and attachments as contacts see them: public ones of tickets they may see. Internal
 * comments and attachments never match, and neither does a public attachment of an internal
 * comment. Oldest first, keyset on the UUIDv7 id over the (ticket_id, id) indexes.
 */

/** The write flag of a visible ticket (undefined: not visible or no such ticket), in one query. */
export async function ticketAccess(db: Db, actor: ContactActor, id: string) {
  return db
    .selectFrom('tickets as t')
    .select(['t.id', writableColumn(actor, 't').as('writable')])
    .where('t.id', '=', id)
    .where(visibleTickets(actor, 't'))
    .executeTakeFirst();
}

function commentsQuery(db: Db, actor: ContactActor) {
  return db
    .selectFrom('ticket_comments as m')
    .innerJoin('tickets as t', 't.id', 'm.ticket_id')
    .leftJoin('staff_users as s', 's.id', 'm.author_staff_id')
    .leftJoin('contacts as c', 'c.id', 'm.author_contact_id')
    .select([
      'm.id',
      'm.body',
      'm.created_at',
      'm.author_staff_id',
      's.name as staff_name',
      'm.author_contact_id',
      'c.name as contact_name',
    ])
    .where('m.public', '=', true)
    .where(visibleTickets(actor, 't'));
}

// An author whose account was deleted (both columns set null) cannot be told apart any more.
const FORMER_AUTHOR = { type: 'staff', name: 'Deleted user' } as const;

const toCommentOut = (r: RowOf<typeof commentsQuery>): PortalCommentOut => ({
  id: r.id,
  body: r.body,
  createdAt: r.created_at,
  author:
    r.author_staff_id && r.staff_name !== null
      ? { type: 'staff', name: r.staff_name }
      : r.author_contact_id && r.contact_name !== null
        ? { type: 'contact', name: r.contact_name }
        : FORMER_AUTHOR,
});

export async function listComments(db: Db, actor: ContactActor, ticketId: string, page: PageQuery) {
  const query = commentsQuery(db, actor).where('m.ticket_id', '=', ticketId);
  return pageById(query, 'm.id', 'asc', page, toCommentOut);
}

export async function findComment(db: Db, actor: ContactActor, id: string) {
  const row = await commentsQuery(db, actor).where('m.id', '=', id).executeTakeFirst();
  return row && toCommentOut(row);
}

/** Public attachments of visible tickets, not hanging on an internal comment. */
function attachmentsQuery(db: Db, actor: ContactActor) {
  return db
    .selectFrom('attachments as x')
    .innerJoin('tickets as t', 't.id', 'x.ticket_id')
    .innerJoin('files as f', 'f.id', 'x.file_id')
    .select([
      'x.id',
      'x.comment_id',
      'x.file_id',
      'x.created_at',
      'f.filename',
      'f.content_type',
      'f.size_bytes',
    ])
    .where('x.public', '=', true)
    .where(
      sql<SqlBool>`(x.comment_id is null or exists (
        select 1 from ticket_comments pc where pc.id = x.comment_id and pc.public))`,
    )
    .where(visibleTickets(actor, 't'));
}

const toAttachmentOut = (r: RowOf<typeof attachmentsQuery>): PortalAttachmentOut => ({
  id: r.id,
  commentId: r.comment_id,
  filename: r.filename,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  createdAt: r.created_at,
});

export async function listAttachments(db: Db, actor: ContactActor, ticketId: string, page: PageQuery) {
  const query = attachmentsQuery(db, actor).where('x.ticket_id', '=', ticketId);
  return pageById(query, 'x.id', 'asc', page, toAttachmentOut);
}

/** The attachment and its file id, when the contact may download it. */
export async function findAttachment(db: Db, actor: ContactActor, id: string) {
  const row = await attachmentsQuery(db, actor).where('x.id', '=', id).executeTakeFirst();
  return row && { attachment: toAttachmentOut(row), fileId: row.file_id };
}
