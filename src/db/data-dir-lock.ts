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
 * When the process started (clock ticks since boot, /proc/<pid>/stat field 22), or undefined where
 * there is no /proc. With the pid it names one process: a pid alone may be reused by another.
 */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (name) state ppid …": the name may hold spaces and parentheses; state is field 3.
    const value = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

type Holder = { pid?: number; startTime?: number; command?: string };

/** The recorded process is still running: same pid and, where both are known, same start time. */
function holderRunning(holder: Holder): boolean {
  if (!holder.pid || holder.pid === process.pid || !processAlive(holder.pid)) return false;
  const now = processStartTime(holder.pid);
  return holder.startTime === undefined || now === undefined || now === holder.startTime;
}

/**
 * PGlite allows one process per data directory; a second one would corrupt it. This pid file
 * makes a second process refuse to start, clearly, before it opens anything. A file left by a
 * process that died is taken over, also when an unrelated process got its pid since (the file
 * records the start time too).
 */
export function lockDataDir(dataDir: string, command: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'portico.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      const holder: Holder = { pid: process.pid, startTime: processStartTime(process.pid), command };
      writeSync(fd, JSON.stringify(holder));
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
      let holder: Holder = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as Holder;
      } catch {
        // unreadable: treat as stale
      }
      if (holderRunning(holder)) {
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
