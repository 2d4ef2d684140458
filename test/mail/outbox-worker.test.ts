// The outbox worker against a real SMTP listener: headers, retries, permanent failures and the
// retry API, an SMTP outage during a group e-mail of 2,000 members, the staff mail queue API.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueMails } from '../../src/mail/outbox.ts';
import { signedInStaff, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import {
  createContact,
  createOrganization,
  createStaffUser,
  privilegeGroupId,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { createTicket } from '../api/ticket-helpers.ts';
import { expectError } from '../support/expect.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let smtp: TestSmtpServer;
let t: TestApp;
let admin: TestClient;
let agent: TestClient;
const db = () => t.testDb.database.db;

// Short backoffs, so a retry happens within the test.
const ENV = {
  MAIL_RETRY_BASE_SECONDS: '1',
  MAIL_RETRY_MAX_SECONDS: '2',
  MAIL_RETRY_LIMIT: '3',
  MAIL_POLL_MS: '100',
  MAIL_FROM: 'Portico Desk <desk@portico.test>',
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ ...ENV, SMTP_URL: smtp.url }, { mailWorker: true });
  admin = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'admin' })).email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'agent' })).email, TEST_PASSWORD);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});
beforeEach(async () => {
  if (!smtp.running) await smtp.start();
});

const address = () => `r-${randomUUID().slice(0, 8)}@example.test`;

async function queueOne(extra: { headers?: Record<string, string>; to?: string } = {}) {
  const to = extra.to ?? address();
  const [id] = await queueMails(db(), t.config.publicUrl, [
    { kind: 'test', to, subject: `Hello ${to}`, text: 'Body text', html: '<p>Body</p>', ...extra },
  ]);
  t.app.mailWorker.wake();
  return { id: id!, to };
}

const batchRows = async (batchId: string) =>
  Number(
    (
      await db()
        .selectFrom('mail_messages')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('batch_id', '=', batchId)
        .executeTakeFirstOrThrow()
    ).n,
  );

