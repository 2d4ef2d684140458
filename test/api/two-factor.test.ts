// Issue 15 §3: TOTP with recovery codes, the half-signed-in state, the admins' requirement, and
// step-up for sensitive actions.
import { generate } from 'otplib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';

let t: TestApp;
let orgId: string;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  orgId = (await createOrganization(db())).id;
});
afterAll(async () => t.close());

type Owner = { staff_user_id: string } | { contact_id: string };
const ownerWhere = (owner: Owner) =>
  'staff_user_id' in owner
    ? (['staff_user_id', owner.staff_user_id] as const)
    : (['contact_id', owner.contact_id] as const);

/** A code of the app for now; the replay guard is reset first unless `keepGuard`. */
async function codeFor(owner: Owner, secret: string, keepGuard = false): Promise<string> {
  if (!keepGuard) {
    const [column, id] = ownerWhere(owner);
    await db().updateTable('two_factors').set({ last_step: null }).where(column, '=', id).execute();
  }
  return generate({ secret });
}

/** Enrols a signed-in client (staff or portal); answers the secret and the recovery codes. */
async function enrol(client: TestClient, side: 'staff' | 'portal', owner: Owner) {
  const started = await client.post(`/api/${side}/me/two-factor/enrolment`);
  expect(started.statusCode, started.body).toBe(200);
  const { secret, otpauthUri, qrDataUrl } = started.json();
  expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Portico:.*secret=/);
  expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
  const confirmed = await client.post(`/api/${side}/me/two-factor/enrolment/confirm`, {
    code: await codeFor(owner, secret),
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { secret: secret as string, recoveryCodes: confirmed.json().recoveryCodes as string[] };
}

const signIn = (side: 'staff' | 'portal', email: string, password = TEST_PASSWORD) =>
  t.app.inject({ method: 'POST', url: `/api/${side}/session`, payload: { email, password } });
const secondFactor = (side: 'staff' | 'portal', challenge: string, code: string) =>
  t.app.inject({ method: 'POST', url: `/api/${side}/session/second-factor`, payload: { challenge, code } });
const staleStepUp = (client: TestClient, side: 'staff' | 'portal') =>
  db()
    .updateTable('sessions')
    .set({ reauthenticated_at: sql<Date>`now() - interval '6 minutes'` })
    .where(
      'token_hash',
      '=',
      sql<string>`encode(sha256(convert_to(${client.cookie(`portico_${side}`) ?? ''}, 'UTF8')), 'hex')`,
    )
    .execute();

describe('TOTP for staff', () => {
  it('enrols with a confirmed code, then asks for the second factor after the password', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const owner = { staff_user_id: s.id };
    const client = await signedInStaff(t.app, s.email, TEST_PASSWORD);
    // A wrong code does not confirm, and the factor is not in force yet.
    expect((await client.post('/api/staff/me/two-factor/enrolment')).statusCode).toBe(200);
    expectError(await client.post('/api/staff/me/two-factor/enrolment/confirm', { code: '000000' }), 422);
    expect((await client.get('/api/staff/me/two-factor')).json()).toMatchObject({ enabled: false });
    expect((await signIn('staff', s.email)).statusCode).toBe(200);

    const { secret, recoveryCodes } = await enrol(client, 'staff', owner);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await client.get('/api/staff/me/two-factor')).json()).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    // Only digests are stored.
    const stored = await db().selectFrom('recovery_codes').select('code_hash').execute();
    for (const code of recoveryCodes) expect(stored.map((r) => r.code_hash)).not.toContain(code);
    // A second enrolment while one is in force is refused.
    expectError(await client.post('/api/staff/me/two-factor/enrolment'), 409, 'conflict');

    const half = await signIn('staff', s.email);
    expect(half.statusCode, half.body).toBe(202);
    expect(half.json().next).toBe('second_factor');
    expect(half.cookies).toEqual([]);
    const challenge = half.json().challenge as string;
    // The challenge grants nothing else: not as a session cookie, not as a bearer token.
    for (const headers of [
      { cookie: `portico_staff=${challenge}` },
      { authorization: `Bearer ${challenge}` },
    ])
      expectError(await t.app.inject({ url: '/api/staff/me', headers }), 401, 'unauthenticated');
    expectError(await secondFactor('staff', challenge, '123456'), 401, 'unauthenticated');
    const code = await codeFor(owner, secret);
    const done = await secondFactor('staff', challenge, code);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().user.id).toBe(s.id);
    const session = (done.cookies as Array<{ name: string; value: string }>).find(
      (c) => c.name === 'portico_staff',
    );
    const me = await t.app.inject({
      url: '/api/staff/me',
      headers: { cookie: `portico_staff=${session?.value}` },
    });
    expect(me.statusCode).toBe(200);
    // The challenge is used up; the same code does not work twice (replay).
    expectError(await secondFactor('staff', challenge, code), 401);
    const again = (await signIn('staff', s.email)).json().challenge as string;
    expectError(await secondFactor('staff', again, code), 401);
  });

  it('takes each recovery code once, and ends a challenge after 5 wrong codes', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const owner = { staff_user_id: s.id };
    const client = await signedInStaff(t.app, s.email, TEST_PASSWORD);
    const { secret, recoveryCodes } = await enrol(client, 'staff', owner);
    const first = (await signIn('staff', s.email)).json().challenge as string;
    const code = recoveryCodes[0]!.toUpperCase();
    expect((await secondFactor('staff', first, code)).statusCode).toBe(200);
    expect((await client.get('/api/staff/me/two-factor')).json().recoveryCodesLeft).toBe(9);
    const second = (await signIn('staff', s.email)).json().challenge as string;
    expectError(await secondFactor('staff', second, code), 401);

    const third = (await signIn('staff', s.email)).json().challenge as string;
    for (let i = 0; i < 5; i++) expectError(await secondFactor('staff', third, `99999${i}`), 401);
    expectError(await secondFactor('staff', third, await codeFor(owner, secret)), 401);
    // A portal challenge does not open a staff session, nor the other way round.
    const fourth = (await signIn('staff', s.email)).json().challenge as string;
    expectError(await secondFactor('portal', fourth, await codeFor(owner, secret)), 401);
  });

  it('turns off only after a step-up, and then signs in with the password alone', async () => {
    const s = await createStaffUser(db(), { role: 'agent' });
    const owner = { staff_user_id: s.id };
    const client = await signedInStaff(t.app, s.email, TEST_PASSWORD);
    const { secret } = await enrol(client, 'staff', owner);
    await staleStepUp(client, 'staff');
    expectError(await client.delete('/api/staff/me/two-factor'), 403, 'step_up_required');
    expectError(await client.post('/api/staff/session/step-up', { password: 'not it at all' }), 422);
    expectError(
      await client.post('/api/staff/session/step-up', { password: TEST_PASSWORD, code: '123456' }),
      422,
    );
    const stepped = await client.post('/api/staff/session/step-up', { code: await codeFor(owner, secret) });
    expect(stepped.statusCode, stepped.body).toBe(204);
    expect((await client.delete('/api/staff/me/two-factor')).statusCode).toBe(204);
    expect((await signIn('staff', s.email)).statusCode).toBe(200);
    expect(
      await db()
        .selectFrom('recovery_codes')
        .selectAll()
        .where(
          'two_factor_id',
          'in',
          db().selectFrom('two_factors').select('id').where('staff_user_id', '=', s.id),
        )
        .execute(),
    ).toEqual([]);
  });
});

