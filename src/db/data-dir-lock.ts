import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export class DataDirInUseError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite allows one process per data directory; a second one would corrupt it. This pid file
 * makes a second process refuse to start, clearly, before it opens anything. A file left by a
 * process that died is taken over.
 */
export function lockDataDir(dataDir: string, command: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'portico.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, command }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; command?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as typeof holder;
      } catch {
        // unreadable: treat as stale
      }
      if (holder.pid && holder.pid !== process.pid && processAlive(holder.pid)) {
        throw new DataDirInUseError(
          `The data directory ${path.resolve(dataDir)} is in use by process ${holder.pid} (portico ${holder.command ?? '?'}). ` +
            'The embedded database allows one process at a time: stop that process first, ' +
            'or use the running server (its API), or run Portico on PostgreSQL (DATABASE_URL).',
        );
      }
      unlinkSync(file);
    }
  }
  throw new DataDirInUseError(`Could not lock ${path.resolve(dataDir)}.`);
}
