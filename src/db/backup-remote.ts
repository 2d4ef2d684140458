import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { BackupError, verifyGzip, writeAtomically } from './backup-file.ts';

/** The admin endpoint that streams a dump of the embedded database (src/modules/backup). */
export const BACKUP_PATH = '/api/staff/backup';

/**
 * Asks the running server for the backup: PGlite is one process per data directory, so while a
 * server holds it only that server can dump it. Authenticated by an administrator's API token.
 */
export async function downloadBackup(serverUrl: string, token: string | undefined, out: string) {
  if (!token)
    throw new BackupError(
      'A server is running on this data directory, so the backup must come from it: set PORTICO_API_TOKEN ' +
        "to an administrator's API token (and PORTICO_URL if the server is not on http://127.0.0.1:$PORT).",
    );
  const url = new URL(BACKUP_PATH, serverUrl);
  await writeAtomically(out, async (partial) => {
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      throw new BackupError(`Cannot reach the server at ${serverUrl}: ${(error as Error).message}`);
    }
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => undefined)) as
        { error?: { message?: string } } | undefined;
      throw new BackupError(
        `The server at ${serverUrl} refused the backup (${response.status}): ${body?.error?.message ?? response.statusText}`,
      );
    }
    await writeFile(partial, Readable.fromWeb(response.body as never), { mode: 0o600 });
    await verifyGzip(partial);
  });
}
