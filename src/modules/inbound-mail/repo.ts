import type { Db } from '../../db/database.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import type { InboundMailOut } from './schema.ts';

function inboundQuery(db: Db) {
  return db
    .selectFrom('mail_inbound as m')
    .select([
      'm.id',
      'm.message_id',
      'm.from_address',
      'm.subject',
      'm.status',
      'm.reason',
      'm.detail',
      'm.source',
      'm.size_bytes',
      'm.raw_file_id',
      'm.ticket_id',
      'm.contact_id',
      'm.received_at',
      'm.decided_at',
    ]);
}

export const toInboundOut = (r: RowOf<typeof inboundQuery>): InboundMailOut => ({
  id: r.id,
  messageId: r.message_id,
  fromAddress: r.from_address,
  subject: r.subject,
  status: r.status,
  reason: r.reason,
  detail: r.detail,
  source: r.source,
  sizeBytes: r.size_bytes,
  hasOriginal: r.raw_file_id !== null,
  ticketId: r.ticket_id,
  contactId: r.contact_id,
  receivedAt: r.received_at,
  decidedAt: r.decided_at,
});

/** Newest first; with a status over mail_inbound_status_idx (status, id). */
export async function listInbound(db: Db, status: InboundMailOut['status'] | undefined, page: PageQuery) {
  const query = status ? inboundQuery(db).where('m.status', '=', status) : inboundQuery(db);
  return pageById(query, 'm.id', 'desc', page, toInboundOut);
}

export async function findInbound(db: Db, id: string) {
  return inboundQuery(db).where('m.id', '=', id).executeTakeFirst();
}

/** The kept original's bytes; undefined when none was kept. */
export async function originalOf(db: Db, fileId: string | null): Promise<Buffer | undefined> {
  if (!fileId) return undefined;
  const file = await db.selectFrom('files').select('data').where('id', '=', fileId).executeTakeFirst();
  return file ? Buffer.from(file.data) : undefined;
}
