import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, signedInStaff, type TestApp } from '../support/app.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { multipartBody } from '../support/multipart.ts';
import {
  anonymous,
  createTicket,
  customer,
  MISSING_ID,
  snapshot,
  staffClients,
  type Staff,
  type TicketJson,
} from './ticket-helpers.ts';
import { countRows, expectError } from '../support/expect.ts';

let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;
let ticket: TicketJson;
beforeAll(async () => {
  t = await startTestApp();
  s = await staffClients(t);
  const { contact } = await customer(db());
  ticket = await createTicket(s.admin, { requesterId: contact.id });
});
afterAll(async () => t.close());

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('not really an image, but the signature says so'),
]);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function upload(
  ticketId: string,
  fields: Record<string, string>,
  file?: { filename: string; data: Buffer },
  client = s.agent,
) {
  const { payload, headers } = multipartBody(fields, file && { name: 'file', ...file });
  return client.request('POST', `/api/staff/tickets/${ticketId}/attachments`, payload, headers);
}

describe('ticket attachments: upload', () => {
  it('answers 401 without a session on every route', async () => {
    const before = await snapshot(db());
    expectError(await anonymous(t.app, 'GET', `/api/staff/tickets/${ticket.id}/attachments`), 401);
    const { payload, headers } = multipartBody(
      {},
      { name: 'file', filename: 'a.txt', data: Buffer.from('hi') },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/staff/tickets/${ticket.id}/attachments`,
      payload,
      headers,
    });
    expectError(res, 401);
    expectError(await anonymous(t.app, 'GET', `/api/staff/attachments/${MISSING_ID}`), 401);
    expectError(await anonymous(t.app, 'PATCH', `/api/staff/attachments/${MISSING_ID}`), 401);
    expectError(await anonymous(t.app, 'DELETE', `/api/staff/attachments/${MISSING_ID}`), 401);
    expect(await snapshot(db())).toEqual(before);
  });

  it('stores the file with its sniffed type and checksum, by the staff user', async () => {
    const res = await upload(ticket.id, { public: 'true' }, { filename: 'x.txt', data: PNG });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      ticketId: ticket.id,
      commentId: null,
      filename: 'x.txt',
      contentType: 'image/png',
      sizeBytes: PNG.length,
      sha256: sha256(PNG),
      public: true,
      uploadedBy: { type: 'staff', id: s.agentId, name: 'Alex Agent' },
    });
    const text = await upload(
      ticket.id,
      {},
      { filename: '../../etc/notes.bin', data: Buffer.from('plain words') },
    );
    expect(text.statusCode, text.body).toBe(201);
    expect(text.json()).toMatchObject({
      filename: 'notes.bin',
      contentType: 'text/plain; charset=utf-8',
      public: false,
    });
  });

  it('links the upload to a comment of the same ticket only', async () => {
    const comment = (
      await s.agent.post(`/api/staff/tickets/${ticket.id}/comments`, { body: 'see file', public: true })
    ).json();
    const linked = await upload(
      ticket.id,
      { commentId: comment.id },
      { filename: 'a.txt', data: Buffer.from('a') },
    );
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().commentId).toBe(comment.id);

    const { contact } = await customer(db());
    const other = await createTicket(s.admin, { requesterId: contact.id });
    const before = await snapshot(db());
    const file = { filename: 'a.txt', data: Buffer.from('a') };
    expectError(await upload(other.id, { commentId: comment.id }, file), 422, undefined, 'body.commentId');
    expectError(await upload(other.id, { commentId: MISSING_ID }, file), 422, undefined, 'body.commentId');
    expectError(await upload(other.id, { commentId: 'nope' }, file), 422, undefined, 'body.commentId');
    expectError(await upload(other.id, { public: 'yes' }, file), 422, undefined, 'body.public');
    expectError(await upload(other.id, { colour: 'red' }, file), 422, undefined, 'body.colour');
    expectError(await upload(other.id, { public: 'true' }), 422, undefined, 'body.file');
    expect(await snapshot(db())).toEqual(before);
  });

  it('answers 404 for an unknown ticket and 415 for a body that is not multipart', async () => {
    const before = await snapshot(db());
    const file = { filename: 'a.txt', data: Buffer.from('a') };
    expectError(await upload(MISSING_ID, {}, file), 404);
    expectError(await upload('nope', {}, file), 404);
    const url = `/api/staff/tickets/${ticket.id}/attachments`;
    expectError(await s.agent.post(url, { file: 'aGVsbG8=' }), 415);
    expectError(
      await s.agent.request('POST', url, Buffer.from('raw'), { 'content-type': 'application/octet-stream' }),
      415,
    );
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses a file over the upload limit with 413 and stores nothing', async () => {
    const small = await startTestApp({ UPLOAD_LIMIT_BYTES: '1000' }, { testDb: t.testDb });
    try {
      const user = await createStaffUser(db(), { role: 'agent' });
      const client = await signedInStaff(small.app, user.email, TEST_PASSWORD);
      const filesBefore = await countRows(db(), 'files');
      const before = await snapshot(db());
      const big = await upload(ticket.id, {}, { filename: 'big.bin', data: Buffer.alloc(1001, 7) }, client);
      expectError(big, 413);
      expect(await countRows(db(), 'files')).toBe(filesBefore);
      expect(await snapshot(db())).toEqual(before);
      const fits = await upload(ticket.id, {}, { filename: 'ok.bin', data: Buffer.alloc(1000, 7) }, client);
      expect(fits.statusCode, fits.body).toBe(201);
    } finally {
      await small.close();
    }
  });
});

describe('ticket attachments: download, list, publish, delete', () => {
  it('downloads as an inert attachment with the same bytes', async () => {
    const attachment = (
      await upload(ticket.id, {}, { filename: 'page.html', data: Buffer.from('<script>x</script>') })
    ).json();
    const res = await s.agent.get(`/api/staff/attachments/${attachment.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="page\.html"/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(sha256(res.rawPayload)).toBe(attachment.sha256);
    expect(res.rawPayload.toString()).toBe('<script>x</script>');
    for (const id of [MISSING_ID, 'nope'])
      expectError(await s.agent.get(`/api/staff/attachments/${id}`), 404);
  });

  it('lists metadata in upload order with keyset pages', async () => {
    const { contact } = await customer(db());
    const own = await createTicket(s.admin, { requesterId: contact.id });
    const names = ['1.txt', '2.txt', '3.txt'];
    for (const filename of names) await upload(own.id, {}, { filename, data: Buffer.from(filename) });
    const first = (await s.agent.get(`/api/staff/tickets/${own.id}/attachments?limit=2`)).json();
    const second = (
      await s.agent.get(`/api/staff/tickets/${own.id}/attachments?cursor=${first.nextCursor}`)
    ).json();
    expect([...first.items, ...second.items].map((a: { filename: string }) => a.filename)).toEqual(names);
    expect(second.nextCursor).toBeNull();
    expect(JSON.stringify(first)).not.toContain('"data"');
    for (const id of [MISSING_ID, 'nope'])
      expectError(await s.agent.get(`/api/staff/tickets/${id}/attachments`), 404);
  });

  it('marks an attachment public with an audit row', async () => {
    const attachment = (await upload(ticket.id, {}, { filename: 'a.txt', data: Buffer.from('a') })).json();
    const before = await snapshot(db());
    const url = `/api/staff/attachments/${attachment.id}`;
    expectError(await s.agent.patch(url, { public: 'true' }), 422, undefined, 'body.public');
    expectError(await s.agent.patch(url, { public: true, filename: 'b' }), 422, undefined, 'body.filename');
    expectError(await s.agent.patch(`/api/staff/attachments/${MISSING_ID}`, { public: true }), 404);
    expect(await snapshot(db())).toEqual(before);
    const res = await s.agent.patch(url, { public: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: attachment.id, public: true, sha256: attachment.sha256 });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'before', 'after'])
      .where('entity_id', '=', attachment.id)
      .execute();
    expect(audit).toEqual([
      { action: 'update', entity_type: 'attachment', before: { public: false }, after: { public: true } },
    ]);
  });

  it('deletes the attachment with its stored file', async () => {
    const attachment = (await upload(ticket.id, {}, { filename: 'a.txt', data: Buffer.from('bye') })).json();
    const files = await countRows(db(), 'files');
    expectError(await s.agent.delete(`/api/staff/attachments/${MISSING_ID}`), 404);
    const res = await s.agent.delete(`/api/staff/attachments/${attachment.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect(await countRows(db(), 'files')).toBe(files - 1);
    expectError(await s.agent.get(`/api/staff/attachments/${attachment.id}`), 404);
    expectError(await s.agent.delete(`/api/staff/attachments/${attachment.id}`), 404);
  });

  it('deleting a ticket removes its stored files too', async () => {
    const { contact } = await customer(db());
    const doomed = await createTicket(s.admin, { requesterId: contact.id });
    await upload(doomed.id, {}, { filename: 'a.txt', data: Buffer.from('a') });
    await upload(doomed.id, {}, { filename: 'b.txt', data: Buffer.from('b') });
    const files = await countRows(db(), 'files');
    expect((await s.admin.delete(`/api/staff/tickets/${doomed.id}`)).statusCode).toBe(204);
    expect(await countRows(db(), 'files')).toBe(files - 2);
  });
});
