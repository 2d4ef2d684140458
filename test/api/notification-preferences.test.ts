import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, expectUnchanged, tableRows } from '../support/expect.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
const URL = '/api/portal/account/notifications';
let client: TestClient;
let contactId: string;
beforeAll(async () => {
  t = await startTestApp();
  const contact = await createContact(db());
  contactId = contact.id;
  client = await signedInContact(t.app, contact.email, TEST_PASSWORD);
});
afterAll(async () => t.close());

describe(URL, () => {
  it('answers 401 without a session', async () => {
    expectError(await new TestClient(t.app).get(URL), 401);
    expectError(await new TestClient(t.app).put(URL, { scope: 'none', delivery: 'daily' }), 401);
  });

  it('starts at "my tickets, at once" and keeps what the contact sets', async () => {
    expect((await client.get(URL)).json()).toEqual({ scope: 'mine', delivery: 'immediate' });
    const res = await client.put(URL, { scope: 'visible', delivery: 'daily' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ scope: 'visible', delivery: 'daily' });
    expect((await client.get(URL)).json()).toEqual({ scope: 'visible', delivery: 'daily' });
    const row = await db()
      .selectFrom('contact_notification_preferences')
      .select(['scope', 'delivery', 'last_digest_at'])
      .where('contact_id', '=', contactId)
      .executeTakeFirstOrThrow();
    // The digest window starts when the contact chose the digest.
    expect(row.last_digest_at).not.toBeNull();
    const audit = await db()
      .selectFrom('audit_log')
      .select(['entity_type', 'actor_id'])
      .where('entity_type', '=', 'notification_preferences')
      .execute();
    expect(audit).toEqual([{ entity_type: 'notification_preferences', actor_id: contactId }]);
  });

  it('refuses unknown values, unknown fields and missing ones with 422 and the path; nothing changes', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ scope: 'everything', delivery: 'daily' }, 'body.scope'],
      [{ scope: 'none', delivery: 'weekly' }, 'body.delivery'],
      [{ scope: 'none' }, 'body.delivery'],
      [{ scope: 'none', delivery: 'daily', contactId: 'x' }, 'body.contactId'],
    ];
    await expectUnchanged(
      () => tableRows(db(), ['contact_notification_preferences', 'audit_log']),
      async () => {
        for (const [body, path] of cases) expectError(await client.put(URL, body), 422, undefined, path);
      },
    );
  });
});
