import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signedInContact,
  signedInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: TestApp;
let admin: TestClient;
let orgId: string;
const db = () => t.testDb.database.db;
const NEW_PASSWORD = 'a fresh long passphrase 42';

beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
  const a = await createStaffUser(db(), { role: 'admin' });
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
  orgId = (await createOrganization(db())).id;
});
afterAll(async () => t.close());

const signIn = (kind: 'staff' | 'portal', email: string, password: string) =>
  t.app.inject({ method: 'POST', url: `/api/${kind}/session`, payload: { email, password } });
const inject = (
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  headers: Record<string, string>,
  payload?: object,
) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const tokenOf = (url: string) => /#token=([\w-]+)/.exec(url)?.[1] ?? '';
const link = (token: string) => `/api/portal/password-links/${token}`;
const countOrganizations = async () =>
  (
    await db()
      .selectFrom('organizations')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('sign-in', () => {
  it('signs staff in with an HttpOnly session cookie and a readable CSRF cookie', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const res = await signIn('staff', s.email.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ id: s.id, role: 'agent' });
    const cookies = res.cookies as Array<{ name: string; httpOnly?: boolean; sameSite?: string }>;
    expect(cookies.find((c) => c.name === 'portico_staff')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
    });
    expect(cookies.find((c) => c.name === 'portico_staff_csrf')?.httpOnly).toBeFalsy();
  });

  it('signs a contact in to the portal', async () => {
    const c = await createContact(db(), { organizationId: orgId });
    const res = await signIn('portal', c.email, TEST_PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().me.contact.id).toBe(c.id);
  });

  it('answers an unknown e-mail, a wrong password and a barred account identically', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const disabledStaff = await createStaffUser(db(), { role: 'agent', disabled: true });
    const c = await createContact(db(), { organizationId: orgId });
    const noPortal = await createContact(db(), { organizationId: orgId, privilegeGroup: 'no_portal_access' });
    const disabled = await createContact(db(), { organizationId: orgId, disabled: true });
    const refusals = [
      await signIn('staff', 'nobody@example.test', TEST_PASSWORD),
      await signIn('staff', s.email, 'not the password'),
      await signIn('staff', disabledStaff.email, TEST_PASSWORD),
      await signIn('staff', c.email, TEST_PASSWORD),
      await signIn('portal', 'nobody@example.test', TEST_PASSWORD),
      await signIn('portal', c.email, 'not the password'),
      // A barred contact with a wrong password learns nothing either.
      await signIn('portal', noPortal.email, 'not the password'),
      await signIn('portal', disabled.email, 'not the password'),
      await signIn('portal', s.email, TEST_PASSWORD),
    ];
    for (const res of refusals) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe(refusals[0]!.body);
      expect(res.cookies).toEqual([]);
    }
    expect(refusals[0]!.json()).toEqual({
      error: { code: 'unauthenticated', message: 'Invalid e-mail or password.' },
    });
  });

  it('tells a contact without portal access, or disabled, why: only after the right password', async () => {
    const noPortal = await createContact(db(), { organizationId: orgId, privilegeGroup: 'no_portal_access' });
    const disabled = await createContact(db(), { organizationId: orgId, disabled: true });
    for (const contact of [noPortal, disabled]) {
      const res = await signIn('portal', contact.email, TEST_PASSWORD);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toEqual({
        error: {
          code: 'portal_access_off',
          message: 'Your portal access is turned off. Ask your administrator.',
        },
      });
      expect(res.cookies).toEqual([]);
      const row = await db()
        .selectFrom('audit_log')
        .select(['action', 'after'])
        .where('entity_id', '=', contact.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ action: 'sign_in_failed', after: { reason: 'portal_access_off' } });
    }
    // No session was opened: the contact's own API stays closed.
    expect(
      await db()
        .selectFrom('sessions')
        .where('contact_id', 'in', [noPortal.id, disabled.id])
        .select('id')
        .execute(),
    ).toEqual([]);
  });

  it('throttles an account after too many failures, even with the right password', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    for (let i = 0; i < 3; i++)
      expect((await signIn('staff', s.email, 'wrong password')).statusCode).toBe(401);
    const res = await signIn('staff', s.email, TEST_PASSWORD);
    expectError(res, 429, 'too_many_requests');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn('staff', s.email.toUpperCase(), TEST_PASSWORD)).statusCode).toBe(429);
  });
});

