import type { Db } from '../../db/database.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import { wireRow } from '../shared/wire-names.ts';
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

export const toInboundOut = ({ raw_file_id, ...r }: RowOf<typeof inboundQuery>): InboundMailOut => ({
  ...wireRow(r),
  hasOriginal: raw_file_id !== null,
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
