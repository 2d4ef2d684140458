import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import { ADMIN } from './route-policy.ts';

export const METRICS_PATH = '/api/metrics';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * This app's metrics. Other parts add theirs here (the mail outbox's depth and failure
     * gauges, with the mail issue): a Gauge with `registers: [app.metrics]` and a collect()
     * callback that reads the state at scrape time, as the pool gauges below do.
     */
    metrics: Registry;
    /** Passwords checked against a stored hash (sign-in, step-up): what the throttle must bound. */
    passwordChecks: Counter<'side'>;
  }
}

// Process metrics (CPU, memory, event loop, GC) exist once per process, however many apps a test
// builds; each app's own registry is scraped together with them.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'portico_' });
  }
  return processRegistry;
}

// The sign-in routes (src/modules/sessions): their 401 and 429 answers are the failures.
const SIGN_IN_SIDES: Record<string, 'staff' | 'portal'> = {
  '/api/staff/session': 'staff',
  '/api/portal/session': 'portal',
};
const SIGN_IN_FAILURES: Record<number, 'rejected' | 'throttled'> = { 401: 'rejected', 429: 'throttled' };

type Observe = { observe(seconds: number): void };
type OnResponse = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void;

/**
 * The duration histogram's children of one route, by method and status, made on first use so a
 * request only looks up two maps and observes (no label objects per request).
 */
function routeObserver(histogram: Histogram<'method' | 'route' | 'status_code'>, route: string) {
  const byMethod = new Map<string, Map<number, Observe>>();
  return (method: string, status: number): Observe => {
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (!child) byStatus.set(status, (child = histogram.labels(method, route, String(status))));
    return child;
  };
}

function appendHook(route: RouteOptions, hook: OnResponse): void {
  const existing = route.onResponse;
  route.onResponse = [...(existing ? [existing].flat() : []), hook] as RouteOptions['onResponse'];
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** A scraper's bearer token, compared in constant time. */
function isMetricsToken(request: FastifyRequest, token: string): boolean {
  const given = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  return !!given && timingSafeEqual(digest(given), digest(token));
}

async function scrape(registry: Registry): Promise<string> {
  return (await processMetrics().metrics()) + (await registry.metrics());
}

/**
 * Prometheus metrics at GET /api/metrics: request durations (and so rates) by route pattern,
 * sign-in failures, the database pool, process metrics. Administrators may read them, and a
 * scraper holding METRICS_TOKEN. Register before the routes (it hooks each one as it is added)
 * and before registerAuthentication (the scraper's token is not an API token).
 */
export function registerMetrics(app: FastifyInstance, database: Database, metricsToken?: string): void {
  const registry = new Registry();
  app.decorate('metrics', registry);

  const duration = new Histogram({
    name: 'portico_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status: durations, and through _count their rate.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const signInFailures = new Counter({
    name: 'portico_sign_in_failures_total',
    help: 'Failed sign-ins: side (staff, portal) and reason (rejected: wrong credentials; throttled: 429).',
    labelNames: ['side', 'reason'] as const,
    registers: [registry],
  });
  app.decorate(
    'passwordChecks',
    new Counter({
      name: 'portico_password_checks_total',
      help: 'Passwords checked against a stored hash (sign-in and step-up), by side (staff, portal).',
      labelNames: ['side'] as const,
      registers: [registry],
    }),
  );
  const poolStats = database.poolStats;
  if (poolStats) {
    const gauges = {
      total: 'portico_db_pool_connections: open connections of the PostgreSQL pool',
      idle: 'portico_db_pool_idle_connections: open connections not in use',
      waiting: 'portico_db_pool_waiting_requests: queries waiting for a connection',
    } as const;
    for (const [key, text] of Object.entries(gauges) as Array<[keyof typeof gauges, string]>) {
      const [name, help] = text.split(': ') as [string, string];
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(poolStats()[key]);
        },
      });
    }
  }

  app.addHook('onRoute', (route) => {
    const observer = routeObserver(duration, route.url);
    appendHook(route, (request, reply, done) => {
      observer(request.method, reply.statusCode).observe(reply.elapsedTime / 1000);
      done();
    });
    const side = SIGN_IN_SIDES[route.url];
    if (!side || route.method !== 'POST') return;
    appendHook(route, (_request, reply, done) => {
      const reason = SIGN_IN_FAILURES[reply.statusCode];
      if (reason) signInFailures.inc({ side, reason });
      done();
    });
  });
  // Requests no route matched (scanners, typos): one label, never the raw URL.
  const unmatched = routeObserver(duration, '(unmatched)');
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) unmatched(request.method, reply.statusCode).observe(reply.elapsedTime / 1000);
    done();
  });

  if (metricsToken) {
    app.addHook('onRequest', async (request, reply) => {
      // The cheap test first: this hook sees every request.
      if (!request.url.startsWith(METRICS_PATH) || request.routeOptions.url !== METRICS_PATH) return;
      if (!isMetricsToken(request, metricsToken)) return;
      return reply.type(registry.contentType).send(await scrape(registry));
    });
  }
  app.get(METRICS_PATH, { config: ADMIN, schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await scrape(registry)),
  );
}
