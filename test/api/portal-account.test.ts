// The contact's own account: changing its password (throttled, other sessions end) and its sessions.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
type Contact = Awaited<ReturnType<typeof createContact>>;

const NEW_PASSWORD = 'a much better passphrase 42';
const signIn = (c: { email: string }, password = TEST_PASSWORD) => signedInContact(t.app, c.email, password);

async function trySignIn(email: string, password: string) {
  return new TestClient(t.app).post('/api/portal/session', { email, password });
}

/** What a refused change must leave alone. */
async function accountState(contact: Contact) {
  const row = await db()
    .selectFrom('contacts')
    .select('password_hash')
    .where('id', '=', contact.id)
    .executeTakeFirstOrThrow();
  const sessions = await db()
    .selectFrom('sessions')
    .select('id')
    .where('contact_id', '=', contact.id)
    .orderBy('id')
    .execute();
  const audit = await db()
    .selectFrom('audit_log')
    .select('id')
    .where('entity_id', '=', contact.id)
    .where('action', '=', 'password_changed')
    .execute();
  return { hash: row.password_hash, sessions: sessions.map((s) => s.id), audit: audit.length };
}

function expectIssue(
  res: { statusCode: number; body: string; json(): unknown },
  status: number,
  path: string,
) {
  expect(res.statusCode, res.body).toBe(status);
  const issues = (res.json() as { error: { issues: Array<{ path: string }> } }).error.issues;
  expect(issues.map((i) => i.path)).toContain(path);
}

let org: string;
beforeAll(async () => {
  t = await startTestApp();
  org = (await createOrganization(db())).id;
});
afterAll(async () => t.close());

