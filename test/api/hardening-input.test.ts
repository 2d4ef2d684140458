// Issue 16: a NUL byte in any text is a 422 naming the field (PostgreSQL cannot store it, and
// answered 500), and authenticated answers are never stored by a cache.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, expectUnchanged, tableRows } from '../support/expect.ts';
import webUi from '../../src/http/web-ui.ts';
import { registerAuthentication } from '../../src/http/authenticate.ts';

let t: TestApp;
let staff: TestClient;
let portal: TestClient;
let token: string;
let ticketId: string;
const db = () => t.testDb.database.db;

const WRITTEN = ['tickets', 'ticket_comments', 'ticket_events', 'organizations', 'audit_log'] as const;
const unchanged = <T>(request: () => Promise<T>) => expectUnchanged(() => tableRows(db(), WRITTEN), request);

beforeAll(async () => {
  t = await startTestApp();
  const admin = await createStaffUser(db(), { role: 'admin' });
  staff = await signedInStaff(t.app, admin.email, TEST_PASSWORD);
  const organization = await createOrganization(db());
  const contact = await createContact(db(), { organizationId: organization.id, privilegeGroup: 'full' });
  portal = await signedInContact(t.app, contact.email, TEST_PASSWORD);
  const created = await portal.post('/api/portal/tickets', { subject: 'Printer', description: 'Jammed.' });
  expect(created.statusCode, created.body).toBe(201);
  ticketId = created.json().id;
  const tokenRes = await staff.post('/api/staff/api-tokens', { name: 'hardening' });
  expect(tokenRes.statusCode, tokenRes.body).toBe(201);
  token = tokenRes.json().token;
});
afterAll(() => t.close());

describe('a NUL byte in text', () => {
  it('is refused with 422 naming the field, on staff and portal routes, writing nothing', async () => {
    const cases: Array<[() => Promise<LightMyRequestResponse>, string]> = [
      [() => staff.get('/api/staff/tickets?q=%00'), 'querystring.q'],
      [() => staff.get('/api/staff/contacts?q=a%00b'), 'querystring.q'],
      [() => portal.get('/api/portal/tickets?q=%00'), 'querystring.q'],
      [() => portal.get('/api/portal/kb-articles?q=%00'), 'querystring.q'],
      [() => staff.post('/api/staff/organizations', { name: 'Acme\u0000' }), 'body.name'],
      [
        () => staff.post(`/api/staff/tickets/${ticketId}/comments`, { body: 'hi\u0000there', public: true }),
        'body.body',
      ],
      [() => portal.post(`/api/portal/tickets/${ticketId}/comments`, { body: '\u0000' }), 'body.body'],
      [
        () => portal.post('/api/portal/tickets', { subject: 'ok', description: 'x\u0000' }),
        'body.description',
      ],
    ];
    for (const [request, path] of cases) {
      const res = await unchanged(request);
      expect(`${res.statusCode} ${res.json().error.code}`, `${path}: ${res.body}`).toBe(
        '422 validation_failed',
      );
      expectError(res, 422, 'validation_failed', path);
    }
  });

  it('is found inside nested objects, with the full path', async () => {
    const organization = await createOrganization(db());
    const res = await expectUnchanged(
      () => tableRows(db(), ['contacts']),
      () =>
        staff.post('/api/staff/contacts', {
          name: 'Nul Nested',
          email: 'nul.nested@example.test',
          organizationId: organization.id,
          attributes: { room: 'B\u00002' },
        }),
    );
    expectError(res, 422, 'validation_failed', 'body.attributes.room');
  });

  it('leaves ordinary text alone', async () => {
    const res = await portal.post(`/api/portal/tickets/${ticketId}/comments`, {
      body: 'Thanks \u00e9\u2603',
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('Cache-Control on authenticated answers', () => {
  it('is no-store for staff, portal and API-token answers, errors included', async () => {
    const bearer = new TestClient(t.app);
    bearer.bearer = token;
    const answers = [
      await staff.get('/api/staff/me'),
      await staff.get('/api/staff/tickets'),
      await staff.get(`/api/staff/tickets/01900000-0000-7000-8000-000000000000`),
      await staff.post('/api/staff/organizations', {}),
      await portal.get('/api/portal/tickets'),
      await portal.get(`/api/portal/tickets/${ticketId}`),
      await portal.get('/api/portal/tickets/01900000-0000-7000-8000-000000000000'),
      await bearer.get('/api/staff/tickets'),
      await bearer.get('/api/staff/nope'),
      await new TestClient(t.app).get('/api/staff/tickets'),
      await new TestClient(t.app).get('/api/portal/tickets'),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 404, 422, 200, 200, 404, 200, 404, 401, 401]);
    for (const res of answers) expect(res.headers['cache-control'], res.body).toBe('no-store');
  });

  it('is no-store on sign-in, whose answer carries the session', async () => {
    const contact = await createContact(db(), { privilegeGroup: 'full' });
    const res = await new TestClient(t.app).post('/api/portal/session', {
      email: contact.email,
      password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('leaves the caching of public static assets and pages as it was', async () => {
    const root = await mkdtemp(join(tmpdir(), 'portico-web-'));
    try {
      await mkdir(join(root, 'assets'));
      await writeFile(join(root, 'index.html'), '<!doctype html><title>x</title>');
      await writeFile(join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
      // The real app's hook, on a bare server with a built UI (this checkout has none).
      const app = Fastify();
      registerAuthentication(app, db(), t.config);
      await app.register(webUi, { root });
      await app.ready();
      const asset = await app.inject({ url: '/assets/app-abc123.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const page = await app.inject({ url: '/portal/tickets' });
      expect(page.headers['cache-control']).toBe('no-cache');
      await app.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
    const openapi = await t.app.inject({ url: '/api/openapi.json' });
    expect(openapi.headers['cache-control']).toBeUndefined();
  });
});