describe('admins must use two factors', () => {
  it('sends an admin without them to enrolment at sign-in; agents are not affected', async () => {
    const boss = await createStaffUser(db(), { role: 'admin' });
    const bossClient = await signedInStaff(t.app, boss.email, TEST_PASSWORD);
    const agent = await createStaffUser(db(), { role: 'agent' });
    const agentClient = await signedInStaff(t.app, agent.email, TEST_PASSWORD);
    expectError(await agentClient.put('/api/staff/sign-in-settings', { adminsRequireTwoFactor: true }), 403);
    await staleStepUp(bossClient, 'staff');
    expectError(
      await bossClient.put('/api/staff/sign-in-settings', { adminsRequireTwoFactor: true }),
      403,
      'step_up_required',
    );
    expect(
      (await bossClient.post('/api/staff/session/step-up', { password: TEST_PASSWORD })).statusCode,
    ).toBe(204);
    const on = await bossClient.put('/api/staff/sign-in-settings', { adminsRequireTwoFactor: true });
    expect(on.statusCode, on.body).toBe(200);
    try {
      const admin = await createStaffUser(db(), { role: 'admin' });
      const half = await signIn('staff', admin.email);
      expect(half.statusCode, half.body).toBe(202);
      expect(half.json().next).toBe('enrol');
      expect(half.cookies).toEqual([]);
      const { challenge } = half.json();
      // The enrolment challenge is no second factor.
      expectError(await secondFactor('staff', challenge, '123456'), 401);
      const enrolment = await t.app.inject({
        method: 'POST',
        url: '/api/staff/session/enrolment',
        payload: { challenge },
      });
      expect(enrolment.statusCode, enrolment.body).toBe(200);
      const { secret } = enrolment.json();
      const confirmed = await t.app.inject({
        method: 'POST',
        url: '/api/staff/session/enrolment/confirm',
        payload: { challenge, code: await codeFor({ staff_user_id: admin.id }, secret) },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().user.id).toBe(admin.id);
      expect(confirmed.json().recoveryCodes).toHaveLength(10);
      // From now on: the second factor, and it cannot be turned off while required.
      expect((await signIn('staff', admin.email)).json().next).toBe('second_factor');
      const adminClient = new TestClient(t.app);
      const challenge2 = (
        await adminClient.post('/api/staff/session', { email: admin.email, password: TEST_PASSWORD })
      ).json().challenge;
      const ok = await adminClient.post('/api/staff/session/second-factor', {
        challenge: challenge2,
        code: await codeFor({ staff_user_id: admin.id }, secret),
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await adminClient.get('/api/staff/me/two-factor')).json()).toMatchObject({
        enabled: true,
        required: true,
      });
      expectError(await adminClient.delete('/api/staff/me/two-factor'), 409, 'conflict');
      // An agent without two factors signs in with the password alone.
      expect((await signIn('staff', agent.email)).statusCode).toBe(200);
    } finally {
      await bossClient.put('/api/staff/sign-in-settings', { adminsRequireTwoFactor: false });
    }
  });
});

describe('TOTP for contacts (optional)', () => {
  it('enrols in the portal and signs in with a code; not while impersonated', async () => {
    const c = await createContact(db(), { organizationId: orgId });
    const owner = { contact_id: c.id };
    const portal = await signedInContact(t.app, c.email, TEST_PASSWORD);
    expect((await portal.get('/api/portal/me/two-factor')).json()).toMatchObject({
      enabled: false,
      required: false,
    });
    const { secret } = await enrol(portal, 'portal', owner);
    const half = await signIn('portal', c.email);
    expect(half.statusCode).toBe(202);
    const done = await secondFactor('portal', half.json().challenge, await codeFor(owner, secret));
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().me.contact.id).toBe(c.id);

    const admin = await createStaffUser(db(), { role: 'admin' });
    const staff = await signedInStaff(t.app, admin.email, TEST_PASSWORD);
    const started = await staff.post('/api/staff/impersonations', {
      contactId: c.id,
      mode: 'write',
      reason: 'support',
    });
    expect(started.statusCode, started.body).toBe(201);
    expectError(await staff.get('/api/portal/me/two-factor'), 403, 'forbidden');
  });
});

