// Issue 15 §5: the per-account limit under concurrency, per account+address limits, progressive
// blocks and delays, and `__Host-` session cookies over HTTPS.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
const BLOCK_SECONDS = 600;

beforeAll(async () => {
  t = await startTestApp({
    TRUST_PROXY: 'true',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
    LOGIN_MAX_FAILURES_PER_IP: '6',
    LOGIN_BLOCK_SECONDS: String(BLOCK_SECONDS),
  });
});
afterAll(async () => t.close());

const signIn = (
  kind: 'staff' | 'portal',
  email: string,
  password: string,
  from = '192.0.2.1',
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/${kind}/session`,
    payload: { email, password },
    headers: { 'x-forwarded-for': from, ...headers },
  });

/** Passwords hashed and compared so far (the metric the throttle must bound). */
async function passwordChecks(): Promise<number> {
  const metric = await t.app.passwordChecks.get();
  return metric.values.reduce((sum, v) => sum + v.value, 0);
}

const throttleRow = (key: string) =>
  db().selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();

describe('the per-account limit under concurrency', () => {
  it('checks at most 5 of 20 parallel wrong passwords for one account; the rest are 429', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const before = await passwordChecks();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn('staff', s.email, `wrong password ${i}`, '192.0.2.10')),
    );
    const checked = (await passwordChecks()) - before;
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBe(checked);
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 429).length).toBe(20 - checked);
    // Every attempt was counted in the database before any hash, in one statement each.
    const row = await throttleRow(`account_ip:${s.email}|192.0.2.10`);
    expect(row?.failures).toBe(20);
    expect(row?.blocked_until?.getTime()).toBeGreaterThan(Date.now());
    // The audit log holds one failure row per password actually checked.
    const audited = await db()
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('action', '=', 'sign_in_failed')
      .where('entity_id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(audited.n).toBe(checked);
    // The right password from the same address is refused too, without a hash.
    const checksBefore = await passwordChecks();
    expectError(await signIn('staff', s.email, TEST_PASSWORD, '192.0.2.10'), 429, 'too_many_requests');
    expect(await passwordChecks()).toBe(checksBefore);
  });

  it('lets a correct password of another account on the same address sign in', async () => {
    const victim = await createStaffUser(db(), { role: 'agent' });
    const other = await createStaffUser(db(), { role: 'agent' });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => signIn('staff', victim.email, `nope ${i}`, '192.0.2.20')),
    );
    expectError(await signIn('staff', victim.email, TEST_PASSWORD, '192.0.2.20'), 429);
    const res = await signIn('staff', other.email, TEST_PASSWORD, '192.0.2.20');
    expect(res.statusCode, res.body).toBe(200);
    // The attacked account itself still signs in from its owner's address.
    const owner = await signIn('staff', victim.email, TEST_PASSWORD, '198.51.100.7');
    expect(owner.statusCode, owner.body).toBe(200);
  });
});

describe('an address past its limit', () => {
  it('is slowed down but does not lock out a correct password of an account it never attacked', async () => {
    const org = await createOrganization(db());
    const a = await createContact(db(), { organizationId: org.id });
    const b = await createContact(db(), { organizationId: org.id });
    const fresh = await createContact(db(), { organizationId: org.id });
    const ip = '203.0.113.5';
    for (let i = 0; i < 4; i++) expect((await signIn('portal', a.email, `x${i}`, ip)).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) expect((await signIn('portal', b.email, `y${i}`, ip)).statusCode).toBe(401);
    // 7 failures from the address: past its limit of 6.
    expect((await throttleRow(`ip:${ip}`))?.failures).toBe(7);
    const started = Date.now();
    const res = await signIn('portal', fresh.email, TEST_PASSWORD, ip);
    const took = Date.now() - started;
    expect(res.statusCode, res.body).toBe(200);
    expect(took).toBeGreaterThanOrEqual(240);
    // An account it attacked stays refused from it once the pair's limit is reached.
    for (let i = 4; i < 6; i++) await signIn('portal', a.email, `x${i}`, ip);
    expectError(await signIn('portal', a.email, TEST_PASSWORD, ip), 429, 'too_many_requests');
  });
});

describe('progressive blocks', () => {
  it('blocks a pair twice as long the next time', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const ip = '192.0.2.30';
    const key = `account_ip:${s.email}|${ip}`;
    for (let i = 0; i < 5; i++) await signIn('staff', s.email, `bad ${i}`, ip);
    const first = await signIn('staff', s.email, TEST_PASSWORD, ip);
    expectError(first, 429, 'too_many_requests');
    expect(Number(first.headers['retry-after'])).toBeGreaterThan(BLOCK_SECONDS - 5);
    expect(Number(first.headers['retry-after'])).toBeLessThanOrEqual(BLOCK_SECONDS);
    // The block and the window run out.
    await db()
      .updateTable('login_throttle')
      .set({
        blocked_until: sql<Date>`now() - interval '1 second'`,
        window_started_at: sql<Date>`now() - interval '1 hour'`,
      })
      .where('key', '=', key)
      .execute();
    for (let i = 0; i < 5; i++) expect((await signIn('staff', s.email, `bad ${i}`, ip)).statusCode).toBe(401);
    const second = await signIn('staff', s.email, TEST_PASSWORD, ip);
    expectError(second, 429, 'too_many_requests');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(2 * BLOCK_SECONDS - 5);
    expect((await throttleRow(key))?.blocks).toBe(2);
  });

  it('ends the count with the right password', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const ip = '192.0.2.31';
    for (let i = 0; i < 4; i++) await signIn('staff', s.email, `bad ${i}`, ip);
    expect((await signIn('staff', s.email, TEST_PASSWORD, ip)).statusCode).toBe(200);
    expect(await throttleRow(`account_ip:${s.email}|${ip}`)).toBeUndefined();
  });
});

describe('session cookies', () => {
  type Cookie = { name: string; value: string; secure?: boolean; path?: string; domain?: string };
  const cookiesOf = (res: { cookies: unknown }) => res.cookies as Cookie[];

  it('take the __Host- prefix over HTTPS, Secure, for path / and without a domain', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const res = await signIn('staff', s.email, TEST_PASSWORD, '192.0.2.40', { 'x-forwarded-proto': 'https' });
    expect(res.statusCode, res.body).toBe(200);
    const cookies = cookiesOf(res);
    expect(cookies.map((c) => c.name).sort()).toEqual(['__Host-portico_staff', '__Host-portico_staff_csrf']);
    for (const c of cookies) {
      expect(c.secure).toBe(true);
      expect(c.path).toBe('/');
      expect(c.domain).toBeUndefined();
    }
    const session = cookies.find((c) => c.name === '__Host-portico_staff')!.value;
    const https = { 'x-forwarded-proto': 'https' };
    const me = await t.app.inject({
      url: '/api/staff/me',
      headers: { ...https, cookie: `__Host-portico_staff=${session}` },
    });
    expect(me.statusCode, me.body).toBe(200);
    // Over HTTPS an unprefixed cookie (one a sibling subdomain could have set) is not read.
    const plain = await t.app.inject({
      url: '/api/staff/me',
      headers: { ...https, cookie: `portico_staff=${session}` },
    });
    expectError(plain, 401, 'unauthenticated');
  });

  it('keep their plain names over HTTP, not Secure', async () => {
    const org = await createOrganization(db());
    const c = await createContact(db(), { organizationId: org.id });
    const res = await signIn('portal', c.email, TEST_PASSWORD, '192.0.2.41');
    expect(res.statusCode, res.body).toBe(200);
    const cookies = cookiesOf(res);
    expect(cookies.map((k) => k.name).sort()).toEqual(['portico_portal', 'portico_portal_csrf']);
    for (const k of cookies) expect(k.secure).toBeFalsy();
    const session = cookies.find((k) => k.name === 'portico_portal')!.value;
    const me = await t.app.inject({
      url: '/api/portal/me',
      headers: { cookie: `portico_portal=${session}` },
    });
    expect(me.statusCode, me.body).toBe(200);
  });
});
