// Issue 15 §1: OpenID Connect sign-in against a real provider (oidc-provider on 127.0.0.1),
// through the real redirect flow: the provider's login and consent pages, code + PKCE, state,
// nonce and the ID token checked; linking by verified e-mail then by subject; just-in-time
// contacts; the `groups` claim driving the memberships the provider manages and, like the
// directory's privilege mappings, the privilege group (the first mapping the claims hold wins).
import { generate } from 'otplib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import {
  createContact,
  createOrganization,
  createStaffUser,
  privilegeGroupId,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { expectError } from '../support/expect.ts';
import { startOidcProvider, TEST_CLIENT, type TestOidcProvider } from '../support/oidc-provider.ts';
import { oidcSignIn, throughProvider } from '../support/oidc-browser.ts';

const PUBLIC_URL = 'http://portico.test';
let t: TestApp;
let idp: TestOidcProvider;
let admin: TestClient;
let districtId: string;
let teacherId: string;
const groups: Record<string, string> = {};
let providerId: string;
const db = () => t.testDb.database.db;

const providerBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'District',
  issuer: idp.issuer,
  clientId: TEST_CLIENT.id,
  clientSecret: TEST_CLIENT.secret,
  audience: 'both',
  allowedDomains: ['district.test'],
  groupClaims: [
    { claim: 'teachers', userGroupId: groups.teachers },
    { claim: 'science-dept', userGroupId: groups.science },
    { claim: 'hand', userGroupId: groups.hand },
  ],
  ...overrides,
});

async function groupNamesOf(contactId: string) {
  const rows = await db()
    .selectFrom('user_group_contacts')
    .innerJoin('user_groups', 'user_groups.id', 'user_group_contacts.user_group_id')
    .select('user_groups.name')
    .where('contact_id', '=', contactId)
    .orderBy('user_groups.name')
    .execute();
  return rows.map((r) => r.name);
}

const signIn = (login: string, side: 'portal' | 'staff' = 'portal', client = new TestClient(t.app)) =>
  oidcSignIn(client, providerId, side, login, PUBLIC_URL).then((r) => ({ ...r, client }));

