// Issue 15: an administrator turns on two-factor sign-in (TOTP) in the console and signs in with
// it; the code is made here with otplib, as the phone's app would.
import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInApi, type Api } from './support/api.ts';
import { shown, useBrowser } from './support/browser.ts';
import { DESKTOP, PEOPLE } from './support/env.ts';

const browser = useBrowser();
const PASSWORD = 'a long e2e passphrase 7731';

let staff: { api: Api; dispose(): Promise<void> };
beforeAll(async () => {
  staff = await signInApi('staff', PEOPLE.admin);
});
afterAll(async () => {
  await staff?.dispose();
});

describe('two-factor sign-in', () => {
  it('an administrator turns on TOTP and signs in with it', async () => {
    const email = `totp-${randomBytes(4).toString('hex')}@portico.example`;
    await staff.api.post('/api/staff/staff-users', {
      name: 'Tess Otp',
      email,
      role: 'admin',
      password: PASSWORD,
    });

    const { page } = await browser.tab(DESKTOP);
    await page.goto('/staff/sign-in');
    await page.getByLabel('E-mail address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/staff') && !url.pathname.endsWith('/sign-in'));
    await page.goto('/staff/account');
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await (await shown(page.getByTestId('totp-secret'))).innerText()).trim();
    await shown(page.getByRole('img', { name: 'QR code for the authenticator app' }));
    await page.getByLabel('Code from the app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = await shown(page.getByRole('list', { name: 'Recovery codes' }));
    expect(await codes.getByRole('listitem').count()).toBe(10);

    // A fresh browser: the password, then the code (the next time step: each is used once).
    const second = await browser.tab(DESKTOP);
    await second.page.goto('/staff/sign-in');
    await second.page.getByLabel('E-mail address', { exact: true }).fill(email);
    await second.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await second.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await shown(second.page.getByRole('heading', { name: 'Two-factor sign-in' }));
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    await second.page.getByLabel('Code', { exact: true }).fill(next);
    await second.page.getByRole('button', { name: 'Verify' }).click();
    await second.page.waitForURL((url) => url.pathname.startsWith('/staff/tickets'));
    await second.page.goto('/staff/account');
    await shown(second.page.getByText(/recovery codes left/));
  });
});
