import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import {
  createContact,
  createOrganization,
  createStaffUser,
  privilegeGroupId,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { expectError, expectUnchanged, rowCounts } from '../support/expect.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
let orgId: string;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  const a = await createStaffUser(db(), { role: 'admin' });
  const g = await createStaffUser(db(), { role: 'agent' });
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, g.email, TEST_PASSWORD);
  orgId = (await createOrganization(db(), { name: 'Acme' })).id;
});
afterAll(async () => t.close());

/** Everything a refused request could have written. */
async function snapshot() {
  const contacts = await db().selectFrom('contacts').selectAll().orderBy('id').execute();
  return { contacts, ...(await rowCounts(db(), ['audit_log', 'password_tokens', 'sessions'])) };
}

const expectNothingWritten = (request: () => Promise<LightMyRequestResponse>) =>
  expectUnchanged(snapshot, request);

const newContact = (extra: Record<string, unknown> = {}) => ({
  name: `Person ${randomUUID().slice(0, 8)}`,
  email: `p-${randomUUID().slice(0, 8)}@example.test`,
  organizationId: orgId,
  ...extra,
});

describe('contacts: authentication and unknown ids', () => {
  it('answers 401 without a session on every route', async () => {
    const anon = new TestClient(t.app);
    const id = randomUUID();
    for (const res of [
      await anon.get('/api/staff/contacts'),
      await anon.get(`/api/staff/contacts/${id}`),
      await anon.post('/api/staff/contacts', newContact()),
      await anon.patch(`/api/staff/contacts/${id}`, { name: 'x' }),
      await anon.delete(`/api/staff/contacts/${id}`),
      await anon.post(`/api/staff/contacts/${id}/invitation`),
      await anon.put(`/api/staff/contacts/${id}/password`, { password: 'a long enough secret' }),
    ])
      expectError(res, 401, 'unauthenticated');
  });

  it('answers 404 for unknown and malformed ids on every route', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', '123']) {
      const responses = await Promise.all([
        admin.get(`/api/staff/contacts/${id}`),
        admin.patch(`/api/staff/contacts/${id}`, { name: 'x' }),
        admin.delete(`/api/staff/contacts/${id}`),
        admin.post(`/api/staff/contacts/${id}/invitation`),
        admin.put(`/api/staff/contacts/${id}/password`, { password: 'a long enough secret' }),
      ]);
      for (const res of responses) expectError(res, 404, 'not_found');
    }
  });
});

