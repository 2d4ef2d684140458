// Issue 15 §1: a teacher signs in with the district's identity provider (a real OpenID Connect
// provider, oidc-provider on 127.0.0.1, configured through the admin API) — its own login and
// consent pages, then back to the portal, signed in, with the knowledge base article of the
// user group its `groups` claim names.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInApi, type Api } from './support/api.ts';
import { navigate, shown, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE, RUN } from './support/env.ts';
import { startOidcProvider, TEST_CLIENT, type TestOidcProvider } from '../support/oidc-provider.ts';

const browser = useBrowser();
const PROVIDER = `District ID ${RUN}`;
const ARTICLE = `Lab safety for science teachers ${RUN}`;

let staff: { api: Api; dispose(): Promise<void> };
let idp: TestOidcProvider;

beforeAll(async () => {
  idp = await startOidcProvider([`${inject('baseURL')}/api/auth/oidc/callback`], {
    rachel: {
      email: PEOPLE.rachel,
      email_verified: true,
      name: 'Rachel Nguyen',
      department: 'science',
      groups: ['science-dept'],
    },
  });
  staff = await signInApi('staff', PEOPLE.admin);
  const group = await staff.api.post<{ id: string }>('/api/staff/user-groups', {
    name: `Science teachers ${RUN}`,
  });
  await staff.api.post('/api/staff/kb-articles', {
    title: ARTICLE,
    body: 'Goggles on before the burner.',
    published: true,
    visibility: 'groups',
    userGroupIds: [group.id],
  });
  await staff.api.post('/api/staff/sign-in/oidc-providers', {
    name: PROVIDER,
    issuer: idp.issuer,
    clientId: TEST_CLIENT.id,
    clientSecret: TEST_CLIENT.secret,
    audience: 'portal',
    allowedDomains: ['almond.shoestring.example'],
    groupClaims: [{ claim: 'science-dept', userGroupId: group.id }],
  });
});
afterAll(async () => {
  await staff?.dispose();
  await idp?.close();
});

describe('OpenID Connect sign-in', () => {
  it("a teacher signs in through the district's provider and sees what its groups give", async () => {
    const { page } = await browser.tab(DESKTOP);
    await page.goto('/portal/sign-in');
    await page.getByRole('link', { name: `Sign in with ${PROVIDER}` }).click();

    // The provider's own pages: its login form, then its consent.
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.getByPlaceholder('Enter any login').fill('rachel');
    await page.getByPlaceholder('and password').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL((url) => url.pathname.startsWith('/portal') && !url.pathname.includes('sign-in'));
    await navigate(page, 'Knowledge base');
    await shown(page.getByText(ARTICLE));
    await page.goto('/portal/account');
    await shown(page.getByText('Rachel Nguyen').first());
    expect(page.url()).not.toContain('sign-in');
  });
});
