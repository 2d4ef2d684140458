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

type Usage = { files: number; bytes: number };

function assertRoom(
  usage: Usage,
  sizeBytes: number,
  limits: { files: number; bytes: number },
  owner: 'ticket' | 'contact',
  ownerText: string,
): void {
  if (usage.files + 1 > limits.files)
    throw quotaExceeded(`${owner}_files`, `${ownerText} may hold at most ${limits.files} files`);
  if (usage.bytes + sizeBytes > limits.bytes)
    throw quotaExceeded(
      `${owner}_bytes`,
      `${ownerText} may hold at most ${bytesText(limits.bytes)} of files`,
    );
}

async function attachmentUsage(
  trx: Transaction<DB>,
  column: 'ticket_id' | 'uploaded_by_contact_id',
  id: string,
): Promise<Usage> {
  const row = await trx
    .selectFrom('attachments as a')
    .innerJoin('files as f', 'f.id', 'a.file_id')
    .select((eb) => [
      eb.fn.countAll<string>().as('files'),
      eb.fn.coalesce(eb.fn.sum<string>('f.size_bytes'), eb.lit(0)).as('bytes'),
    ])
    .where(`a.${column}`, '=', id)
    .executeTakeFirstOrThrow();
  return { files: Number(row.files), bytes: Number(row.bytes) };
}

/** Refuses an attachment that would take the ticket over its quota (staff and contact uploads alike). */
export async function assertTicketQuota(
  trx: Transaction<DB>,
  quotas: UploadQuotas,
  ticketId: string,
  sizeBytes: number,
): Promise<void> {
  await trx.selectFrom('tickets').select('id').where('id', '=', ticketId).forNoKeyUpdate().execute();
  const usage = await attachmentUsage(trx, 'ticket_id', ticketId);
  assertRoom(
    usage,
    sizeBytes,
    { files: quotas.ticketFiles, bytes: quotas.ticketBytes },
    'ticket',
    'A ticket',
  );
}

/**
 * Refuses a contact's upload that would take what it uploaded (on every ticket) over its quota.
 * Locks the contact's row first, so parallel uploads of one contact to different tickets queue.
 */
export async function assertContactQuota(
  trx: Transaction<DB>,
  quotas: UploadQuotas,
  contactId: string,
  sizeBytes: number,
): Promise<void> {
  await trx.selectFrom('contacts').select('id').where('id', '=', contactId).forNoKeyUpdate().execute();
  const usage = await attachmentUsage(trx, 'uploaded_by_contact_id', contactId);
  assertRoom(
    usage,
    sizeBytes,
    { files: quotas.contactFiles, bytes: quotas.contactBytes },
    'contact',
    'One contact',
  );
}