async function until(done: () => Promise<boolean>, timeoutMs: number) {
  const since = Date.now();
  while (!(await done())) {
    if (Date.now() - since > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const row = (id: string) =>
  db().selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function waitForStatus(id: string, status: string, timeoutMs = 20_000, attempts?: number) {
  const since = Date.now();
  for (;;) {
    const r = await row(id);
    if (r.status === status && (attempts === undefined || r.attempts === attempts)) return r;
    if (Date.now() - since > timeoutMs) throw new Error(`mail ${id} is ${r.status}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('sending', () => {
  it('delivers with the row’s Message-ID, From, To, Subject, both parts and the extra headers', async () => {
    const { id, to } = await queueOne({ headers: { 'Auto-Submitted': 'auto-generated' } });
    const [mail] = await smtp.waitForTo(to);
    const sent = await waitForStatus(id, 'sent');
    expect(mail!.headers['message-id']).toBe(sent.message_id);
    expect(sent.message_id).toMatch(/^<[0-9a-f-]{36}@portico\.test>$/);
    expect(mail!.headers.from).toBe('Portico Desk <desk@portico.test>');
    expect(mail!.headers.to).toBe(to);
    expect(mail!.headers.subject).toBe(`Hello ${to}`);
    expect(mail!.headers['auto-submitted']).toBe('auto-generated');
    expect(mail!.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(sent).toMatchObject({ attempts: 1, last_error: null, locked_until: null });
    expect(sent.sent_at).not.toBeNull();
  });

  it('retries a 4xx with backoff, then delivers it once', async () => {
    const to = address();
    smtp.refuse(451, 1, to);
    const { id } = await queueOne({ to });
    const retrying = await waitForStatus(id, 'queued', 20_000, 1);
    expect(retrying.last_error).toMatch(/451/);
    expect(retrying.next_attempt_at.getTime()).toBeGreaterThan(Date.now() - 200);
    const sent = await waitForStatus(id, 'sent');
    expect(sent.attempts).toBe(2);
    expect((await smtp.waitForTo(to)).length).toBe(1);
  });

  it('fails a 4xx for good after MAIL_RETRY_LIMIT attempts', async () => {
    const to = address();
    smtp.refuse(452, 3, to);
    const { id } = await queueOne({ to });
    const failed = await waitForStatus(id, 'failed', 30_000);
    expect(failed.attempts).toBe(3);
    expect(failed.last_error).toMatch(/452/);
    expect(smtp.received.some((m) => m.to.includes(to))).toBe(false);
  });

  it('fails a 5xx with its reason; a retry from the API delivers it with the same Message-ID', async () => {
    const to = address();
    smtp.refuse(550, 1, to);
    const { id } = await queueOne({ to });
    const failed = await waitForStatus(id, 'failed');
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/550/);

    const listed = await admin.get('/api/staff/mail?status=failed&limit=100');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((m: { id: string }) => m.id)).toContain(id);
    const detail = await admin.get(`/api/staff/mail/${id}`);
    expect(detail.json()).toMatchObject({ id, to, status: 'failed', attempts: 1, text: 'Body text' });
    expect(detail.json().lastError).toMatch(/550/);

    expectError(await agent.post(`/api/staff/mail/${id}/retry`), 403, 'forbidden');
    expect((await row(id)).status).toBe('failed');
    const retried = await admin.post(`/api/staff/mail/${id}/retry`);
    expect(retried.statusCode, retried.body).toBe(204);
    const [mail] = await smtp.waitForTo(to);
    expect(mail!.headers['message-id']).toBe(failed.message_id);
    const sent = await waitForStatus(id, 'sent');
    expect(sent.message_id).toBe(failed.message_id);
    expectError(await admin.post(`/api/staff/mail/${id}/retry`), 409, 'conflict');
  });

  it('turns a pending ticket event into its messages and marks it processed', async () => {
    const requester = await createContact(db(), { privilegeGroup: 'full' });
    const ticket = await createTicket(admin, { requesterId: requester.id });
    const event = await db()
      .insertInto('mail_ticket_events')
      .values({ ticket_id: ticket.id, event: 'created', actor_contact_id: requester.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    t.app.mailWorker.wake();
    const since = Date.now();
    let processed: Date | null = null;
    while (!processed && Date.now() - since < 10_000) {
      processed = (
        await db()
          .selectFrom('mail_ticket_events')
          .select('processed_at')
          .where('id', '=', event.id)
          .executeTakeFirstOrThrow()
      ).processed_at;
      if (!processed) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(processed).not.toBeNull();
  });
});

describe('an SMTP outage', () => {
  it('keeps a group e-mail to 2,000 members queued (answered at once), then delivers each exactly once', async () => {
    const org = await createOrganization(db());
    const limited = await privilegeGroupId(db(), 'limited');
    const tag = randomUUID().slice(0, 8);
    await sql`
      insert into contacts (organization_id, privilege_group_id, email, name)
      select ${org.id}::uuid, ${limited}::uuid, 'm' || n || '-' || ${tag} || '@example.test', 'Member ' || n
      from generate_series(1, 2000) n`.execute(db());
    const group = await admin.post('/api/staff/user-groups', {
      name: `Outage ${tag}`,
      memberOrganizations: [{ organizationId: org.id }],
    });
    expect(group.statusCode, group.body).toBe(201);

    await smtp.stop();
    const before = smtp.received.length;
    const started = Date.now();
    const res = await admin.post(`/api/staff/user-groups/${group.json().id}/email`, {
      subject: 'Maintenance tonight',
      text: 'The portal is down from 22:00.',
    });
    const answeredMs = Date.now() - started;
    expect(res.statusCode, res.body).toBe(202);
    const { queued, batchId } = res.json();
    expect(queued).toBe(2000);
    expect(answeredMs).toBeLessThan(5000);

    // The worker expands the batch into a message per member, then meets the closed port:
    // nothing fails, nothing is lost, attempts are not used up.
    await until(async () => (await batchRows(batchId)) === 2000, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const progress = await admin.get(`/api/staff/mail/batches/${batchId}`);
    expect(progress.json()).toEqual({ batchId, queued: 2000, sending: 0, sent: 0, failed: 0 });
    const settings = await admin.get('/api/staff/mail/settings');
    expect(settings.json()).toEqual({ smtpConfigured: true });
    const metrics = await admin.get('/api/metrics');
    expect(metrics.body).toMatch(/portico_mail_outbox_messages\{status="queued"\} (\d{4,})/);
    expect(metrics.body).toMatch(/portico_mail_send_failures_total\{kind="unreachable"\} [1-9]/);

    await smtp.start();
    await smtp.waitFor(before + 2000, 60_000);
    // A moment longer: a duplicate would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const mine = smtp.received.filter((m) => m.headers.subject === 'Maintenance tonight');
    expect(mine).toHaveLength(2000);
    expect(new Set(mine.map((m) => m.to[0])).size).toBe(2000);
    expect(new Set(mine.map((m) => m.headers['message-id'])).size).toBe(2000);
    const done = await admin.get(`/api/staff/mail/batches/${batchId}`);
    expect(done.json()).toEqual({ batchId, queued: 0, sending: 0, sent: 2000, failed: 0 });
  }, 120_000);
});

describe('the mail queue API', () => {
  it('filters by status, kind and ticket; refuses agents, bad filters and unknown ids', async () => {
    const { id } = await queueOne();
    await waitForStatus(id, 'sent');
    const byKind = await admin.get('/api/staff/mail?kind=test&status=sent&limit=100');
    expect(byKind.statusCode, byKind.body).toBe(200);
    const items = byKind.json().items as Array<{ id: string; kind: string; status: string }>;
    expect(items.map((m) => m.id)).toContain(id);
    expect(items.every((m) => m.kind === 'test' && m.status === 'sent')).toBe(true);
    expect((await admin.get(`/api/staff/mail?ticketId=${randomUUID()}`)).json().items).toEqual([]);
    expectError(await agent.get('/api/staff/mail'), 403, 'forbidden');
    expectError(
      await admin.get('/api/staff/mail?status=lost'),
      422,
      'validation_failed',
      'querystring.status',
    );
    expectError(await admin.get('/api/staff/mail?colour=red'), 422, 'validation_failed');
    expectError(await admin.get(`/api/staff/mail/${randomUUID()}`), 404, 'not_found');
    expectError(await admin.get(`/api/staff/mail/batches/${randomUUID()}`), 404, 'not_found');
    expectError(await admin.post(`/api/staff/mail/${randomUUID()}/retry`), 404, 'not_found');
  });
});

describe('invitations', () => {
  it('"Send invitation" mails a working link through the outbox; a disabled contact gets nothing', async () => {
    const contact = await createContact(db(), { privilegeGroup: 'full', withPassword: false });
    const res = await agent.post(`/api/staff/contacts/${contact.id}/invitation/email`);
    expect(res.statusCode, res.body).toBe(202);
    const { mailId } = res.json();
    const sent = await waitForStatus(mailId, 'sent');
    expect(sent).toMatchObject({ kind: 'invitation', to_address: contact.email, contact_id: contact.id });
    const [mail] = await smtp.waitForTo(contact.email);
    // The text part, quoted-printable undone as far as the link needs.
    const body = mail!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const token = /#token=([\w-]+)/.exec(body)?.[1] ?? '';
    expect(token.length).toBeGreaterThan(40);
    const described = await t.app.inject({ method: 'GET', url: `/api/portal/password-links/${token}` });
    expect(described.json()).toMatchObject({ purpose: 'invite', email: contact.email });

    const disabled = await createContact(db(), { privilegeGroup: 'full', disabled: true });
    const before = (await t.queuedMails()).length;
    expectError(await agent.post(`/api/staff/contacts/${disabled.id}/invitation/email`), 409, 'conflict');
    expect((await t.queuedMails()).length).toBe(before);
  });
});
