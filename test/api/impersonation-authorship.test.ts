import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, signedInStaff, startTestApp, type TestApp } from '../support/app.ts';
import { createContact, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { multipartBody } from '../support/multipart.ts';

// Issue 16: what a staff user writes while impersonating a contact in write mode names the contact
// as its author and, for staff only, the staff user who acted: "Dana Whitfield (by Sam Rivera, staff)".

let t: TestApp;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

async function setUp() {
  const sam = await createStaffUser(db(), { role: 'admin', name: 'Sam Rivera' });
  const staff = await signedInStaff(t.app, sam.email, TEST_PASSWORD);
  const dana = await createContact(db(), { privilegeGroup: 'full', name: 'Dana Whitfield' });
  const started = await staff.post('/api/staff/impersonations', {
    contactId: dana.id,
    mode: 'write',
    reason: 'Customer asked us to file it for her',
  });
  expect(started.statusCode, started.body).toBe(201);
  return { sam, staff, dana };
}

describe('writes made while impersonating in write mode', () => {
  it('name the contact as author and, to staff, the staff user who acted; the portal never sees staff', async () => {
    const { sam, staff, dana } = await setUp();
    // `staff` now also holds Dana's (impersonated) portal session.
    const created = await staff.post('/api/portal/tickets', { subject: 'Printer on fire' });
    expect(created.statusCode, created.body).toBe(201);
    const ticketId = created.json().id as string;
    const reply = await staff.post(`/api/portal/tickets/${ticketId}/comments`, { body: 'Smoke too.' });
    expect(reply.statusCode, reply.body).toBe(201);
    const { payload, headers } = multipartBody(
      {},
      { name: 'file', filename: 'photo.txt', data: Buffer.from('smoke\n') },
    );
    const upload = await staff.request(
      'POST',
      `/api/portal/tickets/${ticketId}/attachments`,
      payload,
      headers,
    );
    expect(upload.statusCode, upload.body).toBe(201);
    const closed = await staff.patch(`/api/portal/tickets/${ticketId}`, { status: 'closed' });
    expect(closed.statusCode, closed.body).toBe(200);

    // The answers to the impersonating browser itself (portal API) name only the contact.
    expect(reply.json().author).toEqual({ type: 'contact', name: 'Dana Whitfield' });

    const byDanaForSam = {
      type: 'contact',
      id: dana.id,
      name: 'Dana Whitfield',
      actingStaff: { id: sam.id, name: 'Sam Rivera' },
    };
    const comments = (await staff.get(`/api/staff/tickets/${ticketId}/comments`)).json().items;
    expect(comments).toEqual([expect.objectContaining({ body: 'Smoke too.', author: byDanaForSam })]);
    const files = (await staff.get(`/api/staff/tickets/${ticketId}/attachments`)).json().items;
    expect(files).toEqual([expect.objectContaining({ filename: 'photo.txt', uploadedBy: byDanaForSam })]);
    const events = (await staff.get(`/api/staff/tickets/${ticketId}/events`)).json().items;
    expect(events).toEqual([
      expect.objectContaining({ field: 'status', newValue: 'closed', actor: byDanaForSam }),
    ]);

    // Every write is still audited with both identities.
    const audited = await db()
      .selectFrom('audit_log')
      .select(['action', 'impersonator_staff_id'])
      .where('actor_id', '=', dana.id)
      .where('action', '=', 'impersonated_request')
      .execute();
    expect(audited).toHaveLength(4);
    for (const row of audited) expect(row.impersonator_staff_id).toBe(sam.id);

    // Dana herself sees the contact only: no staff name, no staff id.
    await staff.delete('/api/portal/session');
    const own = await signedInContact(t.app, dana.email, TEST_PASSWORD);
    for (const path of ['', '/comments', '/attachments', '/history']) {
      const res = await own.get(`/api/portal/tickets/${ticketId}${path}`);
      expect(res.statusCode, path).toBe(200);
      expect(res.body, path).not.toContain('Sam Rivera');
      expect(res.body, path).not.toContain(sam.id);
      expect(res.body, path).not.toContain('actingStaff');
    }
    const portalComments = (await own.get(`/api/portal/tickets/${ticketId}/comments`)).json().items;
    expect(portalComments).toEqual([
      expect.objectContaining({ author: { type: 'contact', name: 'Dana Whitfield' } }),
    ]);
  });

  it('a contact writing as itself has no acting staff user', async () => {
    const dana = await createContact(db(), { privilegeGroup: 'full' });
    const portal = await signedInContact(t.app, dana.email, TEST_PASSWORD);
    const ticketId = (await portal.post('/api/portal/tickets', { subject: 'Mine' })).json().id as string;
    expect((await portal.post(`/api/portal/tickets/${ticketId}/comments`, { body: 'Me.' })).statusCode).toBe(
      201,
    );
    const admin = await createStaffUser(db());
    const staff = await signedInStaff(t.app, admin.email, TEST_PASSWORD);
    const [comment] = (await staff.get(`/api/staff/tickets/${ticketId}/comments`)).json().items;
    expect(comment.author).toEqual({ type: 'contact', id: dana.id, name: dana.name });
  });
});