describe('PUT /api/portal/me/password', () => {
  it('changes the password, keeps this session and ends every other one', async () => {
    const amy = await createContact(db(), { organizationId: org, privilegeGroup: 'limited' });
    const here = await signIn(amy);
    const elsewhere = await signIn(amy);
    const res = await here.put('/api/portal/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await here.get('/api/portal/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/portal/me')).statusCode).toBe(401);
    expect((await trySignIn(amy.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await trySignIn(amy.email, NEW_PASSWORD)).statusCode).toBe(200);
    const hash = (await accountState(amy)).hash!;
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', amy.id)
      .where('action', '=', 'password_changed')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_type: 'contact', actor_id: amy.id, entity_type: 'contact' });
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  });

  it('refuses a wrong current password (422) and a weak or unchanged new one, changing nothing', async () => {
    const ben = await createContact(db(), {
      organizationId: org,
      name: 'Benjamin Stone',
      privilegeGroup: 'partial',
    });
    const client = await signIn(ben);
    await signIn(ben);
    const before = await accountState(ben);
    const put = (body: Record<string, unknown>) => client.put('/api/portal/me/password', body);
    expectIssue(
      await put({ currentPassword: 'not it at all', newPassword: NEW_PASSWORD }),
      422,
      'body.currentPassword',
    );
    expectIssue(await put({ currentPassword: TEST_PASSWORD, newPassword: 'short' }), 422, 'body.newPassword');
    expectIssue(
      await put({ currentPassword: TEST_PASSWORD, newPassword: 'aaaaaaaaaaaaaaaa' }),
      422,
      'body.newPassword',
    );
    expectIssue(
      await put({ currentPassword: TEST_PASSWORD, newPassword: `${ben.email.split('@')[0]}-forever` }),
      422,
      'body.newPassword',
    );
    expectIssue(
      await put({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
      422,
      'body.newPassword',
    );
    expectIssue(await put({ currentPassword: TEST_PASSWORD }), 422, 'body.newPassword');
    expectIssue(
      await put({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, contactId: randomUUID() }),
      422,
      'body.contactId',
    );
    expect(await accountState(ben)).toEqual(before);
    expect((await trySignIn(ben.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('a wrong current password counts as a failed sign-in: blocked with 429 after the limit', async () => {
    const cal = await createContact(db(), { organizationId: org, privilegeGroup: 'limited' });
    const client = await signIn(cal);
    const before = await accountState(cal);
    const wrong = { currentPassword: 'guess number one', newPassword: NEW_PASSWORD };
    for (let i = 0; i < t.config.loginMaxFailuresPerAccount; i++) {
      expect((await client.put('/api/portal/me/password', wrong)).statusCode).toBe(422);
    }
    const blocked = await client.put('/api/portal/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(blocked.statusCode, blocked.body).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    // The block is the sign-in's block too.
    expect((await trySignIn(cal.email, TEST_PASSWORD)).statusCode).toBe(429);
    expect(await accountState(cal)).toEqual(before);
  });

  it('403 without account.change_password, 401 without a session, CSRF enforced', async () => {
    const group = await db()
      .insertInto('privilege_groups')
      .values({ name: `No password change ${randomUUID()}`, privileges: ['portal.login', 'tickets.view'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dan = await createContact(db(), { organizationId: org, privilegeGroupId: group.id });
    const client = await signIn(dan);
    const body = { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD };
    expect((await client.put('/api/portal/me/password', body)).statusCode).toBe(403);
    expect((await new TestClient(t.app).put('/api/portal/me/password', body)).statusCode).toBe(401);
    const eve = await createContact(db(), { organizationId: org, privilegeGroup: 'limited' });
    const eveClient = await signIn(eve);
    const forged = await eveClient.request('PUT', '/api/portal/me/password', body, {
      'x-csrf-token': 'forged',
    });
    expect(forged.statusCode).toBe(403);
    expect((await trySignIn(eve.email, TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  let fay: Contact, gus: Contact;
  let fayHere: TestClient, fayThere: TestClient, gusClient: TestClient;

  beforeAll(async () => {
    fay = await createContact(db(), { organizationId: org, privilegeGroup: 'limited' });
    gus = await createContact(db(), {
      organizationId: org,
      privilegeGroupId: (
        await db()
          .insertInto('privilege_groups')
          .values({ name: `Login only ${randomUUID()}`, privileges: ['portal.login'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    });
    fayHere = await signIn(fay);
    fayThere = new TestClient(t.app);
    expect(
      (
        await fayThere.request(
          'POST',
          '/api/portal/session',
          { email: fay.email, password: TEST_PASSWORD },
          {
            'user-agent': 'Phone browser',
          },
        )
      ).statusCode,
    ).toBe(200);
    gusClient = await signIn(gus);
  });

  const listSessions = async (client: TestClient) => {
    const res = await client.get('/api/portal/me/sessions');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Array<Record<string, unknown> & { id: string; current: boolean }>;
  };

  it("lists the contact's own sessions only, newest first, marking the current one", async () => {
    const items = await listSessions(fayHere);
    expect(items).toHaveLength(2);
    expect(items.map((s) => s.current)).toEqual([false, true]);
    expect(items[0]).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      ip: '127.0.0.1',
      userAgent: 'Phone browser',
      current: false,
    });
    // Needs no privilege beyond portal access.
    const gusItems = await listSessions(gusClient);
    expect(gusItems).toHaveLength(1);
    expect(gusItems[0]!.current).toBe(true);
    expect(items.map((s) => s.id)).not.toContain(gusItems[0]!.id);
    expect((await fayHere.get('/api/portal/me/sessions?limit=1')).json().nextCursor).toEqual(
      expect.any(String),
    );
    expect((await fayHere.get('/api/portal/me/sessions?cursor=bad')).statusCode).toBe(422);
  });

  it("another contact's session, an unknown id or an expired session is 404 and stays", async () => {
    const gusSession = (await listSessions(gusClient))[0]!.id;
    expect((await fayHere.delete(`/api/portal/me/sessions/${gusSession}`)).statusCode).toBe(404);
    expect((await fayHere.delete(`/api/portal/me/sessions/${randomUUID()}`)).statusCode).toBe(404);
    expect((await fayHere.delete('/api/portal/me/sessions/nope')).statusCode).toBe(404);
    const expired = await db()
      .insertInto('sessions')
      .values({
        token_hash: randomUUID(),
        csrf_hash: randomUUID(),
        contact_id: fay.id,
        expires_at: new Date(Date.now() - 1000),
        last_seen_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await listSessions(fayHere)).map((s) => s.id)).not.toContain(expired.id);
    expect((await fayHere.delete(`/api/portal/me/sessions/${expired.id}`)).statusCode).toBe(404);
    await db().deleteFrom('sessions').where('id', '=', expired.id).execute();
    expect((await gusClient.get('/api/portal/me')).statusCode).toBe(200);
    expect((await new TestClient(t.app).get('/api/portal/me/sessions')).statusCode).toBe(401);
    expect((await new TestClient(t.app).delete(`/api/portal/me/sessions/${gusSession}`)).statusCode).toBe(
      401,
    );
  });

  it('ending another own session signs that device out; ending the current one signs out here', async () => {
    const [other, current] = await listSessions(fayHere);
    const res = await fayHere.delete(`/api/portal/me/sessions/${other!.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await fayThere.get('/api/portal/me')).statusCode).toBe(401);
    expect((await fayHere.get('/api/portal/me')).statusCode).toBe(200);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor_id', 'entity_type'])
      .where('action', '=', 'session_ended')
      .where('entity_id', '=', other!.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_id: fay.id, entity_type: 'session' });

    const signOut = await fayHere.delete(`/api/portal/me/sessions/${current!.id}`);
    expect(signOut.statusCode).toBe(204);
    expect(signOut.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['portico_portal']));
    expect((await fayHere.get('/api/portal/me')).statusCode).toBe(401);
    const left = await db().selectFrom('sessions').select('id').where('contact_id', '=', fay.id).execute();
    expect(left).toEqual([]);
  });
});
