// The whole loop, end to end: ticket events made through the API while the SMTP server is down
// are queued with their cause; when it comes back, the worker resolves each event's recipients
// and every message reaches the listener exactly once, each recipient seeing only its part.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, startTestApp, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { staffClients, type Staff } from '../api/ticket-helpers.ts';

let smtp: TestSmtpServer;
let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp(
    { SMTP_URL: smtp.url, MAIL_POLL_MS: '100', MAIL_RETRY_BASE_SECONDS: '1', MAIL_RETRY_MAX_SECONDS: '1' },
    { mailWorker: true },
  );
  s = await staffClients(t);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

/** Waits until no ticket event is left unprocessed. */
async function eventsProcessed(timeoutMs = 60_000) {
  const since = Date.now();
  for (;;) {
    const { n } = await db()
      .selectFrom('mail_ticket_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('processed_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(n) === 0) return;
    if (Date.now() - since > timeoutMs) throw new Error(`${n} ticket events still unprocessed`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('ticket notifications through an SMTP outage', () => {
  it('50 events queued while SMTP is down are each delivered once when it is back', async () => {
    const tag = randomUUID().slice(0, 8);
    const organization = await createOrganization(db());
    // Limited: its own tickets, no priorities. Full: the organization's tickets, with priorities.
    const requester = await createContact(db(), {
      organizationId: organization.id,
      privilegeGroup: 'limited',
      email: `requester-${tag}@example.test`,
    });
    const manager = await createContact(db(), {
      organizationId: organization.id,
      privilegeGroup: 'full',
      email: `manager-${tag}@example.test`,
    });
    const managerClient = await signedInContact(t.app, manager.email, TEST_PASSWORD);
    const prefs = await managerClient.put('/api/portal/account/notifications', {
      scope: 'visible',
      delivery: 'immediate',
    });
    expect(prefs.statusCode, prefs.body).toBe(200);
    const requesterClient = await signedInContact(t.app, requester.email, TEST_PASSWORD);

    await smtp.stop();
    const before = smtp.received.length;
    // 10 tickets by the requester (created: the manager is told), 10 public staff replies and an
    // internal note on each (the reply: both are told; the note: nobody), 10 status changes (both)
    // and 10 priority changes (only the manager, who may see priorities), 10 replies by the
    // requester (the manager is told).
    const tickets: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await requesterClient.post('/api/portal/tickets', {
        subject: `Outage ticket ${i} ${tag}`,
        description: 'The projector flickers.',
      });
      expect(res.statusCode, res.body).toBe(201);
      tickets.push(res.json().id);
    }
    for (const id of tickets) {
      const reply = await s.agent.post(`/api/staff/tickets/${id}/comments`, {
        body: `Staff reply ${tag}`,
        public: true,
      });
      expect(reply.statusCode, reply.body).toBe(201);
      const note = await s.agent.post(`/api/staff/tickets/${id}/comments`, {
        body: `INTERNAL ${tag}: do not tell the customer`,
        public: false,
      });
      expect(note.statusCode, note.body).toBe(201);
      expect((await s.agent.patch(`/api/staff/tickets/${id}`, { status: 'pending' })).statusCode).toBe(200);
      expect((await s.agent.patch(`/api/staff/tickets/${id}`, { priority: 'high' })).statusCode).toBe(200);
      const answer = await requesterClient.post(`/api/portal/tickets/${id}/comments`, {
        body: `Customer reply ${tag}`,
      });
      expect(answer.statusCode, answer.body).toBe(201);
    }
    const events = await db()
      .selectFrom('mail_ticket_events')
      .select('event')
      .where('ticket_id', 'in', tickets)
      .execute();
    expect(events).toHaveLength(50);

    // Resolved and queued while SMTP is still down: nothing is sent, nothing is lost.
    t.app.mailWorker.wake();
    await eventsProcessed();
    const queued = await db()
      .selectFrom('mail_messages')
      .select(['to_address', 'status', 'message_id'])
      .where('ticket_id', 'in', tickets)
      .execute();
    // The requester: staff replies and status changes. The manager: every event but the notes.
    const expected = { [requester.email]: 10 + 10, [manager.email]: 10 + 10 + 10 + 10 + 10 };
    const count = (addresses: string[]) =>
      addresses.reduce<Record<string, number>>((n, a) => ({ ...n, [a]: (n[a] ?? 0) + 1 }), {});
    expect(count(queued.map((m) => m.to_address))).toEqual(expected);
    expect(smtp.received.length).toBe(before);

    await smtp.start();
    await smtp.waitFor(before + 70, 60_000);
    // A moment longer: a duplicate would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const delivered = smtp.received.slice(before).filter((m) => m.headers.subject?.includes(tag));
    expect(delivered).toHaveLength(70);
    expect(count(delivered.map((m) => m.to[0]!))).toEqual(expected);
    expect(new Set(delivered.map((m) => m.headers['message-id'])).size).toBe(70);
    expect(new Set(delivered.map((m) => m.headers['message-id']))).toEqual(
      new Set(queued.map((m) => m.message_id)),
    );
    for (const mail of delivered) {
      expect(mail.raw).not.toContain('INTERNAL');
      // The requester may not see priorities: no message to it names one.
      if (mail.to[0] === requester.email) expect(mail.raw).not.toMatch(/Priority/i);
    }
    const sent = await db()
      .selectFrom('mail_messages')
      .select('status')
      .where('ticket_id', 'in', tickets)
      .execute();
    expect(sent.every((m) => m.status === 'sent')).toBe(true);
  }, 180_000);
});
