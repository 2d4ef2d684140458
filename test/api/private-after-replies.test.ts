import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signedInContact,
  signedInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/app.ts';
import { rowCounts } from '../support/expect.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';

// Issue 16: a requester who makes its ticket private after colleagues have replied takes their
// access away at once. The API asks for a confirmation naming them (docs/permissions.md).

let t: TestApp;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

type Contact = Awaited<ReturnType<typeof createContact>>;
const signIn = (c: Contact) => signedInContact(t.app, c.email, TEST_PASSWORD);

/** A requester's ticket in an organization where colleagues with organization scope see it. */
async function world() {
  const organizationId = (await createOrganization(db())).id;
  const requester = await createContact(db(), { organizationId, name: 'Rita Requester' });
  // Full: ticket scope organization, level write.
  const replier = await createContact(db(), { organizationId, privilegeGroup: 'full', name: 'Zoe Replier' });
  const reader = await createContact(db(), { organizationId, privilegeGroup: 'full', name: 'Adam Reader' });
  // Not losing anything: disabled, own scope only, another organization.
  await createContact(db(), { organizationId, privilegeGroup: 'full', disabled: true, name: 'Dis Abled' });
  await createContact(db(), { organizationId, privilegeGroup: 'limited', name: 'Own Only' });
  await createContact(db(), { privilegeGroup: 'full', name: 'Else Where' });
  const portal = await signIn(requester);
  const ticketId = (await portal.post('/api/portal/tickets', { subject: 'Salary question' })).json()
    .id as string;
  await db()
    .insertInto('ticket_comments')
    .values([
      { ticket_id: ticketId, body: 'Me too.', public: true, author_contact_id: replier.id },
      { ticket_id: ticketId, body: 'Details.', public: true, author_contact_id: requester.id },
    ])
    .execute();
  return { organizationId, requester, replier, reader, portal, ticketId };
}

const isPrivate = async (ticketId: string) =>
  (await db().selectFrom('tickets').select('private').where('id', '=', ticketId).executeTakeFirstOrThrow())
    .private;

