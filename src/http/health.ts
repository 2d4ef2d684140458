import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { PUBLIC } from './route-policy.ts';

// How long readiness waits for the database before calling it unreachable.
const READY_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Liveness and readiness, for orchestrators and load balancers.
 * - GET /api/health: the process serves requests (restart it when this fails). It does not touch
 *   the database: an outage must not get every instance restarted.
 * - GET /api/health/ready: send traffic here? 503 while the database does not answer. While
 *   shutting down, Fastify itself answers 503 on open connections and refuses new ones.
 */
export function registerHealth(app: FastifyInstance, database: Database): void {
  const hidden = { config: PUBLIC, schema: { hide: true } };
  app.get('/api/health', hidden, async () => ({ status: 'ok', database: database.engine }));
  app.get('/api/health/ready', hidden, async (_request, reply) => {
    try {
      await withTimeout(
        database.withConnection((conn) => conn.query('select 1')),
        READY_TIMEOUT_MS,
      );
      return { status: 'ok', database: database.engine };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: database.engine });
    }
  });
}
