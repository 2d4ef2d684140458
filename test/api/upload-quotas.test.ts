// Upload quotas (issue 16): per ticket (every uploader) and per contact (its portal uploads), in
// files and bytes. A refused upload answers 413 `quota_exceeded` naming the quota and stores
// nothing; parallel uploads at the boundary cannot both pass.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import { signedInContact, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { createContact, TEST_PASSWORD } from '../support/factories.ts';
import { multipartBody } from '../support/multipart.ts';
import { expectError, rowCounts } from '../support/expect.ts';
import { customer, staffClients, type Staff } from './ticket-helpers.ts';

// Small quotas, so that a test reaches each of them with a few tiny files.
const QUOTAS = {
  UPLOAD_TICKET_MAX_FILES: '3',
  UPLOAD_TICKET_MAX_BYTES: '1000',
  UPLOAD_CONTACT_MAX_FILES: '4',
  UPLOAD_CONTACT_MAX_BYTES: '1500',
};

let t: TestApp;
let s: Staff;
let organizationId: string;
let groupId: string;
const db = () => t.testDb.database.db;

const PRIVILEGES: Privilege[] = ['portal.login', 'tickets.view', 'attachments.view', 'attachments.upload'];

beforeAll(async () => {
  t = await startTestApp(QUOTAS);
  s = await staffClients(t);
  organizationId = (await customer(db())).organization.id;
  groupId = (
    await db()
      .insertInto('privilege_groups')
      .values({ name: `Uploaders ${randomUUID()}`, privileges: PRIVILEGES, ticket_scope: 'own' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => t.close());

type Contact = { id: string; client: TestClient };

async function contact(): Promise<Contact> {
  const row = await createContact(db(), { organizationId, privilegeGroupId: groupId });
  return { id: row.id, client: await signedInContact(t.app, row.email, TEST_PASSWORD) };
}

async function ticket(requesterId: string): Promise<string> {
  const row = await db()
    .insertInto('tickets')
    .values({
      subject: 'Logs',
      description: 'See the files.',
      requester_id: requesterId,
      organization_id: organizationId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const bytes = (size: number) => Buffer.alloc(size, 'a');

function staffUpload(ticketId: string, size: number) {
  const { payload, headers } = multipartBody({}, { name: 'file', filename: 'log.txt', data: bytes(size) });
  return s.agent.request('POST', `/api/staff/tickets/${ticketId}/attachments`, payload, headers);
}

function portalUpload(who: Contact, ticketId: string, size: number) {
  const { payload, headers } = multipartBody({}, { name: 'file', filename: 'log.txt', data: bytes(size) });
  return who.client.request('POST', `/api/portal/tickets/${ticketId}/attachments`, payload, headers);
}

const stored = () => rowCounts(db(), ['attachments', 'files']);

/** A 413 `quota_exceeded` that names the quota, after which nothing more is stored. */
async function expectRefused(upload: () => Promise<LightMyRequestResponse>, quota: string) {
  const before = await stored();
  const res = await upload();
  expectError(res, 413, 'quota_exceeded', 'body.file');
  expect(res.json().error.message).toContain(quota);
  expect(await stored()).toEqual(before);
}

function expectCreated(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(201);
}

describe('per-ticket quota', () => {
  it('staff: the file count', async () => {
    const id = await ticket((await contact()).id);
    for (let i = 0; i < 3; i++) expectCreated(await staffUpload(id, 10));
    await expectRefused(() => staffUpload(id, 10), 'ticket_files');
  });

  it('staff: the bytes, up to the limit exactly', async () => {
    const id = await ticket((await contact()).id);
    expectCreated(await staffUpload(id, 600));
    await expectRefused(() => staffUpload(id, 401), 'ticket_bytes');
    expectCreated(await staffUpload(id, 400));
  });

  it('portal: staff and contact uploads share the ticket quota', async () => {
    const requester = await contact();
    const id = await ticket(requester.id);
    expectCreated(await staffUpload(id, 10));
    expectCreated(await staffUpload(id, 10));
    expectCreated(await portalUpload(requester, id, 10));
    await expectRefused(() => portalUpload(requester, id, 10), 'ticket_files');
  });

  it('portal: the bytes', async () => {
    const requester = await contact();
    const id = await ticket(requester.id);
    expectCreated(await staffUpload(id, 900));
    await expectRefused(() => portalUpload(requester, id, 101), 'ticket_bytes');
  });
});

describe('per-contact quota (a contact’s portal uploads on every ticket)', () => {
  it('the file count', async () => {
    const requester = await contact();
    const first = await ticket(requester.id);
    const second = await ticket(requester.id);
    expectCreated(await portalUpload(requester, first, 10));
    expectCreated(await portalUpload(requester, first, 10));
    expectCreated(await portalUpload(requester, second, 10));
    expectCreated(await portalUpload(requester, second, 10));
    await expectRefused(async () => portalUpload(requester, await ticket(requester.id), 10), 'contact_files');
    // Staff uploads do not count against the contact, and other contacts are not held back.
    expectCreated(await staffUpload(await ticket(requester.id), 10));
    const other = await contact();
    expectCreated(await portalUpload(other, await ticket(other.id), 10));
  });

  it('the bytes', async () => {
    const requester = await contact();
    expectCreated(await portalUpload(requester, await ticket(requester.id), 800));
    const next = await ticket(requester.id);
    await expectRefused(() => portalUpload(requester, next, 701), 'contact_bytes');
    expectCreated(await portalUpload(requester, next, 700));
  });
});

describe('parallel uploads at the boundary', () => {
  const outcome = (results: LightMyRequestResponse[]) => results.map((r) => r.statusCode).sort();

  it('staff: one free place on a ticket, six uploads at once: one passes', async () => {
    const id = await ticket((await contact()).id);
    expectCreated(await staffUpload(id, 10));
    expectCreated(await staffUpload(id, 10));
    const before = await stored();
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map(() => staffUpload(id, 10)));
    expect(outcome(results)).toEqual([201, 413, 413, 413, 413, 413]);
    expect(await stored()).toEqual({ attachments: before.attachments + 1, files: before.files + 1 });
  });

  it('portal: one free place for a contact, uploads to four tickets at once: one passes', async () => {
    const requester = await contact();
    for (let i = 0; i < 3; i++) expectCreated(await portalUpload(requester, await ticket(requester.id), 10));
    const tickets = await Promise.all([1, 2, 3, 4].map(() => ticket(requester.id)));
    const before = await stored();
    const results = await Promise.all(tickets.map((id) => portalUpload(requester, id, 10)));
    expect(outcome(results)).toEqual([201, 413, 413, 413]);
    expect(await stored()).toEqual({ attachments: before.attachments + 1, files: before.files + 1 });
  });

  it('portal and staff on one ticket at once: the ticket quota holds', async () => {
    const requester = await contact();
    const id = await ticket(requester.id);
    expectCreated(await staffUpload(id, 10));
    const results = await Promise.all([
      staffUpload(id, 10),
      portalUpload(requester, id, 10),
      staffUpload(id, 10),
      portalUpload(requester, id, 10),
    ]);
    expect(outcome(results)).toEqual([201, 201, 413, 413]);
    const count = await db()
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('ticket_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });
});
