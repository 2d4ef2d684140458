// Upload quotas: how many files, and how many bytes, one ticket and one contact may hold. Each check
// runs in the transaction that inserts the attachment, after locking the row the quota belongs to
// (ticket first, then contact, in every path), so two parallel uploads at the boundary are counted
// one after the other and cannot both pass. FOR NO KEY UPDATE: rows that merely refer to the ticket
// or contact are not held up.
import type { Transaction } from 'kysely';
import type { UploadQuotas } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

type Quota = 'ticket_files' | 'ticket_bytes' | 'contact_files' | 'contact_bytes';

const MB = 1024 * 1024;
const bytesText = (bytes: number) =>
  bytes % MB === 0 ? `${bytes / MB} MB` : `${bytes.toLocaleString('en')} bytes`;

function quotaExceeded(quota: Quota, text: string): AppError {
  return new AppError('quota_exceeded', `Upload quota exceeded (${quota}): ${text}.`, {
    issues: [{ path: 'body.file', message: `exceeds the ${quota} quota` }],
  });
}

// What each quota counts, and the row whose lock makes its check and the insert one step.
const OWNERS = {
  ticket: {
    table: 'tickets',
    column: 'ticket_id',
    files: 'ticketFiles',
    bytes: 'ticketBytes',
    text: 'A ticket',
  },
  contact: {
    table: 'contacts',
    column: 'uploaded_by_contact_id',
    files: 'contactFiles',
    bytes: 'contactBytes',
    text: 'One contact',
  },
} as const;

async function assertQuota(
  trx: Transaction<DB>,
  quotas: UploadQuotas,
  owner: keyof typeof OWNERS,
  id: string,
  sizeBytes: number,
): Promise<void> {
  const { table, column, files, bytes, text } = OWNERS[owner];
  await trx.selectFrom(table).select('id').where('id', '=', id).forNoKeyUpdate().execute();
  const usage = await trx
    .selectFrom('attachments as a')
    .innerJoin('files as f', 'f.id', 'a.file_id')
    .select((eb) => [
      eb.fn.countAll<string>().as('files'),
      eb.fn.coalesce(eb.fn.sum<string>('f.size_bytes'), eb.lit(0)).as('bytes'),
    ])
    .where(`a.${column}`, '=', id)
    .executeTakeFirstOrThrow();
  if (Number(usage.files) + 1 > quotas[files])
    throw quotaExceeded(`${owner}_files`, `${text} may hold at most ${quotas[files]} files`);
  if (Number(usage.bytes) + sizeBytes > quotas[bytes])
    throw quotaExceeded(`${owner}_bytes`, `${text} may hold at most ${bytesText(quotas[bytes])} of files`);
}

/** Refuses an attachment that would take the ticket over its quota (staff and contact uploads alike). */
export const assertTicketQuota = (
  trx: Transaction<DB>,
  quotas: UploadQuotas,
  ticketId: string,
  size: number,
) => assertQuota(trx, quotas, 'ticket', ticketId, size);

/**
 * Refuses a contact's upload that would take what it uploaded (on every ticket) over its quota.
 * Lock the ticket first: parallel uploads of one contact to different tickets then queue here.
 */
export const assertContactQuota = (
  trx: Transaction<DB>,
  quotas: UploadQuotas,
  contactId: string,
  size: number,
) => assertQuota(trx, quotas, 'contact', contactId, size);
