import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { registerHealth } from './health.ts';
import { registerMetrics } from './metrics.ts';

/**
 * The endpoints operators use: /api/metrics and the health checks. Call it before the routes
 * and before authentication (see registerMetrics).
 */
export function registerOperations(app: FastifyInstance, database: Database, config: Config): void {
  registerMetrics(app, database, config.metricsToken);
  registerHealth(app, database);
}
