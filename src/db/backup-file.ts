import { createReadStream, existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** A backup or restore refused or failed for a reason the operator can act on. */
export class BackupError extends Error {}

/** What a backup file holds, from its first bytes. */
export type ArchiveKind = 'pglite-tar-gz' | 'pglite-tar' | 'pg-dump';

export async function archiveKind(file: string): Promise<ArchiveKind> {
  const handle = await open(file, 'r').catch(() => {
    throw new BackupError(`Cannot read ${file}.`);
  });
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'pglite-tar-gz';
    if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'pg-dump';
    if (bytesRead === 512 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'pglite-tar';
    throw new BackupError(`${file} is neither a Portico backup of the embedded database nor a pg_dump file.`);
  } finally {
    await handle.close();
  }
}

/** Refuses to overwrite a file: an older backup is worth more than a typo in --out. */
export function refuseExisting(file: string): void {
  if (existsSync(file)) throw new BackupError(`${file} exists already; choose another --out.`);
}

/**
 * Writes `file` through a `.partial` sibling renamed at the end, so an interrupted backup never
 * leaves a file that looks complete.
 */
export async function writeAtomically(file: string, write: (partial: string) => Promise<void>) {
  refuseExisting(file);
  const partial = `${file}.partial`;
  try {
    await write(partial);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Reads a gzip file to its end: a truncated or corrupted download fails here, not at restore. */
export async function verifyGzip(file: string): Promise<void> {
  try {
    await pipeline(createReadStream(file), createGunzip(), async (chunks) => {
      for await (const _ of chunks);
    });
  } catch (error) {
    throw new BackupError(`The backup ${file} is damaged: ${(error as Error).message}`);
  }
}
