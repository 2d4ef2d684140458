// The webhook (POST /api/inbound/mail), the MTA pipe (`portico mail-inbound` against the running
// server) and the staff's held-mail API.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaff, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { expectError } from '../support/expect.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { freePort } from '../support/clamd.ts';
import { rawMail } from '../support/mail-message.ts';

const TOKEN = 'inbound-test-token-0123456789';
const BIN = path.resolve('bin/portico.js');
let t: TestApp;
let base: string;
let staff: TestClient;
const db = () => t.testDb.database.db;
let alice: Awaited<ReturnType<typeof createContact>>;
let ticket: { id: string; number: number };

const post = (raw: Buffer | string, token = TOKEN) =>
  t.app.inject({
    method: 'POST',
    url: '/api/inbound/mail',
    headers: { 'content-type': 'message/rfc822', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: raw,
  });

function pipe(raw: Buffer, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'mail-inbound'], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
    child.stdin.end(raw);
  });
}

beforeAll(async () => {
  t = await startTestApp({ INBOUND_MAIL_TOKEN: TOKEN, MAIL_UNKNOWN_SENDERS: 'hold' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const org = await createOrganization(db());
  alice = await createContact(db(), { organizationId: org.id, privilegeGroup: 'limited' });
  ticket = await db()
    .insertInto('tickets')
    .values({ subject: 'Projector', requester_id: alice.id, organization_id: org.id })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  const admin = await createStaffUser(db(), { role: 'agent' });
  staff = await signedInStaff(t.app, admin.email, TEST_PASSWORD);
}, 60_000);
afterAll(() => t.close());

describe('POST /api/inbound/mail', () => {
  it('401 without or with a wrong token; nothing recorded', async () => {
    const raw = rawMail({ from: alice.email, subject: `[#${ticket.number}]` });
    expectError(await post(raw, ''), 401);
    expectError(await post(raw, 'wrong-token-wrong-token'), 401);
    const rows = await db().selectFrom('mail_inbound').select('id').execute();
    expect(rows).toHaveLength(0);
  });

  it('404 while INBOUND_MAIL_TOKEN is not set', async () => {
    const other = await startTestApp({}, { testDb: t.testDb });
    try {
      const res = await other.app.inject({
        method: 'POST',
        url: '/api/inbound/mail',
        headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${TOKEN}` },
        payload: rawMail({ from: alice.email }),
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await other.app.close();
    }
  });

  it('takes a reply and answers the outcome', async () => {
    const res = await post(
      rawMail({ from: alice.email, subject: `Re: [#${ticket.number}]`, body: 'By webhook' }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'processed', reason: 'reply' });
    const emails = await staff.get(`/api/staff/tickets/${ticket.id}/emails`);
    const filed = (emails.json().items as Array<{ body: string; inboundId: string | null }>).find(
      (e) => e.body.trim() === 'By webhook',
    );
    // Filed under the ticket with a link to its original, which staff may download.
    expect(filed?.inboundId).toBe(res.json().id);
    const original = await staff.get(`/api/staff/mail/inbound/${filed?.inboundId}/original`);
    expect(original.body).toContain('By webhook');
  });
});

describe('portico mail-inbound (an MTA pipe) against the running server', () => {
  it('exit 0 and the outcome when processed', async () => {
    const raw = rawMail({ from: alice.email, subject: `[#${ticket.number}]`, body: 'By pipe' });
    const result = await pipe(raw, { PORTICO_URL: base, INBOUND_MAIL_TOKEN: TOKEN });
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining('processed: reply') });
    const row = await db()
      .selectFrom('mail_inbound')
      .select('source')
      .where('reason', '=', 'reply')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.source).toBe('pipe');
  }, 60_000);

  it('exit 1 when refused, 75 when the server cannot be reached, 78 on a wrong token', async () => {
    const auto = rawMail({ from: alice.email, body: 'away', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(await pipe(auto, { PORTICO_URL: base, INBOUND_MAIL_TOKEN: TOKEN })).toMatchObject({
      code: 1,
      out: expect.stringContaining('refused: automatic'),
    });
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect((await pipe(auto, { PORTICO_URL: closed, INBOUND_MAIL_TOKEN: TOKEN })).code).toBe(75);
    expect(
      (await pipe(auto, { PORTICO_URL: base, INBOUND_MAIL_TOKEN: 'wrong-token-wrong-token' })).code,
    ).toBe(78);
  }, 60_000);
});

describe('organizations: the mail domain for MAIL_UNKNOWN_SENDERS=create', () => {
  it('is set lower-case, cleared with null, and refused when not a domain', async () => {
    const org = await createOrganization(db());
    const url = `/api/staff/organizations/${org.id}`;
    const set = await staff.patch(url, { mailDomain: ' Acme.Example ' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ mailDomain: 'acme.example' });
    expectError(
      await staff.patch(url, { mailDomain: 'not a domain' }),
      422,
      'validation_failed',
      'body.mailDomain',
    );
    expect((await staff.get(url)).json()).toMatchObject({ mailDomain: 'acme.example' });
    expect((await staff.patch(url, { mailDomain: null })).json()).toMatchObject({ mailDomain: null });
  });
});

describe('held mail (staff)', () => {
  async function held(subject: string) {
    const res = await post(
      rawMail({ from: 'Stranger <stranger@nowhere.test>', subject, body: 'Please call me' }),
    );
    expect(res.json()).toMatchObject({ status: 'held', reason: 'unknown_sender' });
    return (res.json() as { id: string }).id;
  }

  it('lists held messages, shows the text and the original', async () => {
    const id = await held('Need a quote');
    const list = await staff.get('/api/staff/mail/inbound?status=held');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((m: { id: string }) => m.id)).toContain(id);
    const detail = await staff.get(`/api/staff/mail/inbound/${id}`);
    expect(detail.json()).toMatchObject({ fromAddress: 'stranger@nowhere.test', hasOriginal: true });
    expect(detail.json().text).toContain('Please call me');
    const original = await staff.get(`/api/staff/mail/inbound/${id}/original`);
    expect(original.statusCode).toBe(200);
    expect(original.body).toContain('Subject: Need a quote');
  });

  it('accepts one as a new ticket for a chosen contact, once', async () => {
    const id = await held('Broken screen');
    expectError(await staff.post(`/api/staff/mail/inbound/${id}/accept`, {}), 422);
    expectError(
      await staff.post(`/api/staff/mail/inbound/${id}/accept`, { contactId: alice.id, extra: 1 }),
      422,
    );
    const res = await staff.post(`/api/staff/mail/inbound/${id}/accept`, { contactId: alice.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted', contactId: alice.id });
    const created = await db()
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', res.json().ticketId)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      subject: 'Broken screen',
      requester_id: alice.id,
      description: 'Please call me',
    });
    expectError(await staff.post(`/api/staff/mail/inbound/${id}/accept`, { contactId: alice.id }), 409);
  });

  it('accepts one as a public reply on a chosen ticket, and rejects another', async () => {
    const id = await held('About my ticket');
    const res = await staff.post(`/api/staff/mail/inbound/${id}/accept`, { ticketId: ticket.id });
    expect(res.json()).toMatchObject({ status: 'accepted', ticketId: ticket.id });
    const last = await db()
      .selectFrom('ticket_comments')
      .selectAll()
      .where('ticket_id', '=', ticket.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      public: true,
      body: 'E-mail from stranger@nowhere.test:\n\nPlease call me',
    });

    const other = await held('Spam');
    const rejected = await staff.post(`/api/staff/mail/inbound/${other}/reject`);
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    expectError(await staff.post(`/api/staff/mail/inbound/${other}/reject`), 409);
  });

  it('404 for an unknown message; 401 without a session', async () => {
    const unknown = '0190f0f0-0000-7000-8000-000000000000';
    expectError(await staff.get(`/api/staff/mail/inbound/${unknown}`), 404);
    expectError(await staff.post(`/api/staff/mail/inbound/${unknown}/reject`), 404);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/staff/mail/inbound' });
    expect(anonymous.statusCode).toBe(401);
  });
});
