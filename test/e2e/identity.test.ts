// Issue 15 "Done when": impersonation asks for the password again. This journey has a server of its
// own whose step-up window (STEP_UP_SECONDS) is a few seconds, so the sign-in's password has stopped
// counting by the time the administrator starts "view portal as" — no clock or database touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shown, useBrowser } from './support/browser.ts';
import { DEMO_PASSWORD, DESKTOP, PEOPLE } from './support/env.ts';
import { startServer, type RunningServer } from './support/server.ts';

const STEP_UP_SECONDS = 3;
const browser = useBrowser();
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ STEP_UP_SECONDS: String(STEP_UP_SECONDS) });
}, 300_000);
afterAll(async () => {
  await server?.stop();
});

describe('step-up', () => {
  it('"view portal as" asks for the password again once the window has passed, then opens the portal', async () => {
    const { page, context } = await browser.tab(DESKTOP);
    const at = (path: string) => `${server.baseURL}${path}`;
    await page.goto(at('/staff/sign-in'));
    await page.getByLabel('E-mail address', { exact: true }).fill(PEOPLE.admin);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/staff') && !url.pathname.endsWith('/sign-in'));
    await page.goto(at('/staff/access/view-as'));
    await shown(page.getByRole('heading', { name: 'View portal as' }));
    await page.getByLabel('Contact', { exact: true }).fill('Linda');
    await page.getByRole('option', { name: /Linda Park/ }).click();
    await page.getByLabel('Reason', { exact: true }).fill('Checking what Linda sees');
    // Past the window: the password given at sign-in no longer counts.
    await new Promise((resolve) => setTimeout(resolve, (STEP_UP_SECONDS + 1) * 1000));

    await page.getByRole('button', { name: /^Open the portal as Linda Park/ }).click();
    const dialog = await shown(page.getByRole('dialog', { name: 'Confirm it is you' }));
    // No tab yet: it would hide the dialog.
    expect(context.pages()).toHaveLength(1);
    await dialog.getByLabel('Your password').fill('not the password at all');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await shown(dialog.getByText(/not your password/));
    await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
    const opened = context.waitForEvent('page');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const portal = await opened;
    await portal.waitForURL(/\/portal\/tickets/);
    await shown(portal.getByRole('button', { name: 'Exit impersonation' }));
    await shown(page.getByText('The portal is open as Linda Park'));
  });
});
