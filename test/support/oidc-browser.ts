// A browser's trip through an OIDC sign-in, driven with plain HTTP: Portico through the test
// client (its cookies kept), the provider with fetch and a cookie jar of its own, every redirect
// followed by hand, the provider's login and consent forms filled in and posted.
import { expect } from 'vitest';
import type { TestClient } from './app.ts';

const FORM_ACTION = /<form[^>]*action="([^"]+)"/;
const PROMPT = /name="prompt" value="([a-z]+)"/;

class CookieJar {
  private cookies = new Map<string, string>();
  keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value) this.cookies.set(pair.slice(0, at), value);
      else this.cookies.delete(pair.slice(0, at));
    }
  }
  header = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * Walks the provider from `url` (its authorization URL) until it redirects to `portico` (the
 * callback, with code and state), signing in as `login`; answers that URL.
 */
export async function throughProvider(url: string, login: string, portico: string): Promise<URL> {
  const jar = new CookieJar();
  let next = new URL(url);
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    if (next.href.startsWith(portico)) return next;
    const response = await fetch(next, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form.toString() } : {}),
    });
    jar.keep(response);
    form = undefined;
    const location = response.headers.get('location');
    if (location) {
      next = new URL(location, next);
      continue;
    }
    const html = await response.text();
    expect(response.status, html).toBe(200);
    const action = FORM_ACTION.exec(html)?.[1];
    const prompt = PROMPT.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at the provider: ${html.slice(0, 500)}`);
    form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    next = new URL(action, next);
  }
  throw new Error('the provider never sent the browser back');
}

/** Starts a sign-in at Portico and follows it to the callback's answer (a redirect). */
export async function oidcSignIn(
  client: TestClient,
  providerId: string,
  side: 'portal' | 'staff',
  login: string,
  publicUrl: string,
  beforeCallback?: () => Promise<void>,
) {
  const start = await client.get(`/api/auth/oidc/${providerId}/start?audience=${side}`);
  expect(start.statusCode, start.body).toBe(302);
  const callback = await throughProvider(String(start.headers.location), login, publicUrl);
  await beforeCallback?.();
  const answer = await client.get(callback.pathname + callback.search);
  expect(answer.statusCode, answer.body).toBe(302);
  return { location: String(answer.headers.location), callback };
}
