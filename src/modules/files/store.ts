import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { assertNotInfected } from './scan.ts';
import { sniffContentType } from './sniff.ts';
import { wireRow } from '../shared/wire-names.ts';

export type StoredFile = {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
};

/** The bytes of one uploaded file and the name the client gave it. */
export type Upload = { filename: string; data: Buffer };

/** Names are kept for display and the download's filename only; path parts and controls go. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}

/**
 * Reads the single file part of a multipart request, streaming it with the configured size
 * limit, and has it scanned for malware when a scanner is configured: an oversized, broken or
 * infected upload throws before anything is written.
 */
export async function readUpload(
  request: FastifyRequest,
  limitBytes: number,
): Promise<Upload & { fields: Record<string, string> }> {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data.');
  const fields: Record<string, string> = {};
  let upload: { filename: string; data: Buffer } | undefined;
  for await (const part of request.parts({ limits: { fileSize: limitBytes, files: 1, fields: 20 } })) {
    if (part.type === 'file') {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) {
        throw new AppError('payload_too_large', `The file is larger than ${limitBytes} bytes.`);
      }
      upload = { filename: cleanFilename(part.filename), data: Buffer.concat(chunks) };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!upload) {
    throw new AppError('validation_failed', 'No file in the request.', {
      issues: [{ path: 'body.file', message: 'is required' }],
    });
  }
  await assertNotInfected(request.server.config.clamav, upload.data, request.log);
  return { ...upload, fields };
}

/** Stores the bytes with their sniffed type and checksum; call inside the transaction of the owner row. */
export async function storeFile(db: Kysely<DB> | Transaction<DB>, upload: Upload): Promise<StoredFile> {
  const sha256 = createHash('sha256').update(upload.data).digest('hex');
  const contentType = sniffContentType(upload.data, upload.filename);
  const row = await db
    .insertInto('files')
    .values({
      filename: upload.filename,
      content_type: contentType,
      size_bytes: upload.data.length,
      sha256,
      data: upload.data,
    })
    .returning(['id', 'filename', 'content_type', 'size_bytes', 'sha256'])
    .executeTakeFirstOrThrow();
  return wireRow(row);
}

/**
 * Sends a stored file as an inert download. The caller must already have decided that the
 * requester may see it; this only reads by id.
 */
export async function sendFile(db: Kysely<DB>, reply: FastifyReply, fileId: string) {
  const file = await db
    .selectFrom('files')
    .select(['filename', 'content_type', 'size_bytes', 'sha256', 'data'])
    .where('id', '=', fileId)
    .executeTakeFirst();
  if (!file) throw new AppError('not_found', 'File not found.');
  const encoded = encodeURIComponent(file.filename);
  return reply
    .header('content-type', file.content_type)
    .header('content-length', String(file.size_bytes))
    .header(
      'content-disposition',
      `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encoded}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .header('digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`)
    .send(Buffer.from(file.data));
}
