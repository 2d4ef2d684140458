import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { PUBLIC } from './route-policy.ts';

/** Where `vite build` (vite.config.ts) writes the web UI: one build for /portal and /staff. */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const HIDDEN = { hide: true };

// The pages load only their own scripts and styles and talk only to this server.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portico</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Portico</h1><p>The web interface has not been built. Run <code>npm run build:web</code> (or
<code>npm install</code>) and restart the server. The <a href="/api/docs">API</a> is running.</p></body></html>`;

export type WebUiOptions = {
  /** The built UI; dist/web by default (tests point it elsewhere). */
  root?: string;
};

/**
 * Serves the single-page web UI: `/portal/*` and `/staff/*` answer with index.html (the client
 * router picks the page), `/assets/*` are Vite's content-hashed files (cached for a year), and `/`
 * sends people to the portal. Every path under /portal and /staff is the page, never a file, so
 * nothing beside the build's own files can be reached.
 */
export default async function webUi(app: FastifyInstance, options: WebUiOptions): Promise<void> {
  const root = options.root ?? WEB_ROOT;
  const built = existsSync(join(root, 'index.html'));
  if (built) await app.register(fastifyStatic, { root, serve: false });
  else app.log.warn(`web UI not built (${root} has no index.html): run \`npm run build:web\``);

  const sendPage = (reply: FastifyReply) => {
    reply.header('cache-control', 'no-cache');
    if (!built) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    return reply.sendFile('index.html', { cacheControl: false });
  };

  app.get('/', { config: PUBLIC, schema: HIDDEN }, async (_request, reply) => reply.redirect('/portal'));

  for (const url of ['/portal', '/portal/*', '/staff', '/staff/*']) {
    app.get(url, { config: PUBLIC, schema: HIDDEN }, async (_request, reply) => sendPage(reply));
  }

  app.get<{ Params: { '*': string } }>(
    '/assets/*',
    { config: PUBLIC, schema: HIDDEN },
    async (request, reply) => {
      if (!built) return reply.callNotFound();
      // Content-hashed names: a changed file gets a new name, so the old one may be cached for ever.
      return reply.sendFile(join('assets', request.params['*']), { maxAge: '365d', immutable: true });
    },
  );
}
