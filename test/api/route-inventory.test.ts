import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import type { RoutePolicy } from '../../src/http/route-policy.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

// The only routes anyone may call without signing in.
const PUBLIC_ROUTES = new Set([
  // The web UI (src/http/web-ui.ts): the single-page app's index.html, its hashed assets, and / → /portal.
  'GET /',
  'GET /portal',
  'GET /portal/*',
  'GET /staff',
  'GET /staff/*',
  'GET /assets/*',
  'GET /api/health',
  'GET /api/health/ready',
  'GET /api/openapi.json',
  'POST /api/staff/session',
  'POST /api/portal/session',
  // The second step of a sign-in: the challenge the password step answered is the credential.
  'POST /api/staff/session/second-factor',
  'POST /api/portal/session/second-factor',
  'POST /api/staff/session/enrolment',
  'POST /api/staff/session/enrolment/confirm',
  // Inbound mail's webhook: its own bearer token (INBOUND_MAIL_TOKEN), 404 while unset.
  'POST /api/inbound/mail',
  'POST /api/portal/password-reset',
  'GET /api/portal/password-links/:token',
  'POST /api/portal/password-links/:token',
  // OIDC sign-in: the buttons of a sign-in page, the redirect to the provider and its callback
  // (whose credential is the provider's code for the state this browser was given).
  'GET /api/auth/oidc/providers',
  'GET /api/auth/oidc/:provider/start',
  'GET /api/auth/oidc/callback',
]);

function routes() {
  return t.app.routeInventory.flatMap((route) =>
    (Array.isArray(route.method) ? route.method : [route.method])
      .filter((m) => m !== 'HEAD')
      .map((method) => ({
        method: String(method),
        url: route.url,
        policy: (route.config as { policy?: RoutePolicy }).policy,
      })),
  );
}

describe('route inventory', () => {
  it('every route declares a policy, and the audience matches its path', () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(10);
    for (const r of all) {
      expect(r.policy, `${r.method} ${r.url}`).toBeDefined();
      if (r.url.startsWith('/api/docs')) continue;
      const key = `${r.method} ${r.url}`;
      if (PUBLIC_ROUTES.has(key)) {
        expect(r.policy?.audience, key).toBe('public');
      } else if (r.url.startsWith('/api/staff/')) {
        expect(r.policy?.audience, key).toBe('staff');
      } else if (r.url.startsWith('/api/portal/')) {
        expect(r.policy?.audience, key).toBe('portal');
      } else if (key === 'GET /api/metrics') {
        expect(r.policy, key).toEqual({ audience: 'staff', adminOnly: true });
      } else {
        throw new Error(`unexpected route outside /api/staff and /api/portal: ${key}`);
      }
    }
  });

  it('an app with an undeclared route refuses to start', async () => {
    const { default: Fastify } = await import('fastify');
    const { requireRoutePolicies } = await import('../../src/http/route-policy.ts');
    const app = Fastify();
    requireRoutePolicies(app, []);
    expect(() => app.get('/api/staff/oops', async () => 'x')).toThrow(/declares no policy/);
  });

  it('every non-public route answers 401 without a session, with the standard error body', async () => {
    for (const r of routes()) {
      const key = `${r.method} ${r.url}`;
      if (PUBLIC_ROUTES.has(key) || r.url.startsWith('/api/docs')) continue;
      const url = r.url.replace(/:(\w+)/g, () => randomUUID());
      const res = await t.app.inject({
        method: r.method as 'GET',
        url,
        payload: r.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, key).toBe(401);
      expect(res.json(), key).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    }
  });

  it('the OpenAPI document is 3.1 and lists the staff and portal APIs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/staff/organizations', '/api/staff/session', '/api/portal/me']),
    );
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });
});