describe('sessions end', () => {
  it('on sign-out: the old cookie no longer works', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const staff = await signedInStaff(t.app, s.email, TEST_PASSWORD);
    const oldCookie = `portico_staff=${staff.cookie('portico_staff')}`;
    expect((await staff.delete('/api/staff/session')).statusCode).toBe(204);
    expectError(await inject('GET', '/api/staff/me', { cookie: oldCookie }), 401, 'unauthenticated');
    const c = await createContact(db(), { organizationId: orgId });
    const portal = await signedInContact(t.app, c.email, TEST_PASSWORD);
    const oldPortal = `portico_portal=${portal.cookie('portico_portal')}`;
    expect((await portal.delete('/api/portal/session')).statusCode).toBe(204);
    expectError(await inject('GET', '/api/portal/me', { cookie: oldPortal }), 401, 'unauthenticated');
  });

  it('when a contact or staff user is disabled through the API', async () => {
    const c = await createContact(db(), { organizationId: orgId });
    const portal = await signedInContact(t.app, c.email, TEST_PASSWORD);
    expect((await admin.patch(`/api/staff/contacts/${c.id}`, { disabled: true })).statusCode).toBe(200);
    expectError(await portal.get('/api/portal/me'), 401, 'unauthenticated');
    const s = await createStaffUser(db(), { role: 'agent' });
    const staff = await signedInStaff(t.app, s.email, TEST_PASSWORD);
    expect((await admin.patch(`/api/staff/staff-users/${s.id}`, { disabled: true })).statusCode).toBe(200);
    expectError(await staff.get('/api/staff/me'), 401, 'unauthenticated');
  });
});