describe('step-up', () => {
  it('guards impersonation, API tokens and erasing a contact; a sign-in counts', async () => {
    const s = await createStaffUser(db(), { role: 'admin' });
    const client = await signedInStaff(t.app, s.email, TEST_PASSWORD);
    const c = await createContact(db(), { organizationId: orgId });
    const doomed = await createContact(db(), { organizationId: orgId });
    await staleStepUp(client, 'staff');
    const before = await db()
      .selectFrom('sessions')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expectError(
      await client.post('/api/staff/impersonations', { contactId: c.id, reason: 'x' }),
      403,
      'step_up_required',
    );
    expectError(
      await client.post('/api/staff/api-tokens', { name: 'bot', scopes: ['read'] }),
      403,
      'step_up_required',
    );
    expectError(await client.delete(`/api/staff/contacts/${doomed.id}`), 403, 'step_up_required');
    // Nothing happened.
    const after = await db()
      .selectFrom('sessions')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(
      await db().selectFrom('contacts').select('id').where('id', '=', doomed.id).executeTakeFirst(),
    ).toBeDefined();
    // Re-authenticating opens the next 5 minutes.
    expect((await client.post('/api/staff/session/step-up', { password: TEST_PASSWORD })).statusCode).toBe(
      204,
    );
    expect(
      (await client.post('/api/staff/impersonations', { contactId: c.id, reason: 'x' })).statusCode,
    ).toBe(201);
    expect((await client.delete(`/api/staff/contacts/${doomed.id}`)).statusCode).toBe(204);
  });
});
