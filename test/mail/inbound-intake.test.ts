// Inbound mail (permission model §9) through the one intake: who may write a ticket by mail, what
// is refused or held, and that nothing is attached where it should not be.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { replyAddress, replyTokenFor } from '../../src/mail/reply-token.ts';
import { queueMails } from '../../src/mail/outbox.ts';
import { intakeMail } from '../../src/modules/inbound-mail/intake.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createContact, createOrganization, createStaffUser } from '../support/factories.ts';
import { rawMail, type RawMail } from '../support/mail-message.ts';

let testDb: TestDatabase;
const db = () => testDb.database.db;
const BASE_ENV = { PUBLIC_URL: 'http://portico.test', MAIL_REPLY_ADDRESS: 'support@portico.test' };
const config = (env: Record<string, string> = {}): Config => loadConfig({ ...BASE_ENV, ...env });

type Contact = Awaited<ReturnType<typeof createContact>>;
let org: Awaited<ReturnType<typeof createOrganization>>;
let alice: Contact; // requester of the ticket: may write it
let bob: Contact; // same organization, sees its tickets read-only
let ticket: { id: string; number: number };

const WRITE_ALL: Privilege[] = [
  'portal.login',
  'tickets.view',
  'tickets.create',
  'tickets.reply',
  'attachments.view',
  'attachments.upload',
];

