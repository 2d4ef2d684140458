import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { registerModules } from '../../src/modules/routes.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export type QueuedMail = {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  batchId: string | null;
};

export type TestApp = {
  app: FastifyInstance;
  testDb: TestDatabase;
  config: Config;
  /** The messages in the outbox (mail_messages), oldest first. */
  queuedMails(): Promise<QueuedMail[]>;
  close(): Promise<void>;
};

export async function startTestApp(
  env: Record<string, string> = {},
  /** mailWorker: start the outbox worker (off by default, so tests read the queue as it was written). */
  options: { testDb?: TestDatabase; mailWorker?: boolean } = {},
): Promise<TestApp> {
  const testDb = options.testDb ?? (await createTestDatabase());
  const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://portico.test', ...env });
  const app = await buildApp({
    database: testDb.database,
    config,
    routes: registerModules,
    mailWorker: options.mailWorker ?? false,
    logger: false,
  });
  return {
    app,
    testDb,
    config,
    queuedMails: () =>
      testDb.database.db
        .selectFrom('mail_messages')
        .select([
          'id',
          'kind',
          'to_address as to',
          'subject',
          'text_body as text',
          'status',
          'batch_id as batchId',
        ])
        .orderBy('id')
        .execute(),
    async close() {
      await app.close();
      if (!options.testDb) await testDb.drop();
    },
  };
}

type Body = Record<string, unknown> | unknown[] | string | Buffer;

/**
 * A browser-like client over app.inject: keeps cookies and echoes the CSRF token, as the web UI
 * does. `bearer` makes it an API-token client instead.
 */
export class TestClient {
  private cookies = new Map<string, string>();
  bearer?: string;

  constructor(readonly app: FastifyInstance) {}

  async request(
    method: InjectOptions['method'],
    url: string,
    body?: Body,
    headers: Record<string, string> = {},
  ) {
    const allHeaders: Record<string, string> = { ...headers };
    if (this.cookies.size) allHeaders.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('portico_staff_csrf') ?? this.cookies.get('portico_portal_csrf');
    if (csrf && !('x-csrf-token' in allHeaders))
      allHeaders['x-csrf-token'] = url.startsWith('/api/portal')
        ? (this.cookies.get('portico_portal_csrf') ?? csrf)
        : (this.cookies.get('portico_staff_csrf') ?? csrf);
    if (this.bearer) allHeaders.authorization = `Bearer ${this.bearer}`;
    const options: InjectOptions = { method, url, headers: allHeaders };
    if (body !== undefined) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) options.payload = body;
      else options.payload = body as Record<string, unknown>;
    }
    const response = await this.app.inject(options);
    this.keepCookies(response);
    return response;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: Body) => this.request('POST', url, body ?? {});
  patch = (url: string, body: Body) => this.request('PATCH', url, body);
  put = (url: string, body: Body) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  forgetCookie(name: string): void {
    this.cookies.delete(name);
  }

  private keepCookies(response: LightMyRequestResponse) {
    for (const c of response.cookies as Array<{ name: string; value: string; expires?: Date }>) {
      if (!c.value || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
}

export async function signedInStaff(app: FastifyInstance, email: string, password: string) {
  const client = new TestClient(app);
  const res = await client.post('/api/staff/session', { email, password });
  if (res.statusCode !== 200) throw new Error(`staff sign-in failed: ${res.statusCode} ${res.body}`);
  return client;
}

export async function signedInContact(app: FastifyInstance, email: string, password: string) {
  const client = new TestClient(app);
  const res = await client.post('/api/portal/session', { email, password });
  if (res.statusCode !== 200) throw new Error(`portal sign-in failed: ${res.statusCode} ${res.body}`);
  return client;
}
