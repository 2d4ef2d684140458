import { createHash, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, expectUnchanged, expectUnknownField, rowCounts } from '../support/expect.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
let agentId: string;
let adminId: string;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  const a = await createStaffUser(db(), { role: 'admin' });
  const g = await createStaffUser(db(), { role: 'agent' });
  agentId = g.id;
  adminId = a.id;
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, g.email, TEST_PASSWORD);
});
afterAll(async () => t.close());

async function snapshot() {
  const tokens = await db().selectFrom('api_tokens').selectAll().orderBy('id').execute();
  // last_used_at moves with every bearer request; the rest must not.
  return {
    tokens: tokens.map((r) => ({ ...r, last_used_at: null })),
    ...(await rowCounts(db(), ['audit_log'])),
  };
}

const expectNothingWritten = (request: () => Promise<LightMyRequestResponse>) =>
  expectUnchanged(snapshot, request);

const bearerClient = (token: string) => {
  const client = new TestClient(t.app);
  client.bearer = token;
  return client;
};

async function createToken(client: TestClient, body: Record<string, unknown> = { name: 'ci' }) {
  const res = await client.post('/api/staff/api-tokens', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; prefix: string; token: string; expiresAt: string | null };
}

describe('api tokens', () => {
  it('answers 401 without a session on every route', async () => {
    const anon = new TestClient(t.app);
    expectError(await anon.get('/api/staff/api-tokens'), 401, 'unauthenticated');
    expectError(await anon.post('/api/staff/api-tokens', { name: 'x' }), 401, 'unauthenticated');
    expectError(await anon.delete(`/api/staff/api-tokens/${randomUUID()}`), 401, 'unauthenticated');
    expectError(await bearerClient('ptk_made_up').get('/api/staff/api-tokens'), 401, 'unauthenticated');
  });

  it('creates a token shown once, stores only its digest, and authenticates with it', async () => {
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await createToken(agent, { name: 'Deploy bot', expiresAt });
    expect(created.token).toMatch(/^ptk_[\w-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));
    expect(created.expiresAt).toBe(expiresAt);
    const row = await db()
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const me = await bearerClient(created.token).get('/api/staff/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().id).toBe(agentId);
    const list = await agent.get('/api/staff/api-tokens');
    const listed = list.json().items.find((i: { id: string }) => i.id === created.id);
    expect(listed).toMatchObject({ name: 'Deploy bot', prefix: created.prefix, revokedAt: null });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(list.body).not.toContain(created.token);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', created.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it('needs no CSRF header for writes made with a bearer token', async () => {
    const { token } = await createToken(agent, { name: 'ci', scopes: ['contacts'] });
    const res = await bearerClient(token).post('/api/staff/organizations', { name: 'Via token' });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('lists one’s own tokens; administrators may list someone else’s', async () => {
    const mine = await createToken(admin, { name: 'admin-only' });
    const agentItems = (await agent.get('/api/staff/api-tokens?limit=100')).json().items;
    expect(agentItems.map((i: { id: string }) => i.id)).not.toContain(mine.id);
    expect(agentItems.every((i: { staffUserId: string }) => i.staffUserId === agentId)).toBe(true);
    const forAgent = (await admin.get(`/api/staff/api-tokens?staffUserId=${agentId}&limit=100`)).json();
    expect(forAgent.items.map((i: { id: string }) => i.id)).toEqual(
      agentItems.map((i: { id: string }) => i.id),
    );
    expect((await agent.get(`/api/staff/api-tokens?staffUserId=${agentId}`)).statusCode).toBe(200);
    expectError(await agent.get(`/api/staff/api-tokens?staffUserId=${adminId}`), 403, 'forbidden');
    expectError(await agent.get('/api/staff/api-tokens?staffUserId=x'), 422, 'validation_failed');
    expectError(await agent.get('/api/staff/api-tokens?owner=me'), 422, 'validation_failed');
  });

  it('pages newest first without repeats', async () => {
    const u = await createStaffUser(db(), { role: 'agent' });
    const client = await signedInStaff(t.app, u.email, TEST_PASSWORD);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createToken(client, { name: `t${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await client.get(`/api/staff/api-tokens?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.json().items.map((i: { id: string }) => i.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    // UUIDv7 ids follow creation time (to the millisecond; ties break on the random bits).
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it('revokes a token at once; revoking again is harmless', async () => {
    const created = await createToken(agent);
    const bearer = bearerClient(created.token);
    expect((await bearer.get('/api/staff/me')).statusCode).toBe(200);
    expect((await agent.delete(`/api/staff/api-tokens/${created.id}`)).statusCode).toBe(204);
    expectError(await bearer.get('/api/staff/me'), 401, 'unauthenticated');
    expectError(await bearer.post('/api/staff/organizations', { name: 'x' }), 401, 'unauthenticated');
    const listed = (await agent.get('/api/staff/api-tokens?limit=100'))
      .json()
      .items.find((i: { id: string }) => i.id === created.id);
    expect(listed.revokedAt).not.toBeNull();
    const again = await expectNothingWritten(() => agent.delete(`/api/staff/api-tokens/${created.id}`));
    expect(again.statusCode).toBe(204);
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', created.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'revoke']);
  });

  it('a token may revoke itself', async () => {
    const created = await createToken(agent);
    const bearer = bearerClient(created.token);
    expect((await bearer.delete(`/api/staff/api-tokens/${created.id}`)).statusCode).toBe(204);
    expectError(await bearer.get('/api/staff/me'), 401, 'unauthenticated');
  });

  it('hides other people’s tokens from agents (404) but lets administrators revoke them', async () => {
    const adminToken = await createToken(admin);
    const res = await expectNothingWritten(() => agent.delete(`/api/staff/api-tokens/${adminToken.id}`));
    expectError(res, 404, 'not_found');
    expect((await bearerClient(adminToken.token).get('/api/staff/me')).statusCode).toBe(200);
    const agentToken = await createToken(agent);
    expect((await admin.delete(`/api/staff/api-tokens/${agentToken.id}`)).statusCode).toBe(204);
    expectError(await bearerClient(agentToken.token).get('/api/staff/me'), 401, 'unauthenticated');
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expectError(await admin.delete(`/api/staff/api-tokens/${randomUUID()}`), 404, 'not_found');
    expectError(await admin.delete('/api/staff/api-tokens/abc'), 404, 'not_found');
  });

  it('stops working once expired', async () => {
    const created = await createToken(agent, {
      name: 'short-lived',
      expiresAt: new Date(Date.now() + 60_000),
    });
    const bearer = bearerClient(created.token);
    expect((await bearer.get('/api/staff/me')).statusCode).toBe(200);
    await db()
      .updateTable('api_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('id', '=', created.id)
      .execute();
    expectError(await bearer.get('/api/staff/me'), 401, 'unauthenticated');
  });

  it('refuses malformed requests with 422 and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 5 }, 'body.name'],
      [{ name: '  ' }, 'body.name'],
      [{}, 'body.name'],
      [{ name: 'x', expiresAt: 'tomorrow' }, 'body.expiresAt'],
      [{ name: 'x', expiresAt: 1700000000 }, 'body.expiresAt'],
      [{ name: 'x', expiresAt: new Date(Date.now() - 1000).toISOString() }, 'body.expiresAt'],
    ];
    for (const [body, path] of cases) {
      const res = await expectNothingWritten(() => agent.post('/api/staff/api-tokens', body));
      expectError(res, 422, 'validation_failed', path);
    }
    const res = await expectNothingWritten(() =>
      agent.post('/api/staff/api-tokens', { name: 'x', token: 'ptk_chosen' }),
    );
    expectUnknownField(res, 'token');
  });

  it('creates a token that never expires when expiresAt is null', async () => {
    const created = await createToken(agent, { name: 'forever', expiresAt: null });
    expect(created.expiresAt).toBeNull();
  });
});
