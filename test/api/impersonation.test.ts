import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInContact, signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

/** A staff browser that starts an impersonation: it then holds the contact's portal cookies. */
async function impersonate(mode: 'read' | 'write', staffValues: { role?: 'admin' | 'agent' } = {}) {
  const staffUser = await createStaffUser(db(), staffValues);
  const staff = await signedInStaff(t.app, staffUser.email, TEST_PASSWORD);
  const contact = await createContact(db(), { privilegeGroup: 'full' });
  const res = await staff.post('/api/staff/impersonations', {
    contactId: contact.id,
    mode,
    reason: 'Ticket 42: customer cannot see invoices',
  });
  return { staff, staffUser, contact, res };
}

const auditActions = async (contactId: string) =>
  (
    await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_label', 'impersonator_staff_id', 'actor_id'])
      .where((eb) => eb.or([eb('entity_id', '=', contactId), eb('actor_id', '=', contactId)]))
      .orderBy('id')
      .execute()
  ).map((r) => r);

describe('impersonation', () => {
  it('read mode shows the portal as the contact, with a banner, and refuses every write', async () => {
    const { staff, staffUser, contact, res } = await impersonate('read');
    expect(res.statusCode, res.body).toBe(201);
    const me = await staff.get('/api/portal/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().contact.id).toBe(contact.id);
    expect(me.json().impersonation).toMatchObject({ staffName: staffUser.name, mode: 'read' });
    const write = await staff.post('/api/portal/tickets', { subject: 'Should not exist' });
    expect(write.statusCode).toBe(403);
    expect(
      await db().selectFrom('tickets').select('id').where('requester_id', '=', contact.id).execute(),
    ).toEqual([]);
    const actions = await auditActions(contact.id);
    expect(actions.map((a) => a.action)).toEqual(['impersonation_start', 'impersonated_request']);
    expect(actions[1]).toMatchObject({ impersonator_staff_id: staffUser.id, actor_id: contact.id });
    expect(actions[1]!.actor_label).toContain(`${staffUser.name} as`);
  });

  it('write mode allows the contact’s own writes, each audited with both identities; exit ends it', async () => {
    const { staff, staffUser, contact } = await impersonate('write');
    const created = await staff.post('/api/portal/tickets', { subject: 'Opened while impersonating' });
    expect(created.statusCode, created.body).toBe(201);
    expect((await staff.delete('/api/portal/session')).statusCode).toBe(204);
    expect((await staff.get('/api/portal/me')).statusCode).toBe(401);
    // The staff session itself is untouched.
    expect((await staff.get('/api/staff/me')).statusCode).toBe(200);
    const actions = await auditActions(contact.id);
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['impersonation_start', 'create', 'impersonated_request', 'impersonation_stop']),
    );
    for (const a of actions.filter((x) => x.action !== 'impersonation_start'))
      expect(a.impersonator_staff_id, a.action).toBe(staffUser.id);
  });

  it('read mode tells what the contact itself could do, which the view hides; write mode hides nothing', async () => {
    const staffUser = await createStaffUser(db(), { role: 'admin' });
    const staff = await signedInStaff(t.app, staffUser.email, TEST_PASSWORD);
    const full = await createContact(db(), { privilegeGroup: 'full' });
    const own = await signedInContact(t.app, full.email, TEST_PASSWORD);
    const ticket = (await own.post('/api/portal/tickets', { subject: 'Projector flickers' })).json();
    // The contact's own session: its abilities, nothing hidden.
    const mine = (await own.get(`/api/portal/tickets/${ticket.id}`)).json();
    expect(mine.abilities.reply).toBe(true);
    expect(mine).not.toHaveProperty('contactAbilities');

    const start = (mode: 'read' | 'write') =>
      staff.post('/api/staff/impersonations', { contactId: full.id, mode, reason: 'Checking the view' });
    expect((await start('read')).statusCode).toBe(201);
    const hidden = (await staff.get('/api/portal/me')).json().impersonation.hiddenPrivileges;
    expect(hidden).toEqual(expect.arrayContaining(['tickets.create', 'tickets.reply', 'attachments.upload']));
    expect(hidden).toEqual([...hidden].sort());
    const viewed = (await staff.get(`/api/portal/tickets/${ticket.id}`)).json();
    expect(viewed.abilities).toMatchObject({ reply: false, close: false, upload: false });
    expect(viewed.contactAbilities).toMatchObject({ reply: true, close: true, upload: true });
    // Told, never allowed: the reply is still refused.
    expect((await staff.post(`/api/portal/tickets/${ticket.id}/comments`, { body: 'Hi' })).statusCode).toBe(
      403,
    );
    expect((await staff.delete('/api/portal/session')).statusCode).toBe(204);

    expect((await start('write')).statusCode).toBe(201);
    expect((await staff.get('/api/portal/me')).json().impersonation).toMatchObject({
      mode: 'write',
      hiddenPrivileges: [],
    });
    expect((await staff.get(`/api/portal/tickets/${ticket.id}`)).json()).not.toHaveProperty(
      'contactAbilities',
    );
  });

  it('ends when the staff session ends, when it expires, and when the right is lost', async () => {
    const first = await impersonate('read');
    expect((await first.staff.delete('/api/staff/session')).statusCode).toBe(204);
    expect((await first.staff.get('/api/portal/me')).statusCode).toBe(401);

    const second = await impersonate('read');
    await db()
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('impersonator_staff_id', '=', second.staffUser.id)
      .execute();
    expect((await second.staff.get('/api/portal/me')).statusCode).toBe(401);

    const third = await impersonate('read', { role: 'agent' });
    expect(third.res.statusCode).toBe(403);
    await db()
      .updateTable('staff_users')
      .set({ can_impersonate: true })
      .where('id', '=', third.staffUser.id)
      .execute();
    const again = await third.staff.post('/api/staff/impersonations', {
      contactId: third.contact.id,
      mode: 'read',
      reason: 'Check',
    });
    expect(again.statusCode).toBe(201);
    expect((await third.staff.get('/api/portal/me')).statusCode).toBe(200);
    await db()
      .updateTable('staff_users')
      .set({ can_impersonate: false })
      .where('id', '=', third.staffUser.id)
      .execute();
    expect((await third.staff.get('/api/portal/me')).statusCode).toBe(401);
  });

  it('cannot target a disabled contact or one without portal access, nor an unknown one', async () => {
    const staffUser = await createStaffUser(db());
    const staff = await signedInStaff(t.app, staffUser.email, TEST_PASSWORD);
    const disabled = await createContact(db(), { disabled: true });
    const noPortal = await createContact(db(), { privilegeGroup: 'no_portal_access' });
    for (const id of [disabled.id, noPortal.id]) {
      expect(
        (await staff.post('/api/staff/impersonations', { contactId: id, mode: 'read', reason: 'x' }))
          .statusCode,
      ).toBe(409);
    }
    const unknown = await staff.post('/api/staff/impersonations', {
      contactId: '0190a2b4-0000-7000-8000-000000000000',
      mode: 'read',
      reason: 'x',
    });
    expect(unknown.statusCode).toBe(404);
    const noReason = await staff.post('/api/staff/impersonations', { contactId: disabled.id, mode: 'read' });
    expect(noReason.statusCode).toBe(422);
    expect((await new TestClient(t.app).post('/api/staff/impersonations', {})).statusCode).toBe(401);
  });

  it('staff list and stop impersonations', async () => {
    const { staff, res } = await impersonate('read');
    const id = res.json().id as string;
    const list = await staff.get('/api/staff/impersonations');
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await staff.delete(`/api/staff/impersonations/${id}`)).statusCode).toBe(204);
    expect((await staff.get('/api/portal/me')).statusCode).toBe(401);
    expect((await staff.delete(`/api/staff/impersonations/${id}`)).statusCode).toBe(404);
  });
});
