import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/app.ts';
import { signedInStaff, startTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/database.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';

const METRICS_TOKEN = 'scraper-secret-0123456789abcdef';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await startTestApp({ METRICS_TOKEN });
  const user = await createStaffUser(t.testDb.database.db, { role: 'admin' });
  admin = await signedInStaff(t.app, user.email, TEST_PASSWORD);
});
afterAll(async () => t.close());

/** The value of one sample line of the exposition text (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(' ')[0] ?? '';
    if (wanted.every((pair) => labelText.includes(pair))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

async function scrape(): Promise<string> {
  const res = await admin.get('/api/metrics');
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  return res.body;
}

const healthCount = (text: string) =>
  sample(text, 'portico_http_request_duration_seconds_count', {
    method: 'GET',
    route: '/api/health',
    status_code: '200',
  });

describe('GET /api/metrics', () => {
  it('counts requests by route pattern, never by raw URL', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) await t.app.inject({ method: 'GET', url: '/api/health' });
    const id = randomUUID();
    expect((await admin.get(`/api/staff/organizations/${id}`)).statusCode).toBe(404);
    await t.app.inject({ method: 'GET', url: `/no/such/place/${id}` });

    const after = await scrape();
    expect(healthCount(after) - healthCount(before)).toBe(3);
    expect(
      sample(after, 'portico_http_request_duration_seconds_count', {
        route: '/api/staff/organizations/:id',
        status_code: '404',
      }),
    ).toBe(1);
    expect(
      sample(after, 'portico_http_request_duration_seconds_count', {
        route: '(unmatched)',
        status_code: '404',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(after).toContain('portico_http_request_duration_seconds_bucket{le="0.005"');
    expect(after).not.toContain(id);
    // Process metrics come along.
    expect(after).toContain('portico_process_cpu_user_seconds_total');
    expect(after).toContain('portico_nodejs_eventloop_lag_seconds');
  });

  it('counts failed sign-ins by side and reason', async () => {
    const before = await scrape();
    const wrong = { email: 'nobody@example.test', password: 'not the password at all' };
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/staff/session', payload: wrong })).statusCode,
    ).toBe(401);
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/portal/session', payload: wrong });
      expect(res.statusCode).toBe(401);
    }
    const after = await scrape();
    const failures = (text: string, side: string) =>
      sample(text, 'portico_sign_in_failures_total', { side, reason: 'rejected' });
    expect(failures(after, 'staff') - failures(before, 'staff')).toBe(1);
    expect(failures(after, 'portal') - failures(before, 'portal')).toBe(2);
  });

  it('reports the PostgreSQL pool (the embedded engine has none)', async () => {
    const text = await scrape();
    if (testEngine === 'postgres') {
      expect(sample(text, 'portico_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(text).toContain('portico_db_pool_idle_connections');
      expect(text).toContain('portico_db_pool_waiting_requests 0');
    } else {
      expect(text).not.toContain('portico_db_pool_connections');
    }
  });

  it('is for administrators and the METRICS_TOKEN bearer only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/metrics' })).statusCode).toBe(401);
    const agentUser = await createStaffUser(t.testDb.database.db, { role: 'agent' });
    const agent = await signedInStaff(t.app, agentUser.email, TEST_PASSWORD);
    expect((await agent.get('/api/metrics')).statusCode).toBe(403);

    const scraper = (token: string) =>
      t.app.inject({ method: 'GET', url: '/api/metrics', headers: { authorization: `Bearer ${token}` } });
    const ok = await scraper(METRICS_TOKEN);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('portico_http_request_duration_seconds');
    expect((await scraper(`${METRICS_TOKEN}x`)).statusCode).toBe(401);
  });

  it('has no token access unless METRICS_TOKEN is set', async () => {
    const other = await startTestApp({}, { testDb: t.testDb });
    try {
      const res = await other.app.inject({
        method: 'GET',
        url: '/api/metrics',
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(res.statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});