beforeAll(async () => {
  idp = await startOidcProvider([`${PUBLIC_URL}/api/auth/oidc/callback`]);
  t = await startTestApp({ PUBLIC_URL });
  const district = await createOrganization(db(), { name: 'District' });
  districtId = district.id;
  await db()
    .updateTable('organizations')
    .set({ mail_domain: 'district.test' })
    .where('id', '=', districtId)
    .execute();
  for (const name of ['teachers', 'science', 'hand'])
    groups[name] = (
      await db()
        .insertInto('user_groups')
        .values({ name: `OIDC ${name}` })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  teacherId = (
    await createContact(db(), {
      organizationId: districtId,
      email: 'Teacher@district.test',
      withPassword: false,
    })
  ).id;
  const a = await createStaffUser(db(), { role: 'admin' });
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
  const created = await admin.post('/api/staff/sign-in/oidc-providers', providerBody());
  expect(created.statusCode, created.body).toBe(201);
  providerId = created.json().id;
});
afterAll(async () => {
  await t.close();
  await idp.close();
});

describe('providers (admin)', () => {
  it('never answers the client secret, audits changes and asks for step-up', async () => {
    const list = await admin.get('/api/staff/sign-in/oidc-providers');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(TEST_CLIENT.secret);
    expect(list.json().items[0]).toMatchObject({
      id: providerId,
      redirectUri: `${PUBLIC_URL}/api/auth/oidc/callback`,
    });
    const audited = await db()
      .selectFrom('audit_log')
      .select(['action', sql<string>`coalesce("after"::text, '')`.as('after')])
      .where('entity_id', '=', providerId)
      .execute();
    expect(audited.map((r) => r.action)).toContain('oidc_provider_created');
    expect(audited.map((r) => r.after).join()).not.toContain(TEST_CLIENT.secret);

    const buttons = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/providers?audience=portal' });
    expect(buttons.json()).toEqual({ items: [{ id: providerId, name: 'District' }] });

    // Not an agent; not an administrator who has not given the password again lately.
    const agent = await createStaffUser(db(), { role: 'agent' });
    expectError(
      await (await signedInStaff(t.app, agent.email, TEST_PASSWORD)).get('/api/staff/sign-in/oidc-providers'),
      403,
    );
    const b = await createStaffUser(db(), { role: 'admin' });
    const stale = await signedInStaff(t.app, b.email, TEST_PASSWORD);
    await db()
      .updateTable('sessions')
      .set({ reauthenticated_at: sql<Date>`now() - interval '6 minutes'` })
      .where('staff_user_id', '=', b.id)
      .execute();
    expectError(
      await stale.put(`/api/staff/sign-in/oidc-providers/${providerId}`, providerBody()),
      403,
      'step_up_required',
    );
  });

  it('refuses settings that cannot work (422, nothing changed)', async () => {
    const bad = [
      [{ issuer: 'http://idp.example.com' }, 'body.issuer'],
      [{ jitEnabled: true }, 'body.jitOrganizationId'],
      [{ jitEnabled: true, audience: 'staff', jitOrganizationId: districtId }, 'body.jitEnabled'],
      [
        { groupClaims: [{ claim: 'x', userGroupId: '00000000-0000-7000-8000-000000000000' }] },
        'body.groupClaims.0.userGroupId',
      ],
      [
        { privilegeClaims: [{ claim: 'x', privilegeGroupId: '00000000-0000-7000-8000-000000000000' }] },
        'body.privilegeClaims.0.privilegeGroupId',
      ],
      [{ allowedDomains: ['not a domain'] }, 'body.allowedDomains.0'],
    ] as const;
    for (const [overrides, path] of bad)
      expectError(
        await admin.post('/api/staff/sign-in/oidc-providers', providerBody(overrides)),
        422,
        undefined,
        path,
      );
    expect((await admin.get('/api/staff/sign-in/oidc-providers')).json().items).toHaveLength(1);
  });
});

describe('signing in through the provider', () => {
  it('links the teacher by verified e-mail, opens a portal session and applies the claims', async () => {
    // A membership given by hand, which the claims must never take away.
    await db()
      .insertInto('user_group_contacts')
      .values({ user_group_id: groups.hand!, contact_id: teacherId })
      .execute();
    const { location, client } = await signIn('teacher');
    expect(location).toBe('/portal');
    const me = await client.get('/api/portal/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().contact).toMatchObject({ id: teacherId, department: 'Science' });
    expect(await groupNamesOf(teacherId)).toEqual(['OIDC hand', 'OIDC science', 'OIDC teachers']);
    const link = await db()
      .selectFrom('oidc_identities')
      .selectAll()
      .where('contact_id', '=', teacherId)
      .executeTakeFirstOrThrow();
    expect(link).toMatchObject({ provider_id: providerId, subject: 'teacher' });
    const added = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_label'])
      .where('entity_id', '=', groups.science!)
      .execute();
    expect(added).toContainEqual({ action: 'add_contact', actor_label: 'OIDC District' });
  });

  it('removes the memberships the claims no longer give, never one added by hand', async () => {
    idp.accounts.teacher!.groups = ['teachers'];
    await signIn('teacher');
    expect(await groupNamesOf(teacherId)).toEqual(['OIDC hand', 'OIDC teachers']);
    idp.accounts.teacher!.groups = [];
    await signIn('teacher');
    expect(await groupNamesOf(teacherId)).toEqual(['OIDC hand']);
    idp.accounts.teacher!.groups = ['teachers', 'science-dept'];
  });

  it('the first privilege mapping the claims hold sets the privilege group; one without portal access refuses', async () => {
    const [partial, limited, none] = [
      await privilegeGroupId(db(), 'partial'),
      await privilegeGroupId(db(), 'limited'),
      await privilegeGroupId(db(), 'no_portal_access'),
    ];
    const privilegeClaims = [
      { claim: 'principals', privilegeGroupId: none },
      { claim: 'science-dept', privilegeGroupId: partial },
      { claim: 'teachers', privilegeGroupId: limited },
    ];
    const saved = await admin.put(
      `/api/staff/sign-in/oidc-providers/${providerId}`,
      providerBody({ privilegeClaims }),
    );
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().privilegeClaims).toEqual(privilegeClaims);
    const privilegeOfTeacher = async () =>
      (
        await db()
          .selectFrom('contacts')
          .select('privilege_group_id')
          .where('id', '=', teacherId)
          .executeTakeFirstOrThrow()
      ).privilege_group_id;
    await signIn('teacher');
    expect(await privilegeOfTeacher()).toBe(partial);
    idp.accounts.teacher!.groups = ['teachers'];
    await signIn('teacher');
    expect(await privilegeOfTeacher()).toBe(limited);
    // Mapped to a privilege group without portal access: refused, and none of the claims kept.
    idp.accounts.teacher!.groups = ['science-dept', 'principals'];
    expect((await signIn('teacher')).location).toBe('/portal/sign-in?oidc_error=not_allowed');
    expect(await privilegeOfTeacher()).toBe(limited);
    expect(await groupNamesOf(teacherId)).toEqual(['OIDC hand', 'OIDC teachers']);
    const audit = await db()
      .selectFrom('audit_log')
      .select('after')
      .where('entity_id', '=', teacherId)
      .where('action', '=', 'update')
      .where('actor_label', '=', 'OIDC District')
      .execute();
    expect(audit.map((a) => a.after)).toContainEqual({ privilegeGroupId: partial });
    idp.accounts.teacher!.groups = ['teachers', 'science-dept'];
    const reset = providerBody({ privilegeClaims: [] });
    expect((await admin.put(`/api/staff/sign-in/oidc-providers/${providerId}`, reset)).statusCode).toBe(200);
  });

  it('matches a linked subject by subject, not by the e-mail it now gives', async () => {
    idp.accounts.teacher!.email = 'tess.renamed@district.test';
    const { location, client } = await signIn('teacher');
    expect(location).toBe('/portal');
    expect((await client.get('/api/portal/me')).json().contact.id).toBe(teacherId);
    idp.accounts.teacher!.email = 'teacher@district.test';
  });

  it('refuses an unverified e-mail, a domain not allowed and an unknown person, with no session', async () => {
    for (const [login, reason] of [
      ['unverified', 'email_unverified'],
      ['outsider', 'domain_not_allowed'],
      ['newcomer', 'unknown_account'],
    ]) {
      const { location, client } = await signIn(login!);
      expect(location).toBe(`/portal/sign-in?oidc_error=${reason}`);
      expect(client.cookie('portico_portal')).toBeUndefined();
    }
    expect(
      await db()
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'newcomer@district.test')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('refuses a contact without portal access', async () => {
    const c = await createContact(db(), {
      organizationId: districtId,
      email: 'it-admin@district.test',
      privilegeGroup: 'no_portal_access',
    });
    expect((await signIn('itadmin')).location).toBe('/portal/sign-in?oidc_error=not_allowed');
    await db().deleteFrom('contacts').where('id', '=', c.id).execute();
  });

  it('creates a newcomer just in time in the organization of its mail domain', async () => {
    const res = await admin.put(
      `/api/staff/sign-in/oidc-providers/${providerId}`,
      providerBody({ jitEnabled: true, jitByMailDomain: true }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const { location, client } = await signIn('newcomer');
    expect(location).toBe('/portal');
    const me = (await client.get('/api/portal/me')).json();
    expect(me.contact).toMatchObject({ email: 'newcomer@district.test', name: 'Nora Newcomer' });
    expect(me.organization.id).toBe(districtId);
    expect(await groupNamesOf(me.contact.id)).toEqual(['OIDC teachers']);
  });

  it('refuses a wrong state, another browser and a wrong nonce', async () => {
    // The callback's state must be the one this browser was given.
    const client = new TestClient(t.app);
    const { callback } = await oidcSignIn(client, providerId, 'portal', 'teacher', PUBLIC_URL, async () => {
      client.forgetCookie('portico_oidc');
    });
    expect(callback.searchParams.get('code')).toBeTruthy();
    const other = await new TestClient(t.app).get(callback.pathname + callback.search);
    expect(other.headers.location).toBe('/portal/sign-in?oidc_error=expired');

    const forged = new TestClient(t.app);
    const start = await forged.get(`/api/auth/oidc/${providerId}/start?audience=portal`);
    expect(start.statusCode).toBe(302);
    const wrongState = await forged.get('/api/auth/oidc/callback?code=abc&state=not-the-state');
    expect(wrongState.headers.location).toBe('/portal/sign-in?oidc_error=expired');

    // The ID token's nonce must be the one sent: change the one kept and the token is refused.
    const tampered = await oidcSignIn(
      new TestClient(t.app),
      providerId,
      'portal',
      'teacher',
      PUBLIC_URL,
      async () => {
        await db().updateTable('oidc_logins').set({ nonce: 'another-nonce' }).execute();
      },
    );
    expect(tampered.location).toBe('/portal/sign-in?oidc_error=provider_error');
  });
});

describe('staff', () => {
  it('opens a staff session, and still asks for the second factor of a staff user who has one', async () => {
    const s = await createStaffUser(db(), { role: 'agent', email: 'it-admin@district.test' });
    const { location, client } = await signIn('itadmin', 'staff');
    expect(location).toBe('/staff');
    expect((await client.get('/api/staff/me')).json().id).toBe(s.id);

    const enrolling = await client.post('/api/staff/me/two-factor/enrolment');
    const secret: string = enrolling.json().secret;
    expect(
      (await client.post('/api/staff/me/two-factor/enrolment/confirm', { code: await generate({ secret }) }))
        .statusCode,
    ).toBe(200);
    await db()
      .updateTable('two_factors')
      .set({ last_step: null })
      .where('staff_user_id', '=', s.id)
      .execute();

    const second = await signIn('itadmin', 'staff');
    expect(second.location).toMatch(/^\/staff\/sign-in#challenge=.+&next=second_factor/);
    expect(second.client.cookie('portico_staff')).toBeUndefined();
    const challenge = new URLSearchParams(second.location.split('#')[1]).get('challenge')!;
    const done = await second.client.post('/api/staff/session/second-factor', {
      challenge,
      code: await generate({ secret }),
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await second.client.get('/api/staff/me')).json().id).toBe(s.id);
  });

  it('refuses a provider for the portal only on the staff side', async () => {
    const res = await admin.put(
      `/api/staff/sign-in/oidc-providers/${providerId}`,
      providerBody({ audience: 'portal' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expectError(await new TestClient(t.app).get(`/api/auth/oidc/${providerId}/start?audience=staff`), 404);
  });
});

describe('step-up through the provider', () => {
  const makeStale = () =>
    db()
      .updateTable('sessions')
      .set({ reauthenticated_at: sql<Date>`now() - interval '1 hour'` })
      .where('contact_id', '=', teacherId)
      .execute();

  it('a teacher without a password signs in at the provider again; another account there does not count', async () => {
    const { client } = await signIn('teacher');
    const sessionCount = async () =>
      (await db().selectFrom('sessions').select('id').where('contact_id', '=', teacherId).execute()).length;
    const sessionsBefore = await sessionCount();
    const until = async () => (await client.get('/api/portal/session/step-up')).json().until as string | null;
    await makeStale();
    expect(await until()).toBeNull();
    // There is no password to give.
    expectError(await client.post('/api/portal/session/step-up', { password: 'anything at all' }), 422);

    const start = await client.post('/api/portal/session/step-up/oidc', {
      providerId,
      next: '/portal/account',
    });
    expect(start.statusCode, start.body).toBe(200);
    const url = new URL(start.json().url);
    expect([url.searchParams.get('prompt'), url.searchParams.get('max_age')]).toEqual(['login', '0']);
    const callback = await throughProvider(url.href, 'teacher', PUBLIC_URL);
    const back = await client.get(callback.pathname + callback.search);
    expect(back.statusCode, back.body).toBe(302);
    expect(back.headers.location).toBe('/portal/account');
    expect(await until()).not.toBeNull();
    // It opened no session of its own.
    expect(await sessionCount()).toBe(sessionsBefore);

    await makeStale();
    const again = await client.post('/api/portal/session/step-up/oidc', {
      providerId,
      next: '/portal/account',
    });
    const asOther = await throughProvider(again.json().url as string, 'newcomer', PUBLIC_URL);
    const refused = await client.get(asOther.pathname + asOther.search);
    expect(refused.headers.location).toBe('/portal/account?oidc_error=step_up_failed');
    expect(await until()).toBeNull();
  });

  it('refuses a provider the account is not linked to (422) and a session that is not signed in (401)', async () => {
    const c = await createContact(db(), { organizationId: districtId });
    const client = new TestClient(t.app);
    const signedIn = await client.post('/api/portal/session', { email: c.email, password: TEST_PASSWORD });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expectError(
      await client.post('/api/portal/session/step-up/oidc', { providerId }),
      422,
      'validation_failed',
      'body.providerId',
    );
    expectError(await new TestClient(t.app).post('/api/portal/session/step-up/oidc', { providerId }), 401);
  });
});
