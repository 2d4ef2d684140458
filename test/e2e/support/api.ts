// The Portico API as the tests use it to check what the pages show: either with a browser
// context's own session (the cookies the page signed in with) or with a session of its own.
import { request, type APIRequestContext, type APIResponse, type BrowserContext } from 'playwright-core';
import { inject } from 'vitest';
import { DEMO_PASSWORD } from './env.ts';

export type Audience = 'portal' | 'staff';
export type Page<T> = { items: T[]; nextCursor: string | null };

export class Api {
  constructor(
    private readonly http: APIRequestContext,
    private readonly csrf: () => Promise<string | undefined>,
  ) {}

  async send(method: string, url: string, body?: unknown): Promise<APIResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') {
      const token = await this.csrf();
      if (token) headers['x-csrf-token'] = token;
    }
    return this.http.fetch(url, { method, headers, ...(body === undefined ? {} : { data: body }) });
  }

  private async json<T>(method: string, url: string, body?: unknown): Promise<T> {
    const response = await this.send(method, url, body);
    if (!response.ok())
      throw new Error(`${method} ${url} answered ${response.status()}: ${await response.text()}`);
    return (response.status() === 204 ? undefined : await response.json()) as T;
  }

  get<T>(url: string): Promise<T> {
    return this.json<T>('GET', url);
  }
  post<T>(url: string, body?: unknown): Promise<T> {
    return this.json<T>('POST', url, body ?? {});
  }
  patch<T>(url: string, body: unknown): Promise<T> {
    return this.json<T>('PATCH', url, body);
  }

  /** Every item of a keyset-paginated list. */
  async all<T>(url: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const page: Page<T> = await this.get<Page<T>>(
        `${url}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}

/** The API with the session a browser context signed in with (its cookies, its CSRF token). */
export function apiOf(context: BrowserContext, audience: Audience): Api {
  return new Api(context.request, async () => {
    const cookie = (await context.cookies()).find((c) => c.name === `portico_${audience}_csrf`);
    return cookie ? decodeURIComponent(cookie.value) : undefined;
  });
}

/** A session of its own, signed in through the API; dispose() ends it. */
export async function signInApi(
  audience: Audience,
  email: string,
): Promise<{ api: Api; dispose(): Promise<void> }> {
  const http = await request.newContext({ baseURL: inject('baseURL') });
  const response = await http.post(`/api/${audience}/session`, { data: { email, password: DEMO_PASSWORD } });
  if (!response.ok()) {
    await http.dispose();
    throw new Error(
      `Signing in ${email} (${audience}) answered ${response.status()}: ${await response.text()}`,
    );
  }
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { api: new Api(http, async () => csrfToken), dispose: () => http.dispose() };
}
