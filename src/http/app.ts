import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { registerAuthentication } from './authenticate.ts';
import { requireRoutePolicies } from './route-policy.ts';
import { redactUrl } from './redact.ts';
import { registerOperations } from './operations.ts';
import { useZodSchemas } from './validation.ts';
import { limitConnections, serverTimeouts } from './server-limits.ts';
import webUi from './web-ui.ts';
import { LoginThrottle } from '../auth/throttle.ts';
import { MailWorker } from '../mail/worker.ts';
import { registerMailMetrics } from '../mail/metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database['db'];
    database: Database;
    config: Config;
    /** This instance's outbox worker: wake() it after a commit that queued mail. */
    mailWorker: MailWorker;
    loginThrottle: LoginThrottle;
    /** Every registered route, for the route inventory test. */
    routeInventory: RouteOptions[];
  }
}

export type AppOptions = {
  database: Database;
  config: Config;
  /** false: the outbox worker is built but not started (tests that look at the queue itself). */
  mailWorker?: boolean;
  logger?: boolean;
  /** Where log lines go (tests capture them); standard output by default. */
  logStream?: NodeJS.WritableStream;
  /** Registers the modules' routes (src/modules/routes.ts): the modules sit above http/. */
  routes: (app: FastifyInstance) => Promise<void>;
};

// Secrets that must never reach a log line.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
];

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: REDACT,
            ...(options.logStream ? { stream: options.logStream } : {}),
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                url: redactUrl(req.url),
                ip: req.ip,
              }),
            },
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    ...serverTimeouts(config.http),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  limitConnections(app, config.http);
  useZodSchemas(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  const inventory: RouteOptions[] = [];
  app.decorate('db', database.db);
  app.decorate('database', database);
  app.decorate('config', config);
  app.decorate(
    'loginThrottle',
    new LoginThrottle(database.db, {
      maxPerAccount: config.loginMaxFailuresPerAccount,
      maxPerIp: config.loginMaxFailuresPerIp,
      blockSeconds: config.loginBlockSeconds,
    }),
  );
  app.decorate('routeInventory', inventory);
  requireRoutePolicies(app, inventory);
  registerOperations(app, database, config);

  // Every instance runs the outbox worker from ready to close; close (graceful shutdown) drains it.
  const mailWorker = new MailWorker(
    database.db,
    config,
    app.log,
    registerMailMetrics(app.metrics, database.db),
  );
  app.decorate('mailWorker', mailWorker);
  if (options.mailWorker !== false) app.addHook('onReady', async () => mailWorker.start());
  app.addHook('onClose', async () => mailWorker.stop());

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: config.uploadLimitBytes, files: 1 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Portico API',
        version: '0.1.0',
        description:
          'Staff API (`/api/staff`, session cookie or `Authorization: Bearer` API token) and portal API ' +
          '(`/api/portal`, session cookie). Cookie-authenticated writes need the `x-csrf-token` header.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          staffCookie: { type: 'apiKey', in: 'cookie', name: 'portico_staff' },
          portalCookie: { type: 'apiKey', in: 'cookie', name: 'portico_portal' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerAuthentication(app, database.db, config);

  app.get(
    '/api/openapi.json',
    { config: { policy: { audience: 'public' } }, schema: { hide: true } },
    async () => app.swagger(),
  );

  // The web UI: /portal, /staff, their assets, and / sending people to the portal.
  await app.register(webUi);

  await options.routes(app);
  await app.ready();
  return app;
}
