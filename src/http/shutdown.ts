import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';

/**
 * SIGTERM/SIGINT: stop accepting connections, let the requests in flight finish (at most
 * timeoutMs, then their connections are closed), close the database, exit 0. A second signal
 * exits at once.
 */
export function stopOnSignals(app: FastifyInstance, database: Database, timeoutMs: number): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`${signal} again: exiting now.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: shutting down; waiting up to ${timeoutMs / 1000} s for requests in flight…`);
    const force = setTimeout(() => app.server.closeAllConnections(), timeoutMs);
    try {
      await app.close();
      clearTimeout(force);
      await database.close();
      console.log('Stopped.');
      process.exit(0);
    } catch (error) {
      console.error('Shutdown failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    }
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}
