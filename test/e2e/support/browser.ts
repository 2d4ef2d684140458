// Headless Chromium (Debian's, never a download) through playwright-core, and the few steps every
// journey shares: a tab at a given width, signing in through the form, the main navigation
// (behind "Menu" on a phone), waiting for what a person would see, and screenshots.
import { existsSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { DEMO_PASSWORD, DESKTOP, SCREENSHOT_DIR } from './env.ts';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Generous: the machines are small and shared. */
const ACTION_TIMEOUT_MS = 20_000;

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`No Chromium at ${executablePath}: install Debian's chromium or set CHROMIUM_PATH.`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export type Viewport = { width: number; height: number };

/** A browser context (its own cookies) with one page; `errors` collects uncaught page errors. */
export type Tab = { context: BrowserContext; page: Page; errors: string[] };

async function newTab(browser: Browser, viewport: Viewport): Promise<Tab> {
  const phone = viewport.width < 600;
  const context = await browser.newContext({
    baseURL: inject('baseURL'),
    viewport,
    isMobile: phone,
    hasTouch: phone,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(30_000);
  const errors: string[] = [];
  const watch = (page: Page) =>
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  context.on('page', watch);
  const page = await context.newPage();
  return { context, page, errors };
}

/**
 * One browser per test file. tab() gives a fresh context closed after the test; sharedTab() one
 * kept until the file ends. An uncaught error in a page fails the test it happened in.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  const perTest: Tab[] = [];
  const perFile: Tab[] = [];
  // A test worker whose runner is gone (Ctrl-C, a kill) closes its browser and ends, instead of
  // running on with nobody to report to (process.exit is vitest's own in a worker: it throws).
  const orphaned = () => {
    const open = browser;
    browser = undefined;
    const end = () => process.kill(process.pid, 'SIGKILL');
    setTimeout(end, 5_000).unref();
    void open?.close().finally(end);
  };
  beforeAll(async () => {
    browser = await launchBrowser();
    process.once('disconnect', orphaned);
  });
  afterEach(async () => {
    const tabs = perTest.splice(0);
    const errors = [...tabs, ...perFile].flatMap((t) => t.errors.splice(0));
    for (const t of tabs) await t.context.close().catch(() => undefined);
    if (errors.length) throw new Error(`Uncaught errors in the page:\n${errors.join('\n')}`);
  });
  afterAll(async () => {
    process.removeListener('disconnect', orphaned);
    for (const t of perFile.splice(0)) await t.context.close().catch(() => undefined);
    const open = browser;
    browser = undefined;
    await open?.close();
  });
  const open = async (list: Tab[], viewport: Viewport) => {
    if (!browser) throw new Error('The browser is not running (beforeAll failed?)');
    const tab = await newTab(browser, viewport);
    list.push(tab);
    return tab;
  };
  return {
    tab: (viewport: Viewport = DESKTOP) => open(perTest, viewport),
    sharedTab: (viewport: Viewport = DESKTOP) => open(perFile, viewport),
  };
}

/** Signs in through the sign-in form, as a person does, and waits for the first page after it. */
export async function signIn(page: Page, audience: 'portal' | 'staff', email: string): Promise<void> {
  try {
    await page.goto(`/${audience}/sign-in`);
    await page.getByLabel('E-mail address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith(`/${audience}`) && !url.pathname.endsWith('/sign-in'),
    );
    // Folded away behind "Menu" on a phone: present, not visible.
    await page.getByRole('navigation', { name: 'Main', includeHidden: true }).waitFor({ state: 'attached' });
  } catch (error) {
    throw new Error(`Signing in ${email} at /${audience} failed; the page shows:\n${await pageText(page)}`, {
      cause: error,
    });
  }
}

/** What the page shows (its address, title and text), for a failure message. */
export async function pageText(page: Page): Promise<string> {
  const text = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .catch((e: unknown) => `(no text: ${String(e)})`);
  return `${page.url()} "${await page.title().catch(() => '')}"\n${text.slice(0, 1_500)}`;
}

/** Follows a link of the main navigation, opening the "Menu" first where it is folded away. */
export async function navigate(page: Page, label: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
}

/** The names of the main navigation's links (folded away or not). */
export async function navLabels(page: Page): Promise<string[]> {
  const links = page
    .getByRole('navigation', { name: 'Main', includeHidden: true })
    .getByRole('link', { includeHidden: true });
  return (await links.allInnerTexts()).map((t) => t.trim());
}

/** Waits until the element is visible, and returns it. */
export async function shown(locator: Locator, timeout = ACTION_TIMEOUT_MS): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator;
}

/** Waits until the element's text contains `text`. */
export async function hasText(locator: Locator, text: string | RegExp): Promise<void> {
  await expect
    .poll(async () => ((await locator.count()) ? await locator.first().innerText() : ''), {
      timeout: ACTION_TIMEOUT_MS,
      interval: 200,
    })
    .toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
}

/** No "Loading…" left in the main region. */
export async function settled(page: Page): Promise<void> {
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: ACTION_TIMEOUT_MS });
}

/** docs/screenshots/e2e-<name>.png, for the README. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await settled(page);
  await page.mouse.move(0, 0);
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `e2e-${name}.png`),
    fullPage: options.fullPage ?? false,
    animations: 'disabled',
    caret: 'hide',
  });
}
