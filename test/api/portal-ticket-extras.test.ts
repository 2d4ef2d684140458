// Portal comments and attachments: public ones only, following the ticket; every endpoint's refusals.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import type { TicketScope } from '../../src/db/schema.ts';
import { signedInContact, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { multipartBody, type MultipartFile } from '../support/multipart.ts';
import { expectError, rowCounts } from '../support/expect.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
type Contact = Awaited<ReturnType<typeof createContact>>;

async function privilegeGroup(privileges: Privilege[], scope: TicketScope = 'own') {
  const row = await db()
    .insertInto('privilege_groups')
    .values({ name: `Group ${randomUUID()}`, privileges, ticket_scope: scope })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function ticket(requester: Contact) {
  const row = await db()
    .insertInto('tickets')
    .values({
      subject: 'Projector',
      requester_id: requester.id,
      organization_id: requester.organization_id,
      last_activity_at: new Date('2026-01-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function comment(
  ticketId: string,
  body: string,
  isPublic: boolean,
  author: { staff?: string; contact?: string },
) {
  const row = await db()
    .insertInto('ticket_comments')
    .values({
      ticket_id: ticketId,
      body,
      public: isPublic,
      author_staff_id: author.staff ?? null,
      author_contact_id: author.contact ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function attachment(
  ticketId: string,
  filename: string,
  isPublic: boolean,
  commentId: string | null = null,
) {
  const file = await db()
    .insertInto('files')
    .values({ filename, content_type: 'text/plain', size_bytes: 5, sha256: '00', data: Buffer.from('hello') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db()
    .insertInto('attachments')
    .values({ ticket_id: ticketId, file_id: file.id, public: isPublic, comment_id: commentId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const signIn = (c: { email: string }) => signedInContact(t.app, c.email, TEST_PASSWORD);

async function snapshot() {
  const counts = await rowCounts(db(), [
    'tickets',
    'ticket_comments',
    'attachments',
    'files',
    'ticket_events',
    'audit_log',
  ]);
  return { counts, tickets: await db().selectFrom('tickets').selectAll().orderBy('id').execute() };
}

function upload(
  client: TestClient,
  ticketId: string,
  file?: MultipartFile,
  fields: Record<string, string> = {},
) {
  const { payload, headers } = multipartBody(fields, file);
  return client.request('POST', `/api/portal/tickets/${ticketId}/attachments`, payload, headers);
}

const textFile = (data = 'boot log\n'): MultipartFile => ({
  name: 'file',
  filename: 'boot.log',
  data: Buffer.from(data),
});

let A: string;
let amy: Contact, reader: Contact, outsider: Contact;
let amyClient: TestClient, readerClient: TestClient;
let T: string, hidden: string;
let publicStaff: string, internalStaff: string, publicContact: string;
let publicFile: string, internalFile: string, onInternalComment: string, hiddenFile: string;

beforeAll(async () => {
  t = await startTestApp();
  A = (await createOrganization(db(), { name: 'Almond' })).id;
  const sam = await createStaffUser(db(), { name: 'Sam Staff', email: 'sam@desk.example' });
  amy = await createContact(db(), { organizationId: A, privilegeGroup: 'partial', name: 'Amy Reed' });
  reader = await createContact(db(), {
    organizationId: A,
    privilegeGroupId: await privilegeGroup(
      ['portal.login', 'tickets.view', 'tickets.reply', 'attachments.view', 'attachments.upload'],
      'organization',
    ),
  });
  outsider = await createContact(db(), { privilegeGroup: 'partial' });
  T = await ticket(amy);
  hidden = await ticket(outsider);
  publicStaff = await comment(T, 'We are on it.', true, { staff: sam.id });
  internalStaff = await comment(T, 'INTERNAL: customer is difficult', false, { staff: sam.id });
  publicContact = await comment(T, 'Thanks!', true, { contact: amy.id });
  publicFile = await attachment(T, 'manual.txt', true);
  internalFile = await attachment(T, 'internal.txt', false);
  onInternalComment = await attachment(T, 'note.txt', true, internalStaff);
  hiddenFile = await attachment(hidden, 'theirs.txt', true);
  amyClient = await signIn(amy);
  readerClient = await signIn(reader);
});
afterAll(async () => t.close());

describe('comments', () => {
  it('public comments only, oldest first, staff by display name only', async () => {
    const res = await amyClient.get(`/api/portal/tickets/${T}/comments`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.items.map((c: { id: string }) => c.id)).toEqual([publicStaff, publicContact]);
    expect(page.items[0]).toEqual({
      id: publicStaff,
      body: 'We are on it.',
      createdAt: expect.any(String),
      author: { type: 'staff', name: 'Sam Staff' },
    });
    expect(page.items[1].author).toEqual({ type: 'contact', name: 'Amy Reed' });
    expect(res.body).not.toContain('INTERNAL');
    expect(res.body).not.toContain('@');
  });

  it('keyset pages without duplicates', async () => {
    const id = await ticket(amy);
    const made: string[] = [];
    for (let i = 0; i < 8; i++) {
      made.push(await comment(id, `Reply ${i}`, true, { contact: amy.id }));
      await comment(id, `Internal ${i}`, false, {});
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await amyClient.get(
        `/api/portal/tickets/${id}/comments?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items.map((c: { id: string }) => c.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(made);
    expectError(
      await amyClient.get(`/api/portal/tickets/${id}/comments?cursor=bad`),
      422,
      undefined,
      'querystring.cursor',
    );
  });

  it('a reply is public, by the contact, and moves the ticket up', async () => {
    const id = await ticket(amy);
    const res = await amyClient.post(`/api/portal/tickets/${id}/comments`, { body: '  Still broken.' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      body: '  Still broken.',
      author: { type: 'contact', name: 'Amy Reed' },
    });
    const row = await db()
      .selectFrom('ticket_comments')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ public: true, author_contact_id: amy.id, author_staff_id: null });
    const detail = (await amyClient.get(`/api/portal/tickets/${id}`)).json();
    expect(Date.parse(detail.lastActivityAt)).toBeGreaterThan(Date.parse('2026-01-02'));
  });

  it('refusals: 404 invisible or missing, 403 read-only or without tickets.reply, 422 bad bodies; nothing written', async () => {
    const stranger = await signIn(
      await createContact(db(), {
        organizationId: A,
        privilegeGroupId: await privilegeGroup(['portal.login', 'tickets.view']),
      }),
    );
    const before = await snapshot();
    const missing = await amyClient.post(`/api/portal/tickets/${randomUUID()}/comments`, { body: 'x' });
    expectError(missing, 404);
    const invisible = await amyClient.post(`/api/portal/tickets/${hidden}/comments`, { body: 'x' });
    expectError(invisible, 404);
    expect(invisible.json()).toEqual(missing.json());
    expectError(await amyClient.get(`/api/portal/tickets/${hidden}/comments`), 404);
    // Reader sees T through its organization scope at level read: it may not write.
    const readable = await readerClient.get(`/api/portal/tickets/${T}/comments`);
    expect(readable.statusCode, readable.body).toBe(200);
    expectError(await readerClient.post(`/api/portal/tickets/${T}/comments`, { body: 'x' }), 403);
    expectError(await stranger.post(`/api/portal/tickets/${T}/comments`, { body: 'x' }), 404);
    const unknown = await amyClient.post(`/api/portal/tickets/${T}/comments`, { body: 'x', public: false });
    expectError(unknown, 422);
    expect(JSON.stringify(unknown.json().error.issues)).toContain('public');
    expectError(
      await amyClient.post(`/api/portal/tickets/${T}/comments`, { body: '   ' }),
      422,
      undefined,
      'body.body',
    );
    expectError(await amyClient.post(`/api/portal/tickets/${T}/comments`, {}), 422, undefined, 'body.body');
    expect(await snapshot()).toEqual(before);
  });

  it('403 without tickets.reply on a ticket the contact may write', async () => {
    const contact = await createContact(db(), {
      organizationId: A,
      privilegeGroupId: await privilegeGroup(['portal.login', 'tickets.view']),
    });
    const id = await ticket(contact);
    const client = await signIn(contact);
    expect((await client.get(`/api/portal/tickets/${id}`)).json().abilities.reply).toBe(false);
    const before = await snapshot();
    expectError(await client.post(`/api/portal/tickets/${id}/comments`, { body: 'x' }), 403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('attachments', () => {
  it('lists public attachments only, never internal ones or those of internal comments', async () => {
    const res = await amyClient.get(`/api/portal/tickets/${T}/attachments`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      {
        id: publicFile,
        filename: 'manual.txt',
        contentType: 'text/plain',
        sizeBytes: 5,
        createdAt: expect.any(String),
        // Uploaded to the ticket itself, not with a reply.
        commentId: null,
      },
    ]);
  });

  it('downloads public attachments of visible tickets; everything else is 404 with one body', async () => {
    const ok = await amyClient.get(`/api/portal/attachments/${publicFile}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('hello');
    expect(ok.headers['content-disposition']).toMatch(/^attachment; filename="manual.txt"/);
    const missing = await amyClient.get(`/api/portal/attachments/${randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    for (const id of [internalFile, onInternalComment, hiddenFile]) {
      const res = await amyClient.get(`/api/portal/attachments/${id}`);
      expect(res.statusCode, id).toBe(404);
      expect(res.json()).toEqual(missing.json());
    }
    expectError(await amyClient.get(`/api/portal/tickets/${hidden}/attachments`), 404);
  });

  it('upload: stored public, listed, downloadable byte for byte, ticket moved up', async () => {
    const id = await ticket(amy);
    const data = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const res = await upload(amyClient, id, {
      name: 'file',
      filename: '../shot.png',
      data,
      contentType: 'text/html',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toEqual({
      id: created.id,
      filename: 'shot.png',
      contentType: 'image/png',
      sizeBytes: 11,
      createdAt: expect.any(String),
      commentId: null,
    });
    const row = await db()
      .selectFrom('attachments')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ public: true, uploaded_by_contact_id: amy.id, ticket_id: id });
    expect((await amyClient.get(`/api/portal/tickets/${id}/attachments`)).json().items).toEqual([created]);
    const download = await amyClient.get(`/api/portal/attachments/${created.id}`);
    expect(download.rawPayload.equals(data)).toBe(true);
    const detail = (await amyClient.get(`/api/portal/tickets/${id}`)).json();
    expect(Date.parse(detail.lastActivityAt)).toBeGreaterThan(Date.parse('2026-01-02'));
  });

  it('upload refusals: 404 invisible, 403 read-only or without attachments.upload, 422 bad parts; nothing written', async () => {
    const limited = await createContact(db(), { organizationId: A, privilegeGroup: 'limited' });
    const limitedTicket = await ticket(limited);
    const limitedClient = await signIn(limited);
    const before = await snapshot();
    expectError(await upload(amyClient, hidden, textFile()), 404);
    expectError(await upload(amyClient, randomUUID(), textFile()), 404);
    expectError(await upload(readerClient, T, textFile()), 403);
    expectError(await upload(limitedClient, limitedTicket, textFile()), 403);
    expectError(await upload(amyClient, T, textFile(), { public: 'false' }), 422, undefined, 'body.public');
    expectError(await upload(amyClient, T, undefined, { note: 'no file' }), 422);
    expectError(await amyClient.post(`/api/portal/tickets/${T}/attachments`, { file: 'x' }), 415);
    expect(await snapshot()).toEqual(before);
  });

  it('403 without attachments.view on list and download', async () => {
    const contact = await createContact(db(), {
      organizationId: A,
      privilegeGroupId: await privilegeGroup(['portal.login', 'tickets.view'], 'organization'),
    });
    const client = await signIn(contact);
    expect((await client.get(`/api/portal/tickets/${T}`)).statusCode).toBe(200);
    expectError(await client.get(`/api/portal/tickets/${T}/attachments`), 403);
    expectError(await client.get(`/api/portal/attachments/${publicFile}`), 403);
  });

  it('internal comments and attachments appear nowhere in the ticket', async () => {
    const detail = await amyClient.get(`/api/portal/tickets/${T}`);
    expect(detail.body).not.toContain('INTERNAL');
    expect(detail.body).not.toContain(internalFile);
  });
});

describe('every endpoint', () => {
  const endpoints = (ticketId: string, attachmentId: string) => [
    (c: TestClient) => c.get('/api/portal/tickets'),
    (c: TestClient) => c.get(`/api/portal/tickets/${ticketId}`),
    (c: TestClient) => c.post('/api/portal/tickets', { subject: 'x' }),
    (c: TestClient) => c.patch(`/api/portal/tickets/${ticketId}`, { description: 'x' }),
    (c: TestClient) => c.get(`/api/portal/tickets/${ticketId}/comments`),
    (c: TestClient) => c.post(`/api/portal/tickets/${ticketId}/comments`, { body: 'x' }),
    (c: TestClient) => c.get(`/api/portal/tickets/${ticketId}/attachments`),
    (c: TestClient) => upload(c, ticketId, textFile()),
    (c: TestClient) => c.get(`/api/portal/attachments/${attachmentId}`),
  ];

  it('401 without a session', async () => {
    for (const call of endpoints(T, publicFile)) {
      const res = await call(new TestClient(t.app));
      expect(res.statusCode, res.body).toBe(401);
    }
  });

  it('404 on every endpoint when the tickets module is restricted to groups the contact is not in', async () => {
    const full = await createContact(db(), { organizationId: A, privilegeGroup: 'full' });
    const client = await signIn(full);
    const id = await ticket(full);
    const file = await attachment(id, 'ok.txt', true);
    for (const call of endpoints(id, file)) expect((await call(client)).statusCode).toBeLessThan(300);
    const group = await db()
      .insertInto('user_groups')
      .values({ name: 'Pilot' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('module_allowed_groups')
      .values({ module: 'tickets', user_group_id: group.id })
      .execute();
    try {
      const before = await snapshot();
      for (const call of endpoints(id, file)) {
        const res = await call(client);
        expect(res.statusCode, res.body).toBe(404);
      }
      expect(await snapshot()).toEqual(before);
      // Membership of an allowed group opens it again, on the next request.
      await db()
        .insertInto('user_group_contacts')
        .values({ user_group_id: group.id, contact_id: full.id })
        .execute();
      expect((await client.get('/api/portal/tickets')).statusCode).toBe(200);
    } finally {
      await db().deleteFrom('module_allowed_groups').where('user_group_id', '=', group.id).execute();
    }
  });
});