async function group(privileges: Privilege[], scope: 'own' | 'organization', level: 'read' | 'write') {
  const row = await db()
    .insertInto('privilege_groups')
    .values({ name: `G ${randomUUID()}`, privileges, ticket_scope: scope, scope_level: level })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function newTicket(requester: Contact) {
  return db()
    .insertInto('tickets')
    .values({
      subject: 'Secret projector plans',
      requester_id: requester.id,
      organization_id: requester.organization_id,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

const send = (mail: RawMail, env: Record<string, string> = {}) =>
  intakeMail(db(), config(env), rawMail(mail), 'webhook');

const comments = (ticketId: string) =>
  db().selectFrom('ticket_comments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
const bounces = (to: string) =>
  db()
    .selectFrom('mail_messages')
    .selectAll()
    .where('kind', '=', 'bounce')
    .where('to_address', '=', to)
    .execute();
const inbound = (id: string | null) =>
  db()
    .selectFrom('mail_inbound')
    .selectAll()
    .where('id', '=', id ?? '')
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  testDb = await createTestDatabase();
  org = await createOrganization(db());
  const writer = await group(WRITE_ALL, 'own', 'write');
  const reader = await group(WRITE_ALL, 'organization', 'read');
  alice = await createContact(db(), {
    organizationId: org.id,
    privilegeGroupId: writer,
    email: 'alice@acme.test',
  });
  bob = await createContact(db(), {
    organizationId: org.id,
    privilegeGroupId: reader,
    email: 'bob@acme.test',
  });
  ticket = await newTicket(alice);
});
afterAll(() => testDb.drop());

describe('a reply by mail', () => {
  it('from a contact who may write the ticket appears on it, quoted history stripped, original kept', async () => {
    const token = await replyTokenFor(db(), { ticketId: ticket.id, contactId: alice.id });
    const outcome = await send({
      from: 'Alice <ALICE@acme.test>',
      to: replyAddress('support@portico.test', token),
      subject: 'Re: your ticket',
      body: 'It works again.\n\nOn Mon, 7 Dec 2026, Support <support@portico.test> wrote:\n> Try again',
    });
    expect(outcome).toMatchObject({ status: 'processed', reason: 'reply' });
    const [comment] = (await comments(ticket.id)).slice(-1);
    expect(comment).toMatchObject({ body: 'It works again.', public: true, author_contact_id: alice.id });
    const row = await inbound(outcome.id);
    expect(row).toMatchObject({ ticket_id: ticket.id, comment_id: comment!.id, contact_id: alice.id });
    expect(row.raw_file_id).not.toBeNull();
    const filed = await db()
      .selectFrom('ticket_emails')
      .selectAll()
      .where('inbound_id', '=', row.id)
      .execute();
    expect(filed).toHaveLength(1);
    expect(filed[0]!.body).toContain('> Try again');
    expect(filed[0]!.public).toBe(false);
  });

  it('threads by In-Reply-To against mail we sent, and by [#number]', async () => {
    const [sentId] = await queueMails(db(), 'http://portico.test', [
      { kind: 'notification', to: alice.email, subject: 's', text: 't', ticketId: ticket.id },
    ]);
    const sent = await db()
      .selectFrom('mail_messages')
      .select('message_id')
      .where('id', '=', sentId!)
      .executeTakeFirstOrThrow();
    const byReference = await send({
      from: alice.email,
      body: 'First',
      headers: { 'In-Reply-To': sent.message_id },
    });
    expect(byReference).toMatchObject({ status: 'processed', reason: 'reply' });
    const bySubject = await send({ from: alice.email, subject: `Re: [#${ticket.number}] x`, body: 'Second' });
    expect(bySubject).toMatchObject({ status: 'processed', reason: 'reply' });
    expect((await comments(ticket.id)).slice(-2).map((c) => c.body)).toEqual(['First', 'Second']);
  });

  it('from a contact with read access only is refused, with a bounce naming no ticket data', async () => {
    const before = await comments(ticket.id);
    const outcome = await send({
      from: bob.email,
      subject: `Re: [#${ticket.number}] Secret projector plans`,
      body: 'Me too',
    });
    expect(outcome).toMatchObject({ status: 'refused', reason: 'not_permitted' });
    expect(await comments(ticket.id)).toEqual(before);
    const [bounce] = await bounces(bob.email);
    expect(bounce).toBeDefined();
    expect(bounce!.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied' });
    expect(`${bounce!.subject} ${bounce!.text_body}`).not.toMatch(/projector|#\d/i);
    expect(bounce!.ticket_id).toBeNull();
    expect((await inbound(outcome.id)).raw_file_id).toBeNull();
  });

  it('with a forged sender (another recipient’s reply token) gets nothing, not even a bounce', async () => {
    const token = await replyTokenFor(db(), { ticketId: ticket.id, contactId: alice.id });
    const before = await comments(ticket.id);
    const bouncesBefore = await bounces(bob.email);
    const outcome = await send({
      from: bob.email,
      to: replyAddress('support@portico.test', token),
      body: 'Forged',
    });
    expect(outcome).toMatchObject({ status: 'refused', reason: 'forged_sender' });
    expect(await comments(ticket.id)).toEqual(before);
    expect(await bounces(bob.email)).toEqual(bouncesBefore);
  });

  it('to a ticket the sender lost access to is refused', async () => {
    const colleagues = await group(WRITE_ALL, 'organization', 'write');
    const eve = await createContact(db(), { organizationId: org.id, privilegeGroupId: colleagues });
    const subject = `Re: [#${ticket.number}]`;
    expect(await send({ from: eve.email, subject, body: 'Still mine' })).toMatchObject({
      status: 'processed',
    });
    const ownOnly = await group(WRITE_ALL, 'own', 'write');
    await db()
      .updateTable('contacts')
      .set({ privilege_group_id: ownOnly })
      .where('id', '=', eve.id)
      .execute();
    const before = await comments(ticket.id);
    expect(await send({ from: eve.email, subject, body: 'Not any more' })).toMatchObject({
      status: 'refused',
      reason: 'no_access',
    });
    expect(await comments(ticket.id)).toEqual(before);
  });

  it('from a disabled contact is refused', async () => {
    const gone = await createContact(db(), { organizationId: org.id, disabled: true });
    expect(await send({ from: gone.email, body: 'New?' })).toMatchObject({
      status: 'refused',
      reason: 'not_permitted',
    });
  });

  it('stores attachments as public attachments of the comment', async () => {
    const data = Buffer.from('%PDF-1.4 hello');
    const outcome = await send({
      from: alice.email,
      subject: `[#${ticket.number}]`,
      body: 'Log attached',
      attachments: [{ filename: 'log.txt', contentType: 'text/plain', data }],
    });
    const row = await inbound(outcome.id);
    const attachments = await db()
      .selectFrom('attachments as a')
      .innerJoin('files as f', 'f.id', 'a.file_id')
      .select(['a.comment_id', 'a.public', 'a.uploaded_by_contact_id', 'f.filename', 'f.size_bytes'])
      .where('a.comment_id', '=', row.comment_id)
      .execute();
    expect(attachments).toEqual([
      {
        comment_id: row.comment_id,
        public: true,
        uploaded_by_contact_id: alice.id,
        filename: 'log.txt',
        size_bytes: data.length,
      },
    ]);
  });

  it('over a quota refuses the whole message: no comment, no file', async () => {
    const before = await comments(ticket.id);
    const outcome = await send(
      {
        from: alice.email,
        subject: `[#${ticket.number}]`,
        body: 'Too much',
        attachments: [
          { filename: 'big.bin', contentType: 'application/octet-stream', data: Buffer.alloc(4096, 1) },
        ],
      },
      { UPLOAD_TICKET_MAX_BYTES: '1000' },
    );
    expect(outcome).toMatchObject({ status: 'refused', reason: 'attachment_refused' });
    expect(await comments(ticket.id)).toEqual(before);
  });

  it('is processed once when redelivered', async () => {
    const mail = {
      from: alice.email,
      subject: `[#${ticket.number}]`,
      body: 'Once only',
      messageId: '<once@client.test>',
    };
    expect(await send(mail)).toMatchObject({ status: 'processed' });
    expect(await send(mail)).toEqual({ id: null, status: 'duplicate', reason: 'duplicate' });
    expect((await comments(ticket.id)).filter((c) => c.body === 'Once only')).toHaveLength(1);
  });

  it('from a staff user adds a public staff reply', async () => {
    const staff = await createStaffUser(db(), { role: 'agent', email: 'agent@portico.test' });
    const outcome = await send({
      from: 'agent@portico.test',
      subject: `Re: [#${ticket.number}]`,
      body: 'On it.\n-- \nAgent',
    });
    expect(outcome).toMatchObject({ status: 'processed', reason: 'staff_reply' });
    const [comment] = (await comments(ticket.id)).slice(-1);
    expect(comment).toMatchObject({ body: 'On it.', public: true, author_staff_id: staff.id });
  });
});

describe('a new conversation', () => {
  it('from a contact who may create tickets opens one', async () => {
    const outcome = await send({ from: alice.email, subject: 'Printer on fire', body: 'Please help' });
    expect(outcome).toMatchObject({ status: 'processed', reason: 'new_ticket' });
    const row = await inbound(outcome.id);
    const created = await db()
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', row.ticket_id)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      subject: 'Printer on fire',
      description: 'Please help',
      requester_id: alice.id,
    });
  });

  it('from an unknown sender follows MAIL_UNKNOWN_SENDERS', async () => {
    await db()
      .updateTable('organizations')
      .set({ mail_domain: 'acme.test' })
      .where('id', '=', org.id)
      .execute();
    const rejected = await send(
      { from: 'stranger@nowhere.test', body: 'x' },
      { MAIL_UNKNOWN_SENDERS: 'reject' },
    );
    expect(rejected).toMatchObject({ status: 'refused', reason: 'unknown_sender' });
    expect(await bounces('stranger@nowhere.test')).toHaveLength(1);

    const held = await send({ from: 'stranger@nowhere.test', body: 'x' }, { MAIL_UNKNOWN_SENDERS: 'hold' });
    expect(held).toMatchObject({ status: 'held', reason: 'unknown_sender' });
    expect((await inbound(held.id)).raw_file_id).not.toBeNull();

    const noDomain = await send(
      { from: 'stranger@nowhere.test', body: 'x' },
      { MAIL_UNKNOWN_SENDERS: 'create' },
    );
    expect(noDomain).toMatchObject({ status: 'held', reason: 'unknown_sender' });

    const created = await send(
      { from: 'Nina New <nina@ACME.test>', subject: 'Hi', body: 'x' },
      { MAIL_UNKNOWN_SENDERS: 'create' },
    );
    expect(created).toMatchObject({ status: 'processed', reason: 'new_ticket' });
    const nina = await db()
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'nina@acme.test')
      .executeTakeFirstOrThrow();
    expect(nina).toMatchObject({ organization_id: org.id, name: 'Nina New', password_hash: null });
  });
});

describe('refused at the envelope', () => {
  const automatic: Array<[string, Record<string, string>]> = [
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }],
    ['Precedence: bulk', { Precedence: 'bulk' }],
    ['List-Id', { 'List-Id': '<news.acme.test>' }],
    ['X-Autoreply', { 'X-Autoreply': 'yes' }],
    ['an empty Return-Path', { 'Return-Path': '<>' }],
  ];
  it.each(automatic)('automatic mail (%s): never a ticket, never a bounce', async (_name, headers) => {
    const before = await comments(ticket.id);
    const bouncesBefore = (await bounces(alice.email)).length;
    const outcome = await send({
      from: alice.email,
      subject: `[#${ticket.number}] Out of office`,
      body: 'Away',
      headers,
    });
    expect(outcome).toMatchObject({ status: 'refused', reason: 'automatic' });
    expect(await comments(ticket.id)).toEqual(before);
    expect(await bounces(alice.email)).toHaveLength(bouncesBefore);
  });

  it('a delivery status notification from MAILER-DAEMON', async () => {
    const outcome = await send({
      from: 'MAILER-DAEMON@mx.acme.test',
      subject: 'Undelivered Mail Returned to Sender',
      headers: { 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="x"' },
    });
    expect(outcome).toMatchObject({ status: 'refused', reason: 'automatic' });
  });

  it('an auto-reply loop: our own bounce coming back is refused without answering it', async () => {
    const outcome = await send({
      from: 'support@portico.test',
      subject: `[#${ticket.number}]`,
      body: 'loop',
    });
    expect(outcome).toMatchObject({ status: 'refused', reason: 'automatic' });
    expect(await bounces('support@portico.test')).toHaveLength(0);
  });

  it('a malformed message', async () => {
    const outcome = await intakeMail(db(), config(), Buffer.from('this is not an e-mail at all'), 'webhook');
    expect(outcome).toMatchObject({ status: 'refused', reason: 'malformed' });
  });

  it('a 50 MB message', async () => {
    const body = 'x'.repeat(50 * 1024 * 1024);
    const outcome = await send({ from: alice.email, subject: `[#${ticket.number}]`, body });
    expect(outcome).toMatchObject({ status: 'refused', reason: 'too_large' });
    expect((await inbound(outcome.id)).raw_file_id).toBeNull();
  });

  it('a message with 500 recipients', async () => {
    const to = Array.from({ length: 500 }, (_, i) => `r${i}@acme.test`).join(', ');
    const outcome = await send({ from: alice.email, to, subject: `[#${ticket.number}]` });
    expect(outcome).toMatchObject({ status: 'refused', reason: 'too_many_recipients' });
  });

  it('a sender over the rate limit', async () => {
    const sender = await createContact(db(), { organizationId: org.id });
    const env = { MAIL_INBOUND_PER_SENDER_10_MIN: '2' };
    for (let i = 0; i < 2; i++)
      expect(await send({ from: sender.email, subject: `n${i}` }, env)).toMatchObject({
        status: 'processed',
      });
    expect(await send({ from: sender.email, subject: 'n3' }, env)).toMatchObject({
      status: 'refused',
      reason: 'rate_limited',
    });
  });
});
