// Ticket participants (permission-model §6a): the portal's and the console's routes, their
// answers (404 outside what the actor sees, 403 without the action, 422 for a contact that may not
// be added, nothing changed on a refusal), the participant's access (private or not, in `mine`,
// gone on the next request after removal), explain, the access review, the audit and the mail.
// The random-world comparison with the reference model is test/model/permission-properties.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/mail/notifications/index.ts';
import { signedInContact, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, rowCounts } from '../support/expect.ts';
import { anonymous, createTicket, MISSING_ID, staffClients, type Staff } from './ticket-helpers.ts';

let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;
beforeAll(async () => {
  t = await startTestApp();
  s = await staffClients(t);
});
afterAll(async () => t.close());

/** Own tickets only, read, but may reply and manage participants: a teacher. */
async function teacherGroup() {
  const row = await db()
    .insertInto('privilege_groups')
    .values({
      name: `Teacher ${crypto.randomUUID()}`,
      privileges: [
        'portal.login',
        'tickets.view',
        'tickets.create',
        'tickets.reply',
        'tickets.participants.manage',
      ],
      ticket_scope: 'own',
      record_scope: 'own',
      scope_level: 'read',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const refusedTables = () => rowCounts(db(), ['ticket_participants', 'audit_log', 'mail_ticket_events']);

async function school() {
  const org = await createOrganization(db());
  const other = await createOrganization(db());
  const teacher = await teacherGroup();
  const requester = await createContact(db(), {
    organizationId: org.id,
    privilegeGroupId: teacher,
    name: 'Tom Becker',
  });
  const colleague = await createContact(db(), {
    organizationId: org.id,
    privilegeGroup: 'limited',
    name: 'Ann Colleague',
  });
  const outsider = await createContact(db(), {
    organizationId: other.id,
    privilegeGroup: 'limited',
    name: 'Oscar Outside',
  });
  const disabled = await createContact(db(), {
    organizationId: org.id,
    privilegeGroup: 'limited',
    disabled: true,
  });
  const ticket = await createTicket(s.admin, {
    requesterId: requester.id,
    subject: 'Lamp flickers',
    private: true,
  });
  const sign = (c: { email: string }) => signedInContact(t.app, c.email, TEST_PASSWORD);
  return {
    org,
    ticket,
    requester,
    colleague,
    outsider,
    disabled,
    r: await sign(requester),
    c: await sign(colleague),
    o: await sign(outsider),
  };
}

const url = (ticketId: string, contactId?: string) =>
  `/api/portal/tickets/${ticketId}/participants${contactId ? `/${contactId}` : ''}`;
const mineIds = async (client: TestClient) =>
  (
    (await client.get('/api/portal/tickets?view=mine&status=all&limit=100')).json().items as { id: string }[]
  ).map((i) => i.id);

describe('ticket participants in the portal', () => {
  it('a teacher adds a colleague, who then sees and answers the private ticket; removal takes it away at once', async () => {
    const w = await school();
    expectError(await w.c.get(`/api/portal/tickets/${w.ticket.id}`), 404);

    const empty = await w.r.get(url(w.ticket.id));
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ items: [], mayAdd: true });

    const candidates = await w.r.get(`/api/portal/tickets/${w.ticket.id}/participant-candidates?limit=100`);
    expect(candidates.statusCode, candidates.body).toBe(200);
    const ids = (candidates.json().items as { id: string }[]).map((i) => i.id);
    expect(ids).toContain(w.colleague.id);
    expect(ids).not.toContain(w.outsider.id);
    expect(ids).not.toContain(w.disabled.id);
    expect(ids).not.toContain(w.requester.id);
    const byName = await w.r.get(`/api/portal/tickets/${w.ticket.id}/participant-candidates?q=ann%20coll`);
    expect((byName.json().items as { id: string }[]).map((i) => i.id)).toEqual([w.colleague.id]);

    const added = await w.r.post(url(w.ticket.id), { contactId: w.colleague.id });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      contact: { id: w.colleague.id, name: 'Ann Colleague' },
      addedBy: { type: 'contact', name: 'Tom Becker' },
      mayRemove: true,
    });

    // The colleague: sees it (private), in `mine`, and may answer with its own privileges.
    const read = await w.c.get(`/api/portal/tickets/${w.ticket.id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().abilities).toMatchObject({ reply: true, close: false, setPrivate: false });
    expect(await mineIds(w.c)).toContain(w.ticket.id);
    expect(
      (await w.c.post(`/api/portal/tickets/${w.ticket.id}/comments`, { body: 'I see it too' })).statusCode,
    ).toBe(201);
    // It lists the participants but may neither add (no tickets.participants.manage) nor remove.
    const seen = (await w.c.get(url(w.ticket.id))).json();
    expect(seen).toMatchObject({
      mayAdd: false,
      items: [{ contact: { id: w.colleague.id }, mayRemove: false }],
    });
    expectError(await w.c.post(url(w.ticket.id), { contactId: w.disabled.id }), 403, 'forbidden');
    expectError(await w.c.delete(url(w.ticket.id, w.colleague.id)), 403, 'forbidden');
    expectError(await w.c.get(`/api/portal/tickets/${w.ticket.id}/participant-candidates`), 403, 'forbidden');

    // The requester removes it: the very next request of the colleague answers 404.
    expect((await w.r.delete(url(w.ticket.id, w.colleague.id))).statusCode).toBe(204);
    expectError(await w.c.get(`/api/portal/tickets/${w.ticket.id}`), 404);
    expect(await mineIds(w.c)).not.toContain(w.ticket.id);
    expectError(await w.r.delete(url(w.ticket.id, w.colleague.id)), 404);
  });

  it('422 for a contact that may not be added, 404 outside what the contact sees; nothing changes', async () => {
    const w = await school();
    const before = await refusedTables();
    for (const [contactId, message] of [
      [w.outsider.id, 'is not a contact you may add'],
      [w.disabled.id, 'is not a contact you may add'],
      [MISSING_ID, 'is not a contact you may add'],
      [w.requester.id, 'is the requester'],
    ] as const) {
      const res = await w.r.post(url(w.ticket.id), { contactId });
      expectError(res, 422, 'validation_failed', 'body.contactId');
      expect(res.body).toContain(message);
    }
    expectError(await w.r.post(url(w.ticket.id), { contactId: w.colleague.id, extra: 1 }), 422);
    expectError(await w.o.post(url(w.ticket.id), { contactId: w.outsider.id }), 404);
    expectError(await w.o.get(url(w.ticket.id)), 404);
    expectError(await w.r.post(url(MISSING_ID), { contactId: w.colleague.id }), 404);
    expect(await refusedTables()).toEqual(before);

    expect((await w.r.post(url(w.ticket.id), { contactId: w.colleague.id })).statusCode).toBe(201);
    expectError(
      await w.r.post(url(w.ticket.id), { contactId: w.colleague.id }),
      422,
      'validation_failed',
      'body.contactId',
    );
    expect((await anonymous(t.app, 'GET', url(w.ticket.id))).statusCode).toBe(401);
  });

  it('a disabled participant sees nothing through participation', async () => {
    const w = await school();
    expect((await w.r.post(url(w.ticket.id), { contactId: w.colleague.id })).statusCode).toBe(201);
    await db().updateTable('contacts').set({ disabled: true }).where('id', '=', w.colleague.id).execute();
    expect((await w.c.get(`/api/portal/tickets/${w.ticket.id}`)).statusCode).toBe(401);
  });
});

describe('ticket participants in the console, explain, review, audit and mail', () => {
  it('staff add any enabled contact and remove any; every change is audited and mailed', async () => {
    const w = await school();
    const added = await s.agent.post(`/api/staff/tickets/${w.ticket.id}/participants`, {
      contactId: w.outsider.id,
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().addedBy).toMatchObject({ type: 'staff' });
    expect((await w.o.get(`/api/portal/tickets/${w.ticket.id}`)).statusCode).toBe(200);
    expectError(
      await s.agent.post(`/api/staff/tickets/${w.ticket.id}/participants`, { contactId: w.disabled.id }),
      422,
      'validation_failed',
      'body.contactId',
    );
    expectError(
      await s.agent.post(`/api/staff/tickets/${MISSING_ID}/participants`, { contactId: w.outsider.id }),
      404,
    );
    expect((await w.r.post(url(w.ticket.id), { contactId: w.colleague.id })).statusCode).toBe(201);

    const list = await s.agent.get(`/api/staff/tickets/${w.ticket.id}/participants`);
    expect(list.statusCode, list.body).toBe(200);
    expect((list.json().items as { contact: { name: string } }[]).map((p) => p.contact.name)).toEqual([
      'Ann Colleague',
      'Oscar Outside',
    ]);

    // Explain names the path and who added it; the review lists the participant.
    const explain = await s.admin.get(
      `/api/staff/access/explain?contactId=${w.colleague.id}&ticketId=${w.ticket.id}`,
    );
    expect(explain.statusCode, explain.body).toBe(200);
    const see = (
      explain.json().actions as {
        action: string;
        allowed: boolean;
        paths: { kind: string; text: string }[];
      }[]
    ).find((a) => a.action === 'see')!;
    expect(see.allowed).toBe(true);
    expect(see.paths).toEqual([
      expect.objectContaining({
        kind: 'participant',
        text: `sees ticket #${w.ticket.number} as a participant, added by Tom Becker`,
      }),
    ]);
    const review = await s.admin.get(`/api/staff/access/review?organizationId=${w.org.id}&limit=100`);
    expect(review.statusCode, review.body).toBe(200);
    const reviewed = (review.json().items as { contact: { id: string }; paths: { kind: string }[] }[]).find(
      (i) => i.contact.id === w.outsider.id,
    );
    expect(reviewed?.paths.map((p) => p.kind)).toEqual(['participant']);

    // Audited with both sides' actors; "participant added" queued and mailed to the participant.
    const audits = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_type'])
      .where('entity_id', '=', w.ticket.id)
      .where('action', 'like', 'participant.%')
      .orderBy('id')
      .execute();
    expect(audits).toEqual([
      { action: 'participant.add', actor_type: 'staff' },
      { action: 'participant.add', actor_type: 'contact' },
    ]);
    const events = await db()
      .selectFrom('mail_ticket_events')
      .selectAll()
      .where('ticket_id', '=', w.ticket.id)
      .where('event', '=', 'participant_added')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.detail)).toEqual([w.outsider.id, w.colleague.id]);
    const mails = await notificationsFor(db(), t.config, events[1]!);
    expect(mails.map((m) => m.to).sort()).toEqual([w.colleague.email, w.outsider.email].sort());
    expect(mails[0]!.subject).toBeDefined();
    expect(mails.find((m) => m.to === w.colleague.email)!.text).toContain(
      'Ann Colleague was added as a participant',
    );

    // Staff remove: the participant loses it on its next request.
    expect(
      (await s.agent.delete(`/api/staff/tickets/${w.ticket.id}/participants/${w.outsider.id}`)).statusCode,
    ).toBe(204);
    expectError(await w.o.get(`/api/portal/tickets/${w.ticket.id}`), 404);
    expectError(await s.agent.delete(`/api/staff/tickets/${w.ticket.id}/participants/${w.outsider.id}`), 404);
    const removed = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', w.ticket.id)
      .where('action', '=', 'participant.remove')
      .execute();
    expect(removed).toHaveLength(1);
  });
});
