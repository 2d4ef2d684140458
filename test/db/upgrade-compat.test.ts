// Rolling upgrade on PostgreSQL: the new release migrates the database while an instance of the
// previous release (RELEASES) still serves. That instance, started on the new schema, must start
// and serve portal and staff requests; the new code reads what it wrote (docs/operations.md).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousRelease, releaseUnavailable } from '../../scripts/migration-lint.ts';
import { signedInContact, startTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/database.ts';
import { createContact, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import {
  checkOutRelease,
  HttpSession,
  startReleaseServer,
  type ReleaseServer,
} from '../support/release-server.ts';

const release = previousRelease();
const unavailable =
  testEngine === 'postgres' ? releaseUnavailable(release) : 'it runs on PostgreSQL only (npm run test:pg)';
if (unavailable) console.warn(`SKIPPED upgrade compatibility with the previous release: ${unavailable}`);

describe.skipIf(!!unavailable)(`the previous release (${release.slice(0, 12)}) on the new schema`, () => {
  let testDb: TestDatabase;
  let checkout: Awaited<ReturnType<typeof checkOutRelease>>;
  let old: ReleaseServer;
  let newApp: TestApp;
  let migrationsBefore: string[];
  const staff = { email: '' };
  const contact = { email: '' };

  const appliedMigrations = async () =>
    (
      await sql<{ name: string }>`select name from schema_migrations order by name`.execute(
        testDb.database.db,
      )
    ).rows.map((r) => r.name);

  beforeAll(async () => {
    // The new code's migrations, all of them, as the first upgraded instance applies them.
    testDb = await createTestDatabase();
    const db = testDb.database.db;
    staff.email = (await createStaffUser(db, { role: 'agent' })).email;
    contact.email = (await createContact(db, { privilegeGroup: 'full' })).email;
    migrationsBefore = await appliedMigrations();
    checkout = await checkOutRelease(release);
    old = await startReleaseServer(checkout.dir, testDb.url!);
    newApp = await startTestApp({}, { testDb });
  }, 150_000);

  afterAll(async () => {
    await old?.stop();
    await newApp?.close();
    await checkout?.remove();
    await testDb?.drop();
  });

  it('starts without touching the schema it does not know', async () => {
    expect(await appliedMigrations()).toEqual(migrationsBefore);
    expect(old.output()).not.toMatch(/"level":(50|60)/);
  });

  it('serves the portal and the staff console, and the new code reads what it wrote', async () => {
    const portal = new HttpSession(old.url, 'portal');
    const signIn = await portal.post('/api/portal/session', {
      email: contact.email,
      password: TEST_PASSWORD,
    });
    expect(signIn.status, signIn.text).toBe(200);
    expect((await portal.get('/api/portal/tickets')).status).toBe(200);
    const created = await portal.post('/api/portal/tickets', {
      subject: 'Upgrade day',
      description: 'Hello',
    });
    expect(created.status, created.text).toBe(201);
    const ticketId = created.json<{ id: string }>().id;
    const reply = await portal.post(`/api/portal/tickets/${ticketId}/comments`, {
      body: 'From the old release',
    });
    expect(reply.status, reply.text).toBe(201);
    expect((await portal.get(`/api/portal/tickets/${ticketId}`)).json()).toMatchObject({
      subject: 'Upgrade day',
    });

    const desk = new HttpSession(old.url, 'staff');
    const staffIn = await desk.post('/api/staff/session', { email: staff.email, password: TEST_PASSWORD });
    expect(staffIn.status, staffIn.text).toBe(200);
    const list = await desk.get('/api/staff/tickets');
    expect(list.status, list.text).toBe(200);
    expect(list.json<{ items: Array<{ id: string }> }>().items.map((t) => t.id)).toContain(ticketId);
    const answer = await desk.post(`/api/staff/tickets/${ticketId}/comments`, {
      body: 'Answered by the old release',
      public: true,
    });
    expect(answer.status, answer.text).toBe(201);

    const client = await signedInContact(newApp.app, contact.email, TEST_PASSWORD);
    const comments = await client.get(`/api/portal/tickets/${ticketId}/comments`);
    expect(comments.statusCode, comments.body).toBe(200);
    expect(comments.json().items.map((c: { body: string }) => c.body)).toEqual([
      'From the old release',
      'Answered by the old release',
    ]);
  });
});
