// Issue 16: while PostgreSQL cannot be reached the API answers 503 with Retry-After (it answered
// 500), and serves again by itself once the database is back. The app reaches its database
// through a TCP proxy that the test cuts and restores.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../src/db/database.ts';
import { signedInContact, signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/database.ts';
import { createContact, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';

/** Forwards connections to `target` until cut; restore() listens on the same port again. */
class CuttableProxy {
  private server?: Server;
  private sockets = new Set<Socket>();
  port = 0;

  constructor(private target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Refuses new connections and breaks the open ones, as a database that went away. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe.skipIf(testEngine !== 'postgres')('a database outage', () => {
  let testDb: TestDatabase;
  let proxy: CuttableProxy;
  let proxied: Database;
  let t: TestApp;
  let staff: TestClient;
  let portal: TestClient;
  let email: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const url = new URL(testDb.url!);
    proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.start();
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    proxied = await openPostgres(url.toString(), 3);
    t = await startTestApp({}, { testDb: { database: proxied, drop: async () => {} } });
    email = (await createStaffUser(testDb.database.db)).email;
    staff = await signedInStaff(t.app, email, TEST_PASSWORD);
    const contact = await createContact(testDb.database.db, { privilegeGroup: 'full' });
    portal = await signedInContact(t.app, contact.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await t?.close();
    await proxied?.close();
    await proxy?.cut();
    await testDb?.drop();
  });

  it('answers 503 with Retry-After while it lasts, and 200 again once it is over', async () => {
    expect((await staff.get('/api/staff/me')).statusCode).toBe(200);

    await proxy.cut();
    const answers = [
      await staff.get('/api/staff/me'),
      await staff.get('/api/staff/tickets'),
      await new TestClient(t.app).post('/api/staff/session', { email, password: TEST_PASSWORD }),
      await portal.get('/api/portal/tickets'),
      await portal.post('/api/portal/tickets', { subject: 'Down?', description: 'Is it down?' }),
    ];
    for (const res of answers) {
      expectError(res, 503, 'service_unavailable');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).not.toMatch(/ECONNREFUSED|terminated|127\.0\.0\.1/);
    }

    await proxy.start();
    const back = await staff.get('/api/staff/me');
    expect(back.statusCode, back.body).toBe(200);
    expect((await staff.get('/api/staff/tickets')).statusCode).toBe(200);
    expect((await portal.get('/api/portal/tickets')).statusCode).toBe(200);
  });
});