describe('contacts: create and read', () => {
  it('creates a contact with the default privilege group and never returns the password hash', async () => {
    const body = newContact({
      phone: '+1 555 0100',
      title: 'Teacher',
      department: 'Science',
      attributes: { campus: 'North', employee_id: '42' },
    });
    const res = await agent.post('/api/staff/contacts', body);
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json();
    expect(out).toMatchObject({ ...body, disabled: false, hasPassword: false });
    expect(out.privilegeGroupId).toBe(await privilegeGroupId(db(), 'limited'));
    const keys = 'id name email phone title department attributes organizationId privilegeGroupId';
    const more = 'disabled hasPassword createdAt updatedAt';
    expect(Object.keys(out).sort()).toEqual(`${keys} ${more}`.split(' ').sort());
    const got = await admin.get(`/api/staff/contacts/${out.id}`);
    expect(got.json()).toEqual(out);
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_id', '=', out.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('takes an explicit privilege group', async () => {
    const full = await privilegeGroupId(db(), 'full');
    const res = await admin.post('/api/staff/contacts', newContact({ privilegeGroupId: full }));
    expect(res.statusCode).toBe(201);
    expect(res.json().privilegeGroupId).toBe(full);
  });

  it('shows hasPassword for contacts that have one', async () => {
    const c = await createContact(db(), { organizationId: orgId });
    expect((await admin.get(`/api/staff/contacts/${c.id}`)).json().hasPassword).toBe(true);
  });

  it('refuses a clashing e-mail address, case-insensitively, with 409 and writes nothing', async () => {
    const first = await admin.post('/api/staff/contacts', newContact({ email: 'Clash@Example.test' }));
    expect(first.statusCode).toBe(201);
    const res = await expectNothingWritten(() =>
      admin.post('/api/staff/contacts', newContact({ email: 'clash@EXAMPLE.test' })),
    );
    expectError(res, 409, 'conflict');
  });

  it('answers 422 with the path for an organization or privilege group that does not exist', async () => {
    let res = await expectNothingWritten(() =>
      admin.post('/api/staff/contacts', newContact({ organizationId: randomUUID() })),
    );
    expectError(res, 422, 'validation_failed', 'body.organizationId');
    res = await expectNothingWritten(() =>
      admin.post('/api/staff/contacts', newContact({ privilegeGroupId: randomUUID() })),
    );
    expectError(res, 422, 'validation_failed', 'body.privilegeGroupId');
  });

  it('answers 422 for unknown fields, wrong types and bad attributes, writing nothing', async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const cases: Array<[Record<string, unknown>, string]> = [
      [newContact({ passwordHash: 'x' }), 'body'],
      [newContact({ name: 5 }), 'body.name'],
      [newContact({ name: '   ' }), 'body.name'],
      [newContact({ email: 'not an address' }), 'body.email'],
      [newContact({ disabled: 'yes' }), 'body.disabled'],
      [newContact({ organizationId: 'nope' }), 'body.organizationId'],
      [newContact({ attributes: { '1bad': 'x' } }), 'body.attributes'],
      [newContact({ attributes: { 'has-dash': 'x' } }), 'body.attributes'],
      [newContact({ attributes: { ['a'.repeat(64)]: 'x' } }), 'body.attributes'],
      [newContact({ attributes: { ok: 'x'.repeat(1001) } }), 'body.attributes.ok'],
      [newContact({ attributes: { ok: 5 } }), 'body.attributes.ok'],
      [newContact({ attributes: many }), 'body.attributes'],
      [newContact({ attributes: ['x'] }), 'body.attributes'],
    ];
    for (const [body, path] of cases) {
      const res = await expectNothingWritten(() => admin.post('/api/staff/contacts', body));
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(422);
      const paths: string[] = res.json().error.issues.map((i: { path: string }) => i.path);
      expect(
        paths.some((p) => p.startsWith(path)),
        `${paths.join()} vs ${path}`,
      ).toBe(true);
    }
    const ok = await admin.post(
      '/api/staff/contacts',
      newContact({ attributes: { ['a'.repeat(63)]: 'x'.repeat(1000) } }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('contacts: list', () => {
  let listOrg: string;
  const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo', 'alpha'];
  beforeAll(async () => {
    listOrg = (await createOrganization(db(), { name: 'List org' })).id;
    for (const name of names) {
      await createContact(db(), {
        organizationId: listOrg,
        name,
        email: `${name}-${randomUUID().slice(0, 6)}@list.test`,
        disabled: name === 'echo',
        privilegeGroup: name === 'delta' ? 'full' : 'limited',
      });
    }
  });

  it('walks every page in (lower(name), id) order without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `organizationId=${listOrg}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await agent.get(`/api/staff/contacts?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c: { name: string }) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((n) => n.toLowerCase())).toEqual([...names].map((n) => n.toLowerCase()).sort());
  });

  it('filters by q on name and e-mail, privilege group and disabled', async () => {
    const get = async (qs: string) =>
      (await admin.get(`/api/staff/contacts?organizationId=${listOrg}&${qs}`))
        .json()
        .items.map((c: { name: string }) => c.name);
    expect(await get('q=ALPHA')).toEqual(expect.arrayContaining(['Alpha', 'alpha']));
    expect(await get('q=ALPHA')).toHaveLength(2);
    expect(await get('q=charlie-')).toEqual(['charlie']);
    expect(await get('q=%25')).toEqual([]);
    expect(await get(`privilegeGroupId=${await privilegeGroupId(db(), 'full')}`)).toEqual(['delta']);
    expect(await get('disabled=true')).toEqual(['echo']);
    expect(await get('disabled=false')).toHaveLength(5);
  });

  it('answers 422 for unknown query fields, a bad cursor or a bad filter', async () => {
    expectError(await admin.get('/api/staff/contacts?sort=name'), 422, 'validation_failed');
    expectError(await admin.get('/api/staff/contacts?cursor=garbage'), 422, 'validation_failed');
    expectError(await admin.get('/api/staff/contacts?limit=1000'), 422, 'validation_failed');
    expectError(await admin.get('/api/staff/contacts?organizationId=x'), 422, 'validation_failed');
  });
});

describe('contacts: update and delete', () => {
  it('updates fields and replaces the attributes', async () => {
    const created = (await admin.post('/api/staff/contacts', newContact({ attributes: { a: '1' } }))).json();
    const other = await createOrganization(db());
    const full = await privilegeGroupId(db(), 'full');
    const res = await agent.patch(`/api/staff/contacts/${created.id}`, {
      name: 'Renamed',
      email: created.email.toUpperCase(),
      attributes: { b: '2' },
      organizationId: other.id,
      privilegeGroupId: full,
      title: '',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Renamed',
      email: created.email.toUpperCase(),
      attributes: { b: '2' },
      organizationId: other.id,
      privilegeGroupId: full,
    });
    expect(new Date(res.json().updatedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(created.updatedAt).getTime(),
    );
  });

  it('refuses clashes, unknown references and malformed bodies, writing nothing', async () => {
    const a = await createContact(db(), { organizationId: orgId });
    const b = await createContact(db(), { organizationId: orgId });
    const url = `/api/staff/contacts/${b.id}`;
    expectError(
      await expectNothingWritten(() => admin.patch(url, { email: a.email.toUpperCase() })),
      409,
      'conflict',
    );
    for (const [body, path] of [
      [{ organizationId: randomUUID() }, 'body.organizationId'],
      [{ privilegeGroupId: randomUUID() }, 'body.privilegeGroupId'],
      [{ hasPassword: true }, 'body'],
      [{ disabled: 1 }, 'body.disabled'],
      [{ attributes: { 'no spaces': 'x' } }, 'body.attributes'],
    ] as const) {
      const res = await expectNothingWritten(() => admin.patch(url, body));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.issues[0].path.startsWith(path)).toBe(true);
    }
  });

  it('signs a contact out everywhere when it is disabled, in the same request', async () => {
    const c = await createContact(db(), { organizationId: orgId });
    const portal = await signedInContact(t.app, c.email, TEST_PASSWORD);
    await signedInContact(t.app, c.email, TEST_PASSWORD);
    expect((await portal.get('/api/portal/me')).statusCode).toBe(200);
    const res = await admin.patch(`/api/staff/contacts/${c.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    const left = await db().selectFrom('sessions').select('id').where('contact_id', '=', c.id).execute();
    expect(left).toEqual([]);
    expectError(await portal.get('/api/portal/me'), 401, 'unauthenticated');
  });

  it('deletes a contact and audits it; a second delete is 404', async () => {
    const c = await createContact(db(), { organizationId: orgId });
    expect((await agent.delete(`/api/staff/contacts/${c.id}`)).statusCode).toBe(204);
    expectError(await admin.get(`/api/staff/contacts/${c.id}`), 404, 'not_found');
    expectError(await admin.delete(`/api/staff/contacts/${c.id}`), 404, 'not_found');
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'before'])
      .where('entity_id', '=', c.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['delete']);
    expect(JSON.stringify(audit)).not.toContain('argon2');
  });

  it('refuses with 409 to delete a contact that tickets refer to', async () => {
    const c = await createContact(db(), { organizationId: orgId });
    await db()
      .insertInto('tickets')
      .values({
        subject: 'Printer',
        requester_id: c.id,
        organization_id: orgId,
        asset_id: null,
        closed_at: null,
      })
      .execute();
    const res = await expectNothingWritten(() => admin.delete(`/api/staff/contacts/${c.id}`));
    expectError(res, 409, 'conflict');
    expect(res.json().error.message).toMatch(/ticket/);
  });
});

describe('contacts: invitation and password', () => {
  it('issues an invitation link and audits it without the link', async () => {
    const c = await createContact(db(), { organizationId: orgId, withPassword: false });
    const res = await agent.post(`/api/staff/contacts/${c.id}/invitation`);
    expect(res.statusCode, res.body).toBe(201);
    const { url, expiresAt } = res.json();
    expect(url).toMatch(/^http:\/\/portico\.test\/portal\/set-password#token=[\w-]{40,}$/);
    const days = (new Date(expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    const token = url.split('#token=')[1];
    const link = await t.app.inject({ method: 'GET', url: `/api/portal/password-links/${token}` });
    expect(link.json()).toMatchObject({ purpose: 'invite', email: c.email });
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_id', '=', c.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['invite']);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('refuses with 409 to invite a disabled contact or one whose group cannot sign in', async () => {
    const disabled = await createContact(db(), { organizationId: orgId, disabled: true });
    const noAccess = await createContact(db(), { organizationId: orgId, privilegeGroup: 'no_portal_access' });
    let res = await expectNothingWritten(() => admin.post(`/api/staff/contacts/${disabled.id}/invitation`));
    expectError(res, 409, 'conflict');
    expect(res.json().error.message).toMatch(/disabled/);
    res = await expectNothingWritten(() => admin.post(`/api/staff/contacts/${noAccess.id}/invitation`));
    expectError(res, 409, 'conflict');
    expect(res.json().error.message).toMatch(/portal\.login/);
  });

  it('sets a password: weak ones are refused, the contact is signed out, nothing secret is audited', async () => {
    const c = await createContact(db(), {
      organizationId: orgId,
      name: 'Wilhelmina Stone',
      email: 'wilhelmina@example.test',
    });
    const portal = await signedInContact(t.app, c.email, TEST_PASSWORD);
    const invite = (await admin.post(`/api/staff/contacts/${c.id}/invitation`)).json();
    const url = `/api/staff/contacts/${c.id}/password`;
    for (const password of ['short', 'aaaaaaaaaaaaaaaa', 'wilhelmina-rocks-2024']) {
      const res = await expectNothingWritten(() => admin.put(url, { password }));
      expectError(res, 422, 'validation_failed', 'body.password');
    }
    for (const body of [{ password: 'a long enough secret', extra: 1 }, { password: 12345678901 }]) {
      const res = await expectNothingWritten(() => admin.put(url, body));
      expectError(res, 422, 'validation_failed');
    }
    const secret = 'a brand new passphrase 7';
    expect((await agent.put(url, { password: secret })).statusCode).toBe(204);
    expectError(await portal.get('/api/portal/me'), 401, 'unauthenticated');
    await signedInContact(t.app, c.email, secret);
    expect((await admin.get(`/api/staff/contacts/${c.id}`)).json().hasPassword).toBe(true);
    // The invitation sent before the password was set no longer works.
    const token = invite.url.split('#token=')[1];
    const link = await t.app.inject({ method: 'GET', url: `/api/portal/password-links/${token}` });
    expect(link.statusCode).toBe(404);
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_id', '=', c.id).execute();
    expect(audit.map((a) => a.action)).toContain('password_set');
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});
