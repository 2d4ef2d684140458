import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Answers with a CSV download streamed from `chunks` (keyset batches from the database), so a file
 * of any size never sits in memory whole. The name gets today's date: "contacts-2026-12-08.csv".
 */
export function sendCsv(reply: FastifyReply, name: string, chunks: AsyncIterable<string>) {
  const filename = `${name}-${new Date().toISOString().slice(0, 10)}.csv`;
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(Readable.from(chunks, { objectMode: false }));
}
