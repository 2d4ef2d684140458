// Issue 15 §4: a contact's personal API tokens for the portal API. A token acts as its contact
// through the same SQL scope as its session, only reads, and stops on the next request once the
// contact is disabled, loses account.api_tokens or portal access, or the token is revoked or expired.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, privilegeGroupId, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
type Contact = Awaited<ReturnType<typeof createContact>>;

const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const bearer = (token: string) => {
  const client = new TestClient(t.app);
  client.bearer = token;
  return client;
};

async function makeToken(session: TestClient, name = 'reports') {
  const res = await session.post('/api/portal/me/api-tokens', { name, expiresAt: inDays(30) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string; prefix: string; expiresAt: string };
}

async function ticketIds(client: TestClient, view: string) {
  const res = await client.get(`/api/portal/tickets?view=${view}&status=all&limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { id: string }[] }).items.map((i) => i.id).sort();
}

let ann: Contact; // Full: organization scope, holds account.api_tokens
let bob: Contact; // Full, same organization
let carl: Contact; // Full, another organization
let annSession: TestClient;
const tickets: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const orgA = (await createOrganization(db())).id;
  const orgB = (await createOrganization(db())).id;
  ann = await createContact(db(), { organizationId: orgA, privilegeGroup: 'full' });
  bob = await createContact(db(), { organizationId: orgA, privilegeGroup: 'full' });
  carl = await createContact(db(), { organizationId: orgB, privilegeGroup: 'full' });
  annSession = await signedInContact(t.app, ann.email, TEST_PASSWORD);
  for (const c of [ann, bob, carl]) {
    const session = c === ann ? annSession : await signedInContact(t.app, c.email, TEST_PASSWORD);
    const res = await session.post('/api/portal/tickets', { subject: `Printer of ${c.name}` });
    expect(res.statusCode, res.body).toBe(201);
    tickets[c.id] = (res.json() as { id: string }).id;
  }
});
afterAll(async () => t.close());

describe('personal API tokens: making them', () => {
  it('shows the token once, keeps only its digest, lists and audits it', async () => {
    const made = await makeToken(annSession);
    expect(made.token).toMatch(/^ptk_/);
    const row = await db()
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ contact_id: ann.id, staff_user_id: null, scopes: ['read'] });
    expect(JSON.stringify(row)).not.toContain(made.token);
    const list = (await annSession.get('/api/portal/me/api-tokens')).json() as { items: object[] };
    expect(list.items[0]).toMatchObject({ id: made.id, prefix: made.prefix, revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(made.token);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', made.id)
      .where('action', '=', 'create')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_type: 'contact', actor_id: ann.id, entity_type: 'api_token' });
    expect(JSON.stringify(audit)).not.toContain(made.token);
  });

  it('refuses a missing, past or too distant expiry (422), and a contact without the privilege (403)', async () => {
    const count = async () =>
      (
        await db()
          .selectFrom('api_tokens')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const post = (body: Record<string, unknown>) => annSession.post('/api/portal/me/api-tokens', body);
    expectError(await post({ name: 'x' }), 422, 'validation_failed', 'body.expiresAt');
    expectError(await post({ name: 'x', expiresAt: inDays(-1) }), 422, 'validation_failed', 'body.expiresAt');
    expectError(
      await post({ name: 'x', expiresAt: inDays(400) }),
      422,
      'validation_failed',
      'body.expiresAt',
    );
    const limited = await createContact(db(), { privilegeGroup: 'limited' });
    const session = await signedInContact(t.app, limited.email, TEST_PASSWORD);
    expectError(await session.post('/api/portal/me/api-tokens', { name: 'x', expiresAt: inDays(1) }), 403);
    expect(await count()).toBe(before);
  });

  it('asks for the password again after the step-up window', async () => {
    const dora = await createContact(db(), { privilegeGroup: 'full' });
    const session = await signedInContact(t.app, dora.email, TEST_PASSWORD);
    await db()
      .updateTable('sessions')
      .set({ reauthenticated_at: sql<Date>`now() - interval '6 minutes'` })
      .where('contact_id', '=', dora.id)
      .execute();
    const body = { name: 'x', expiresAt: inDays(1) };
    expectError(await session.post('/api/portal/me/api-tokens', body), 403, 'step_up_required');
    expect((await session.get('/api/portal/session/step-up')).json()).toEqual({ until: null });
    expect((await session.post('/api/portal/session/step-up', { password: TEST_PASSWORD })).statusCode).toBe(
      204,
    );
    expect((await session.get('/api/portal/session/step-up')).json().until).not.toBeNull();
    expect((await session.post('/api/portal/me/api-tokens', body)).statusCode).toBe(201);
  });

  it('caps the tokens that still work at 10 (409); a revoked one frees its place', async () => {
    const eve = await createContact(db(), { privilegeGroup: 'full' });
    const session = await signedInContact(t.app, eve.email, TEST_PASSWORD);
    const made = [];
    for (let i = 0; i < 10; i++) made.push(await makeToken(session, `t${i}`));
    expectError(
      await session.post('/api/portal/me/api-tokens', { name: 'one more', expiresAt: inDays(1) }),
      409,
    );
    expect((await session.delete(`/api/portal/me/api-tokens/${made[0]!.id}`)).statusCode).toBe(204);
    await makeToken(session, 'in its place');
  });
});

describe('personal API tokens: using them', () => {
  it('reads exactly what the session reads, list by list', async () => {
    const { token } = await makeToken(annSession);
    for (const view of ['mine', 'organization', 'all'])
      expect(await ticketIds(bearer(token), view)).toEqual(await ticketIds(annSession, view));
    expect(await ticketIds(bearer(token), 'organization')).toEqual([tickets[ann.id], tickets[bob.id]].sort());
    const read = await bearer(token).get(`/api/portal/tickets/${tickets[bob.id]}`);
    expect(read.statusCode, read.body).toBe(200);
    // /me says what the token may do: every read, no write.
    const me = (await bearer(token).get('/api/portal/me')).json() as { privileges: string[] };
    expect(me.privileges).toContain('tickets.view');
    expect(me.privileges).not.toContain('tickets.create');
  });

  it("never reaches another contact's tickets outside the scope (404), nor staff routes (401)", async () => {
    const carlSession = await signedInContact(t.app, carl.email, TEST_PASSWORD);
    const { token } = await makeToken(carlSession);
    expectError(await bearer(token).get(`/api/portal/tickets/${tickets[ann.id]}`), 404);
    expect(await ticketIds(bearer(token), 'all')).toEqual([tickets[carl.id]]);
    expectError(await bearer(token).get('/api/staff/tickets'), 401, 'unauthenticated');
    expectError(await bearer(token).get('/api/staff/api-tokens'), 401, 'unauthenticated');
    // Nor someone else's token in the list or to revoke.
    const annToken = await makeToken(annSession);
    expectError(await carlSession.delete(`/api/portal/me/api-tokens/${annToken.id}`), 404);
    const carlList = (await carlSession.get('/api/portal/me/api-tokens')).json() as {
      items: { id: string }[];
    };
    expect(carlList.items.map((i) => i.id)).not.toContain(annToken.id);
  });

  it('only reads: every write is 403 and changes nothing', async () => {
    const { token } = await makeToken(annSession);
    const client = bearer(token);
    const count = async () =>
      (
        await db()
          .selectFrom('tickets')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    expectError(await client.post('/api/portal/tickets', { subject: 'From a script' }), 403, 'forbidden');
    expectError(
      await client.post(`/api/portal/tickets/${tickets[ann.id]}/comments`, { body: 'hello' }),
      403,
      'forbidden',
    );
    expectError(await client.post('/api/portal/me/api-tokens', { name: 'x', expiresAt: inDays(1) }), 403);
    expectError(await client.delete('/api/portal/session'), 403, 'forbidden');
    expect(await count()).toBe(before);
    expect((await client.get('/api/portal/me')).statusCode).toBe(200);
  });

  it('stops on the next request once revoked or expired (401)', async () => {
    const revoked = await makeToken(annSession);
    expect((await bearer(revoked.token).get('/api/portal/me')).statusCode).toBe(200);
    expect((await annSession.delete(`/api/portal/me/api-tokens/${revoked.id}`)).statusCode).toBe(204);
    expectError(await bearer(revoked.token).get('/api/portal/me'), 401, 'unauthenticated');
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', revoked.id)
      .where('action', '=', 'revoke')
      .execute();
    expect(audit).toHaveLength(1);

    const expired = await makeToken(annSession);
    await db()
      .updateTable('api_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('id', '=', expired.id)
      .execute();
    expectError(await bearer(expired.token).get('/api/portal/me'), 401, 'unauthenticated');
  });

  it('stops once the contact loses the privilege, portal access, or is disabled (401), and works again after', async () => {
    const fay = await createContact(db(), { privilegeGroup: 'full' });
    const session = await signedInContact(t.app, fay.email, TEST_PASSWORD);
    const { token } = await makeToken(session);
    const me = () => bearer(token).get('/api/portal/me');
    expect((await me()).statusCode).toBe(200);
    const setGroup = async (name: 'limited' | 'full' | 'no_portal_access') =>
      db()
        .updateTable('contacts')
        .set({ privilege_group_id: await privilegeGroupId(db(), name) })
        .where('id', '=', fay.id)
        .execute();
    // Limited has portal access but not account.api_tokens; the session goes on, the token stops.
    await setGroup('limited');
    expectError(await me(), 401, 'unauthenticated');
    expect((await session.get('/api/portal/me')).statusCode).toBe(200);
    await setGroup('full');
    expect((await me()).statusCode).toBe(200);
    await setGroup('no_portal_access');
    expectError(await me(), 401, 'unauthenticated');
    await setGroup('full');
    await db().updateTable('contacts').set({ disabled: true }).where('id', '=', fay.id).execute();
    expectError(await me(), 401, 'unauthenticated');
  });

  it('401 for a made-up token', async () => {
    expectError(await bearer('ptk_made_up').get('/api/portal/me'), 401, 'unauthenticated');
    expectError(await bearer(`ptk_${randomUUID()}`).get('/api/portal/tickets'), 401, 'unauthenticated');
  });
});

describe('STEP_UP_SECONDS', () => {
  it('sets the window', async () => {
    const short = await startTestApp({ STEP_UP_SECONDS: '1' }, { testDb: t.testDb });
    try {
      const gus = await createContact(db(), { privilegeGroup: 'full' });
      const session = await signedInContact(short.app, gus.email, TEST_PASSWORD);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expectError(
        await session.post('/api/portal/me/api-tokens', { name: 'x', expiresAt: inDays(1) }),
        403,
        'step_up_required',
      );
    } finally {
      await short.app.close();
    }
  });
});
