import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { MailMessagesTable } from '../../db/schema.ts';
import { newestFirstPage, type PageQuery } from '../../http/pagination.ts';
import { wireRow } from '../shared/wire-names.ts';
import type { MailOut } from './schema.ts';

const LIST_COLUMNS = [
  'id',
  'message_id',
  'kind',
  'to_address',
  'subject',
  'status',
  'attempts',
  'last_error',
  'ticket_id',
  'contact_id',
  'batch_id',
  'created_at',
  'next_attempt_at',
  'sent_at',
] as const;

type ListRow = Pick<Selectable<MailMessagesTable>, (typeof LIST_COLUMNS)[number]>;

/** Columns under their wire names; the address is `to` on the wire. */
export const toMailOut = ({ to_address, ...row }: ListRow): MailOut => ({ ...wireRow(row), to: to_address });

export type MailFilter = {
  status?: MailOut['status'] | undefined;
  kind?: string | undefined;
  ticketId?: string | undefined;
};

/** Newest first; each filter is the leading column of an index ending in the id (0009, 0010). */
export function listMails(db: Db, filter: MailFilter, page: PageQuery) {
  let query = db.selectFrom('mail_messages').select(LIST_COLUMNS);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.ticketId) query = query.where('ticket_id', '=', filter.ticketId);
  return newestFirstPage(query, page, toMailOut);
}

export async function findMail(db: Db, id: string) {
  const row = await db
    .selectFrom('mail_messages')
    .select([...LIST_COLUMNS, 'text_body', 'html_body', 'headers'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...toMailOut(row), text: row.text_body, html: row.html_body, headers: row.headers };
}

/**
 * A batch's progress: counts by status over the batch index, and until the worker has expanded
 * the whole batch, the members not yet made into messages count as queued.
 */
export async function batchProgress(db: Db, batchId: string) {
  const batch = await db
    .selectFrom('mail_batches')
    .select(['recipients', 'expanded_at'])
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!batch) return undefined;
  const rows = await db
    .selectFrom('mail_messages')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('batch_id', '=', batchId)
    .groupBy('status')
    .execute();
  const count = (status: MailOut['status']) => Number(rows.find((r) => r.status === status)?.count ?? 0);
  const counts = {
    queued: count('queued'),
    sending: count('sending'),
    sent: count('sent'),
    failed: count('failed'),
  };
  const made = counts.queued + counts.sending + counts.sent + counts.failed;
  const notYetMade = batch.expanded_at === null ? Math.max(0, batch.recipients - made) : 0;
  return { batchId, ...counts, queued: counts.queued + notYetMade };
}