describe('making a ticket private after others took part', () => {
  it('is refused with 409 confirm_required naming who would lose access; nothing changes', async () => {
    const { replier, portal, ticketId } = await world();
    const res = await portal.patch(`/api/portal/tickets/${ticketId}`, { private: true });
    expect(res.statusCode, res.body).toBe(409);
    const expected = {
      count: 2,
      people: [
        { name: 'Zoe Replier', commented: true },
        { name: 'Adam Reader', commented: false },
      ],
    };
    expect(res.json().error).toMatchObject({ code: 'confirm_required', loseAccess: expected });
    expect(res.json().error.message).toContain('Zoe Replier, Adam Reader');
    expect(await isPrivate(ticketId)).toBe(false);
    expect((await (await signIn(replier)).get(`/api/portal/tickets/${ticketId}`)).statusCode).toBe(200);
    // The preview names the same people.
    const preview = await portal.get(`/api/portal/tickets/${ticketId}/private-preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual(expected);
    expect(
      await db().selectFrom('ticket_events').select('id').where('ticket_id', '=', ticketId).execute(),
    ).toEqual([]);
  });

  it('goes ahead with confirm: true, and then they lose it at once', async () => {
    const { replier, reader, portal, ticketId } = await world();
    const res = await portal.patch(`/api/portal/tickets/${ticketId}`, { private: true, confirm: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().private).toBe(true);
    for (const colleague of [replier, reader])
      expect((await (await signIn(colleague)).get(`/api/portal/tickets/${ticketId}`)).statusCode).toBe(404);
    expect(
      (await portal.get(`/api/portal/tickets/${ticketId}/private-preview`)).json(),
      'nobody else left to lose it',
    ).toEqual({ count: 0, people: [] });
    // Making it public again needs no confirmation.
    expect((await portal.patch(`/api/portal/tickets/${ticketId}`, { private: false })).statusCode).toBe(200);
  });

  it('needs no confirmation when nobody else sees the ticket', async () => {
    const requester = await createContact(db());
    const portal = await signIn(requester);
    const ticketId = (await portal.post('/api/portal/tickets', { subject: 'Alone' })).json().id as string;
    const res = await portal.patch(`/api/portal/tickets/${ticketId}`, { private: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().private).toBe(true);
  });

  it('caps the names and gives the full count', async () => {
    const { organizationId, portal, ticketId } = await world();
    for (let i = 0; i < 10; i++) await createContact(db(), { organizationId, privilegeGroup: 'full' });
    const res = await portal.patch(`/api/portal/tickets/${ticketId}`, { private: true });
    expect(res.statusCode).toBe(409);
    const { loseAccess, message } = res.json().error;
    expect(loseAccess.count).toBe(12);
    expect(loseAccess.people).toHaveLength(10);
    expect(loseAccess.people[0]).toEqual({ name: 'Zoe Replier', commented: true });
    expect(message).toContain('and 2 more');
  });

  it('names super customers who see it through a grant; an expired grant loses nothing', async () => {
    const { requester, portal, ticketId } = await world();
    const group = await db()
      .insertInto('user_groups')
      .values({ name: `Requesters ${ticketId}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('user_group_contacts')
      .values({ user_group_id: group.id, contact_id: requester.id })
      .execute();
    const superCustomer = await createContact(db(), { privilegeGroup: 'limited', name: 'Sue Super' });
    const lapsed = await createContact(db(), { privilegeGroup: 'limited', name: 'Lapsed Grant' });
    await db()
      .insertInto('access_grants')
      .values([
        { contact_id: superCustomer.id, user_group_id: group.id, level: 'read', expires_at: null },
        {
          contact_id: lapsed.id,
          user_group_id: group.id,
          level: 'read',
          expires_at: new Date(Date.now() - 60_000),
        },
      ])
      .execute();
    const preview = (await portal.get(`/api/portal/tickets/${ticketId}/private-preview`)).json();
    expect(preview.count).toBe(3);
    expect(preview.people.map((p: { name: string }) => p.name)).toEqual([
      'Zoe Replier',
      'Adam Reader',
      'Sue Super',
    ]);
    const sue = await signIn(superCustomer);
    expect((await sue.get(`/api/portal/tickets/${ticketId}`)).statusCode).toBe(200);
    expect(
      (await portal.patch(`/api/portal/tickets/${ticketId}`, { private: true, confirm: true })).statusCode,
    ).toBe(200);
    expect((await sue.get(`/api/portal/tickets/${ticketId}`)).statusCode).toBe(404);
  });

  it('the preview is the requester’s alone: 403 for a colleague, 404 outside scope', async () => {
    const { replier, ticketId } = await world();
    expect(
      (await (await signIn(replier)).get(`/api/portal/tickets/${ticketId}/private-preview`)).statusCode,
    ).toBe(403);
    const stranger = await createContact(db(), { privilegeGroup: 'full' });
    expect(
      (await (await signIn(stranger)).get(`/api/portal/tickets/${ticketId}/private-preview`)).statusCode,
    ).toBe(404);
  });
});

describe('staff making a ticket private', () => {
  let staff: TestClient;
  beforeAll(async () => {
    const user = await createStaffUser(db(), { role: 'agent' });
    staff = await signedInStaff(t.app, user.email, TEST_PASSWORD);
  });

  it('asks for the same confirmation (409 confirm_required naming who loses access); nothing changes', async () => {
    const { replier, ticketId } = await world();
    const before = await db().selectFrom('tickets').selectAll().where('id', '=', ticketId).execute();
    const audits = await rowCounts(db(), ['audit_log', 'ticket_events']);
    const res = await staff.patch(`/api/staff/tickets/${ticketId}`, { private: true, subject: 'Renamed' });
    expect(res.statusCode, res.body).toBe(409);
    const expected = {
      count: 2,
      people: [
        { name: 'Zoe Replier', commented: true },
        { name: 'Adam Reader', commented: false },
      ],
    };
    expect(res.json().error).toMatchObject({ code: 'confirm_required', loseAccess: expected });
    expect(res.json().error.message).toContain('Zoe Replier, Adam Reader');
    expect(await db().selectFrom('tickets').selectAll().where('id', '=', ticketId).execute()).toEqual(before);
    expect(await rowCounts(db(), ['audit_log', 'ticket_events'])).toEqual(audits);
    expect((await (await signIn(replier)).get(`/api/portal/tickets/${ticketId}`)).statusCode).toBe(200);
    const preview = await staff.get(`/api/staff/tickets/${ticketId}/private-preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual(expected);
  });

  it('goes ahead with confirm: true; the requester keeps the ticket, the others lose it at once', async () => {
    const { requester, replier, reader, ticketId } = await world();
    const res = await staff.patch(`/api/staff/tickets/${ticketId}`, { private: true, confirm: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().private).toBe(true);
    for (const colleague of [replier, reader])
      expect((await (await signIn(colleague)).get(`/api/portal/tickets/${ticketId}`)).statusCode).toBe(404);
    expect((await (await signIn(requester)).get(`/api/portal/tickets/${ticketId}`)).statusCode).toBe(200);
    expect((await staff.get(`/api/staff/tickets/${ticketId}/private-preview`)).json()).toEqual({
      count: 0,
      people: [],
    });
    // Public again: no confirmation.
    const back = await staff.patch(`/api/staff/tickets/${ticketId}`, { private: false });
    expect(back.statusCode, back.body).toBe(200);
  });

  it('needs no confirmation when nobody else sees the ticket; the preview is 404 for no ticket, 401 signed out', async () => {
    const requester = await createContact(db());
    const ticketId = (
      await staff.post('/api/staff/tickets', { subject: 'Alone', requesterId: requester.id })
    ).json().id as string;
    expect((await staff.get(`/api/staff/tickets/${ticketId}/private-preview`)).json()).toEqual({
      count: 0,
      people: [],
    });
    const res = await staff.patch(`/api/staff/tickets/${ticketId}`, { private: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().private).toBe(true);
    const missing = await staff.get(
      '/api/staff/tickets/01890000-0000-7000-8000-000000000000/private-preview',
    );
    expect(missing.statusCode).toBe(404);
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/staff/tickets/${ticketId}/private-preview`,
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
