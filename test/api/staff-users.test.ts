import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, expectUnchanged, expectUnknownField, rowCounts } from '../support/expect.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
let adminId: string;
let agentId: string;
const db = () => t.testDb.database.db;
const NEW_PASSWORD = 'another long passphrase 9';

beforeAll(async () => {
  t = await startTestApp();
  const a = await createStaffUser(db(), { role: 'admin', name: 'Ada Admin' });
  const g = await createStaffUser(db(), { role: 'agent', name: 'Gus Agent' });
  adminId = a.id;
  agentId = g.id;
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, g.email, TEST_PASSWORD);
});
afterAll(async () => t.close());

async function snapshot() {
  const staff = await db().selectFrom('staff_users').selectAll().orderBy('id').execute();
  return { staff, ...(await rowCounts(db(), ['audit_log', 'sessions'])) };
}

const expectNothingWritten = (request: () => Promise<LightMyRequestResponse>) =>
  expectUnchanged(snapshot, request);

const newUser = (extra: Record<string, unknown> = {}) => ({
  name: `Staff ${randomUUID().slice(0, 8)}`,
  email: `s-${randomUUID().slice(0, 8)}@example.test`,
  role: 'agent',
  ...extra,
});

const staffSessions = async (id: string) =>
  db().selectFrom('sessions').select('id').where('staff_user_id', '=', id).execute();

describe('staff users: access', () => {
  it('answers 401 without a session on every route', async () => {
    const anon = new TestClient(t.app);
    const id = randomUUID();
    for (const res of [
      await anon.get('/api/staff/staff-users'),
      await anon.get(`/api/staff/staff-users/${id}`),
      await anon.post('/api/staff/staff-users', newUser()),
      await anon.patch(`/api/staff/staff-users/${id}`, { name: 'x' }),
      await anon.delete(`/api/staff/staff-users/${id}`),
      await anon.put(`/api/staff/staff-users/${id}/password`, { password: NEW_PASSWORD }),
      await anon.put('/api/staff/me/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
    ])
      expectError(res, 401, 'unauthenticated');
  });

  it('lets agents read but answers 403 to their writes, writing nothing', async () => {
    expect((await agent.get('/api/staff/staff-users')).statusCode).toBe(200);
    expect((await agent.get(`/api/staff/staff-users/${adminId}`)).statusCode).toBe(200);
    const requests = [
      () => agent.post('/api/staff/staff-users', newUser({ role: 'admin' })),
      () => agent.patch(`/api/staff/staff-users/${agentId}`, { role: 'admin' }),
      () => agent.delete(`/api/staff/staff-users/${adminId}`),
      () => agent.put(`/api/staff/staff-users/${adminId}/password`, { password: NEW_PASSWORD }),
    ];
    for (const request of requests) expectError(await expectNothingWritten(request), 403, 'forbidden');
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of [randomUUID(), 'nope']) {
      expectError(await admin.get(`/api/staff/staff-users/${id}`), 404, 'not_found');
      expectError(await admin.patch(`/api/staff/staff-users/${id}`, { name: 'x' }), 404, 'not_found');
      expectError(await admin.delete(`/api/staff/staff-users/${id}`), 404, 'not_found');
      expectError(
        await admin.put(`/api/staff/staff-users/${id}/password`, { password: NEW_PASSWORD }),
        404,
        'not_found',
      );
    }
  });
});