describe('CSRF and API tokens', () => {
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const staff = await signedInStaff(t.app, s.email, TEST_PASSWORD);
    cookie = `portico_staff=${staff.cookie('portico_staff')}; portico_staff_csrf=${staff.cookie('portico_staff_csrf')}`;
    csrf = staff.cookie('portico_staff_csrf') ?? '';
  });

  it('refuses a cookie-authenticated write without the header, with a wrong one or from a foreign origin', async () => {
    const before = await countOrganizations();
    const url = '/api/staff/organizations';
    const body = { name: 'Forged' };
    const attempts: Array<Record<string, string>> = [
      { cookie },
      { cookie, 'x-csrf-token': 'guessed' },
      { cookie, 'x-csrf-token': csrf, host: 'portico.test', origin: 'https://evil.example' },
    ];
    for (const headers of attempts) expectError(await inject('POST', url, headers, body), 403, 'csrf_failed');
    expect(await countOrganizations()).toBe(before);
    expect((await inject('GET', '/api/staff/me', { cookie })).statusCode).toBe(200);
    const sameSite = { cookie, 'x-csrf-token': csrf, host: 'portico.test', origin: 'http://portico.test' };
    const ok = await inject('POST', url, sameSite, body);
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('guards portal writes the same way', async () => {
    const c = await createContact(db(), { organizationId: orgId });
    const portal = await signedInContact(t.app, c.email, TEST_PASSWORD);
    const res = await inject('DELETE', '/api/portal/session', {
      cookie: `portico_portal=${portal.cookie('portico_portal')}`,
    });
    expectError(res, 403, 'csrf_failed');
    expect((await portal.get('/api/portal/me')).statusCode).toBe(200);
  });

  it('lets a bearer API token write without CSRF; revoked or expired tokens get 401', async () => {
    const created = (await admin.post('/api/staff/api-tokens', { name: 'bot', scopes: ['contacts'] })).json();
    const auth = { authorization: `Bearer ${created.token}` };
    const res = await inject('POST', '/api/staff/organizations', auth, { name: 'Via bearer' });
    expect(res.statusCode, res.body).toBe(201);
    await db()
      .updateTable('api_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 minute'` })
      .where('id', '=', created.id)
      .execute();
    expectError(await inject('GET', '/api/staff/me', auth), 401, 'unauthenticated');
    const second = (await admin.post('/api/staff/api-tokens', { name: 'bot 2' })).json();
    const auth2 = { authorization: `Bearer ${second.token}` };
    expect((await inject('GET', '/api/staff/me', auth2)).statusCode).toBe(200);
    expect((await admin.delete(`/api/staff/api-tokens/${second.id}`)).statusCode).toBe(204);
    expectError(await inject('GET', '/api/staff/me', auth2), 401, 'unauthenticated');
  });
});

describe('invitation links', () => {
  it('lets an invited contact choose a password once, then sign in', async () => {
    const created = await admin.post('/api/staff/contacts', {
      name: 'Ivy Invited',
      email: 'ivy@example.test',
      organizationId: orgId,
    });
    const id = created.json().id;
    const invitation = await admin.post(`/api/staff/contacts/${id}/invitation`);
    expect(invitation.statusCode, invitation.body).toBe(201);
    const token = tokenOf(invitation.json().url);
    const described = await inject('GET', link(token), {});
    expect(described.statusCode, described.body).toBe(200);
    expect(described.json()).toMatchObject({
      purpose: 'invite',
      name: 'Ivy Invited',
      email: 'ivy@example.test',
    });
    const weak = await inject('POST', link(token), {}, { password: 'tooshort' });
    expectError(weak, 422, 'validation_failed', 'body.password');
    expect((await inject('GET', link(token), {})).statusCode).toBe(200);
    expect((await inject('POST', link(token), {}, { password: NEW_PASSWORD })).statusCode).toBe(204);
    await signedInContact(t.app, 'ivy@example.test', NEW_PASSWORD);
    expectError(await inject('GET', link(token), {}), 404, 'not_found');
    expectError(
      await inject('POST', link(token), {}, { password: 'yet another passphrase' }),
      404,
      'not_found',
    );
    await signedInContact(t.app, 'ivy@example.test', NEW_PASSWORD);
  });

  it('refuses an expired link', async () => {
    const c = await createContact(db(), { organizationId: orgId, withPassword: false });
    const token = tokenOf((await admin.post(`/api/staff/contacts/${c.id}/invitation`)).json().url);
    await db()
      .updateTable('password_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('token_hash', '=', createHash('sha256').update(token).digest('hex'))
      .execute();
    expectError(await inject('GET', link(token), {}), 404, 'not_found');
    expectError(await inject('POST', link(token), {}, { password: NEW_PASSWORD }), 404, 'not_found');
    const row = await db()
      .selectFrom('contacts')
      .select('password_hash')
      .where('id', '=', c.id)
      .executeTakeFirst();
    expect(row?.password_hash).toBeNull();
  });
});

describe('forgotten password', () => {
  const STATUS = { status: 'If the address belongs to a portal user, a link is on its way.' };
  const requestReset = (email: string) => inject('POST', '/api/portal/password-reset', {}, { email });

  it('answers 202 alike for known and unknown addresses and mails a link to known ones', async () => {
    const c = await createContact(db(), { organizationId: orgId });
    const sent = (await t.queuedMails()).length;
    const unknown = await requestReset('ghost@example.test');
    expect(unknown.statusCode).toBe(202);
    expect((await t.queuedMails()).length).toBe(sent);
    const known = await requestReset(c.email.toUpperCase());
    expect(known.statusCode).toBe(202);
    expect(known.json()).toEqual(STATUS);
    expect(unknown.json()).toEqual(STATUS);
    const queued = await t.queuedMails();
    expect(queued.length).toBe(sent + 1);
    const mail = queued[sent]!;
    expect(mail).toMatchObject({ to: c.email, kind: 'password_reset', status: 'queued' });
    const token = tokenOf(mail.text);
    expect((await inject('GET', link(token), {})).json().purpose).toBe('reset');
    expect((await inject('POST', link(token), {}, { password: NEW_PASSWORD })).statusCode).toBe(204);
    await signedInContact(t.app, c.email, NEW_PASSWORD);
  });

  describe('over a real SMTP server', () => {
    let smtp: TestSmtpServer;
    let smtpApp: TestApp;
    beforeAll(async () => {
      smtp = await startSmtpServer();
      smtpApp = await startTestApp({ SMTP_URL: smtp.url }, { testDb: t.testDb, mailWorker: true });
    });
    afterAll(async () => {
      await smtpApp?.close();
      await smtp?.stop();
    });

    it('delivers the reset link by SMTP through the outbox, and nothing for unknown addresses', async () => {
      const c = await createContact(db(), { organizationId: orgId });
      const post = (email: string) =>
        smtpApp.app.inject({ method: 'POST', url: '/api/portal/password-reset', payload: { email } });
      expect((await post('nobody-smtp@example.test')).statusCode).toBe(202);
      expect((await post(c.email)).statusCode).toBe(202);
      // Earlier tests' queued resets go out too (the same database): this contact's is one.
      const mine = await smtp.waitForTo(c.email);
      expect(mine).toHaveLength(1);
      expect(smtp.received.some((m) => m.to.includes('nobody-smtp@example.test'))).toBe(false);
      const token = tokenOf(decodeBody(mine[0]!.raw));
      expect(token.length).toBeGreaterThan(40);
      const described = await smtpApp.app.inject({ method: 'GET', url: link(token) });
      expect(described.json()).toMatchObject({ purpose: 'reset', email: c.email });
    });
  });
});

/** The text body of a raw single-part message (7bit or quoted-printable). */
function decodeBody(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return body;
  return body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
