import type { FastifyInstance } from 'fastify';

// Everything under these prefixes is about a signed-in person or signs one in (the session answer).
const PRIVATE_PREFIXES = ['/api/staff/', '/api/portal/'];

/**
 * Authenticated answers, errors included, must not be kept by a browser or a shared cache: a
 * cached page would outlive the sign-out and the permission change. Set on request, before the
 * authentication hook can refuse, so a 401 carries it too.
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    const audience = request.routeOptions.config?.policy?.audience;
    const authenticated =
      (audience !== undefined && audience !== 'public') || !!request.headers.authorization;
    if (authenticated || PRIVATE_PREFIXES.some((prefix) => request.url.startsWith(prefix)))
      reply.header('cache-control', 'no-store');
    done();
  });
}