describe('staff users: create, read, list', () => {
  it('creates a user with a password who can then sign in; no hash leaves the server', async () => {
    const body = newUser({ canImpersonate: true, password: NEW_PASSWORD });
    const res = await admin.post('/api/staff/staff-users', body);
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json();
    expect(out).toMatchObject({ name: body.name, email: body.email, role: 'agent', canImpersonate: true });
    expect(out).toMatchObject({ disabled: false, hasPassword: true });
    expect(res.body).not.toMatch(/argon2|password_hash|passwordHash/);
    await signedInStaff(t.app, body.email, NEW_PASSWORD);
    expect((await agent.get(`/api/staff/staff-users/${out.id}`)).json()).toEqual(out);
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_id', '=', out.id).execute();
    expect(audit.map((a) => a.action)).toContain('create');
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('creates a user without a password', async () => {
    const res = await admin.post('/api/staff/staff-users', newUser());
    expect(res.json().hasPassword).toBe(false);
  });

  it('refuses duplicate e-mails (409), weak passwords and malformed bodies (422), writing nothing', async () => {
    const taken = await createStaffUser(db(), { email: 'Taken@Example.test' });
    expectError(
      await expectNothingWritten(() =>
        admin.post('/api/staff/staff-users', newUser({ email: taken.email.toLowerCase() })),
      ),
      409,
      'conflict',
    );
    const cases: Array<[Record<string, unknown>, string]> = [
      [newUser({ password: 'short' }), 'body.password'],
      [newUser({ email: 'sam.sample@example.test', password: 'sam.sample-password' }), 'body.password'],
      [newUser({ role: 'root' }), 'body.role'],
      [newUser({ canImpersonate: 'yes' }), 'body.canImpersonate'],
      [{ name: 'No e-mail', role: 'agent' }, 'body.email'],
    ];
    for (const [body, path] of cases) {
      const res = await expectNothingWritten(() => admin.post('/api/staff/staff-users', body));
      expectError(res, 422, 'validation_failed', path);
    }
    const res = await expectNothingWritten(() =>
      admin.post('/api/staff/staff-users', newUser({ passwordHash: 'x' })),
    );
    expectUnknownField(res, 'passwordHash');
  });

  it('lists in e-mail order over keyset pages, with filters', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await agent.get(`/api/staff/staff-users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((u: { email: string }) => u.email.toLowerCase()));
      cursor = res.json().nextCursor;
    } while (cursor);
    const all = await db()
      .selectFrom('staff_users')
      .select('email')
      .orderBy(sql`lower(email)`)
      .orderBy('id')
      .execute();
    expect(seen).toEqual(all.map((u) => u.email.toLowerCase()));
    expect(new Set(seen).size).toBe(all.length);
    const admins = (await admin.get('/api/staff/staff-users?role=admin&limit=100')).json().items;
    expect(admins.every((u: { role: string }) => u.role === 'admin')).toBe(true);
    const found = (await admin.get('/api/staff/staff-users?q=gus%20ag')).json().items;
    expect(found.map((u: { id: string }) => u.id)).toEqual([agentId]);
    expectError(await admin.get('/api/staff/staff-users?role=boss'), 422, 'validation_failed');
    expectError(await admin.get('/api/staff/staff-users?page=2'), 422, 'validation_failed');
  });
});

describe('staff users: update, disable, delete', () => {
  it('updates fields and refuses clashes and malformed bodies', async () => {
    const u = await createStaffUser(db(), { role: 'agent' });
    const other = await createStaffUser(db(), { role: 'agent' });
    const url = `/api/staff/staff-users/${u.id}`;
    const res = await admin.patch(url, { name: 'Renamed', role: 'admin', canImpersonate: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Renamed', role: 'admin', canImpersonate: true });
    expectError(
      await expectNothingWritten(() => admin.patch(url, { email: other.email.toUpperCase() })),
      409,
      'conflict',
    );
    expectUnknownField(
      await expectNothingWritten(() => admin.patch(url, { password: NEW_PASSWORD })),
      'password',
    );
    expectError(
      await expectNothingWritten(() => admin.patch(url, { disabled: 'true' })),
      422,
      'validation_failed',
      'body.disabled',
    );
  });

  it('signs a disabled user out at once and stops its API tokens', async () => {
    const u = await createStaffUser(db(), { role: 'agent' });
    const client = await signedInStaff(t.app, u.email, TEST_PASSWORD);
    const token = (await client.post('/api/staff/api-tokens', { name: 'ci' })).json().token;
    const bearer = new TestClient(t.app);
    bearer.bearer = token;
    expect((await bearer.get('/api/staff/me')).statusCode).toBe(200);
    const res = await admin.patch(`/api/staff/staff-users/${u.id}`, { disabled: true });
    expect(res.json().disabled).toBe(true);
    expect(await staffSessions(u.id)).toEqual([]);
    expectError(await client.get('/api/staff/me'), 401, 'unauthenticated');
    expectError(await bearer.get('/api/staff/me'), 401, 'unauthenticated');
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/staff/session',
        payload: { email: u.email, password: TEST_PASSWORD },
      }),
      401,
      'unauthenticated',
    );
  });

  it('deletes a user and its sessions', async () => {
    const u = await createStaffUser(db(), { role: 'admin' });
    await signedInStaff(t.app, u.email, TEST_PASSWORD);
    expect((await admin.delete(`/api/staff/staff-users/${u.id}`)).statusCode).toBe(204);
    expect(await staffSessions(u.id)).toEqual([]);
    expectError(await admin.get(`/api/staff/staff-users/${u.id}`), 404, 'not_found');
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', u.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['sign_in', 'delete']);
  });
});

describe('staff users: passwords', () => {
  it('lets an administrator set a password, which signs the user out', async () => {
    const u = await createStaffUser(db(), { role: 'agent', email: 'petra.pan@example.test' });
    const client = await signedInStaff(t.app, u.email, TEST_PASSWORD);
    const url = `/api/staff/staff-users/${u.id}/password`;
    for (const password of ['short', 'petra.pan is great']) {
      const res = await expectNothingWritten(() => admin.put(url, { password }));
      expectError(res, 422, 'validation_failed', 'body.password');
    }
    expectUnknownField(await admin.put(url, { password: NEW_PASSWORD, x: 1 }), 'x');
    expect((await admin.put(url, { password: NEW_PASSWORD })).statusCode).toBe(204);
    expectError(await client.get('/api/staff/me'), 401, 'unauthenticated');
    await signedInStaff(t.app, u.email, NEW_PASSWORD);
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_id', '=', u.id).execute();
    expect(audit.map((a) => a.action)).toContain('password_set');
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('changes one’s own password, keeping this session and ending the others', async () => {
    const u = await createStaffUser(db(), { role: 'agent', email: 'olga.own@example.test' });
    const here = await signedInStaff(t.app, u.email, TEST_PASSWORD);
    const elsewhere = await signedInStaff(t.app, u.email, TEST_PASSWORD);
    const url = '/api/staff/me/password';
    let res = await expectNothingWritten(() =>
      here.put(url, { currentPassword: 'wrong password!', newPassword: NEW_PASSWORD }),
    );
    expectError(res, 422, 'validation_failed', 'body.currentPassword');
    res = await expectNothingWritten(() =>
      here.put(url, { currentPassword: TEST_PASSWORD, newPassword: 'olga.own forever' }),
    );
    expectError(res, 422, 'validation_failed', 'body.newPassword');
    res = await here.put(url, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, x: 1 });
    expectUnknownField(res, 'x');
    res = await here.put(url, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(204);
    expect((await here.get('/api/staff/me')).statusCode).toBe(200);
    expectError(await elsewhere.get('/api/staff/me'), 401, 'unauthenticated');
    await signedInStaff(t.app, u.email, NEW_PASSWORD);
    await expect(signedInStaff(t.app, u.email, TEST_PASSWORD)).rejects.toThrow(/401/);
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_id', '=', u.id).execute();
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });
});

// Runs last: it disables every other administrator.
describe('staff users: the last enabled administrator', () => {
  it('cannot be demoted, disabled or deleted', async () => {
    await db()
      .updateTable('staff_users')
      .set({ disabled: true })
      .where('role', '=', 'admin')
      .where('id', '<>', adminId)
      .execute();
    const url = `/api/staff/staff-users/${adminId}`;
    for (const request of [
      () => admin.patch(url, { role: 'agent' }),
      () => admin.patch(url, { disabled: true }),
      () => admin.delete(url),
    ]) {
      const res = await expectNothingWritten(request);
      expectError(res, 409, 'conflict');
      expect(res.json().error.message).toMatch(/last enabled administrator/);
    }
    // Renaming is fine, and so is disabling an administrator while another one remains.
    expect((await admin.patch(url, { name: 'Still Admin' })).statusCode).toBe(200);
    const second = (await admin.post('/api/staff/staff-users', newUser({ role: 'admin' }))).json();
    expect((await admin.patch(`/api/staff/staff-users/${second.id}`, { disabled: true })).statusCode).toBe(
      200,
    );
  });

  it('survives two concurrent demotions: one administrator always remains', async () => {
    const b = await createStaffUser(db(), { role: 'admin' });
    await db()
      .updateTable('staff_users')
      .set({ disabled: true })
      .where('role', '=', 'admin')
      .where('id', 'not in', [adminId, b.id])
      .execute();
    const [r1, r2] = await Promise.all([
      admin.patch(`/api/staff/staff-users/${b.id}`, { role: 'agent' }),
      admin.patch(`/api/staff/staff-users/${adminId}`, { role: 'agent' }),
    ]);
    expect([r1.statusCode, r2.statusCode]).toContain(200);
    const left = await db()
      .selectFrom('staff_users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled', '=', false)
      .execute();
    expect(left).toHaveLength(1);
  });
});
