// Staff teams (permission model §6b): team administration, the agent's ticket scope on every staff
// ticket read, assignment (single and bulk), the queues, and a contact's reply reopening a ticket.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signedInContact,
  signedInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/app.ts';
import { createContact, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';
import { closeResolvedTickets } from '../../src/modules/tickets/auto-close.ts';
import { createTicket, customer, snapshot, type TicketJson } from './ticket-helpers.ts';

type TeamJson = {
  id: string;
  name: string;
  seesAllTickets: boolean;
  autoAssign: string;
  members: Array<{ id: string; name: string }>;
};
type Desk = TicketJson & {
  team: { id: string; name: string } | null;
  assignee: { id: string; name: string } | null;
  lastSpoke: 'customer' | 'staff' | null;
  customerRepliedAt: string | null;
};

let t: TestApp;
let admin: TestClient;
const db = () => t.testDb.database.db;
let n = 0;

async function agent(name: string) {
  const user = await createStaffUser(db(), { role: 'agent', name: `${name} ${++n}` });
  return { id: user.id, client: await signedInStaff(t.app, user.email, TEST_PASSWORD) };
}

async function team(body: Record<string, unknown>): Promise<TeamJson> {
  const res = await admin.post('/api/staff/teams', { name: `Team ${++n}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TeamJson;
}

const ids = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id).sort();

async function listIds(client: TestClient, query = '') {
  const res = await client.get(`/api/staff/tickets?limit=100${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return ids(res.json() as { items: Array<{ id: string }> });
}

beforeAll(async () => {
  t = await startTestApp();
  const a = await createStaffUser(db(), { role: 'admin', name: 'Ada Admin' });
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
});
afterAll(async () => t.close());

describe('teams: administration', () => {
  it('admins create, rename, set members and delete teams; the first team sees all tickets by default', async () => {
    // The first team of a desk: sees every ticket unless told otherwise.
    const count = await db()
      .selectFrom('staff_teams')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(0);
    const first = await team({});
    expect(first.seesAllTickets).toBe(true);
    const a = await agent('Member');
    const second = await team({ memberIds: [a.id] });
    expect(second.seesAllTickets).toBe(false);
    expect(second.members.map((m) => m.id)).toEqual([a.id]);

    const renamed = await admin.patch(`/api/staff/teams/${second.id}`, {
      name: 'Second line',
      memberIds: [],
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Second line', members: [] });
    expectError(await admin.post('/api/staff/teams', { name: 'second LINE' }), 409);
    expectError(
      await admin.post('/api/staff/teams', { name: 'X', memberIds: [first.id] }),
      422,
      undefined,
      'body.memberIds.0',
    );
    expectError(await admin.post('/api/staff/teams', { name: 'Y', extra: 1 }), 422);

    // Agents may not manage teams, and read only their own.
    expectError(await a.client.post('/api/staff/teams', { name: 'Mine' }), 403);
    expectError(await a.client.patch(`/api/staff/teams/${first.id}`, { name: 'Mine' }), 403);
    expectError(await a.client.delete(`/api/staff/teams/${first.id}`), 403);
    expectError(await a.client.get(`/api/staff/teams/${first.id}`), 404);
    expect((await a.client.get('/api/staff/teams')).json()).toMatchObject({ items: [] });

    expect((await admin.delete(`/api/staff/teams/${first.id}`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/staff/teams/${second.id}`)).statusCode).toBe(204);
    expectError(await admin.get(`/api/staff/teams/${first.id}`), 404);
  });
});

describe('teams: the agent scope on every staff ticket read', () => {
  it("an agent sees its teams', its own and team-less tickets; everything else is 404 on every route", async () => {
    const alice = await agent('Alice');
    const bob = await agent('Bob');
    const red = await team({ seesAllTickets: false, memberIds: [alice.id] });
    const blue = await team({ seesAllTickets: false, memberIds: [bob.id] });
    const { contact } = await customer(db());
    const mk = (body: Record<string, unknown>) => createTicket(admin, { requesterId: contact.id, ...body });
    const redT = await mk({ teamId: red.id });
    const blueT = await mk({ teamId: blue.id });
    const blueMine = await mk({ teamId: blue.id, assigneeId: bob.id });
    const none = await mk({});
    const blueForAlice = await mk({ teamId: blue.id });
    // An assignee outside the team is refused; an admin may move it into Alice's reach by team.
    expectError(
      await admin.patch(`/api/staff/tickets/${blueForAlice.id}`, { assigneeId: alice.id }),
      422,
      undefined,
      'body.assigneeId',
    );

    const mine = [redT.id, none.id].sort();
    const all = await listIds(admin);
    expect(all).toEqual(expect.arrayContaining([redT.id, blueT.id, blueMine.id, none.id, blueForAlice.id]));
    // The first tickets of this database: Alice's list is exactly her team's and the team-less one.
    expect(await listIds(alice.client)).toEqual(mine);
    expect(await listIds(bob.client)).toEqual([blueT.id, blueMine.id, none.id, blueForAlice.id].sort());

    const hidden = blueT.id;
    // Search and participants go through the same scope: the hidden ticket's words find nothing.
    const word = `zebra${Date.now().toString(36)}`;
    expect(
      (await admin.patch(`/api/staff/tickets/${hidden}`, { subject: `Projector ${word}` })).statusCode,
    ).toBe(200);
    const found = async (client: TestClient) =>
      (
        (await client.get(`/api/staff/tickets/search?q=${word}`)).json() as { items: { id: string }[] }
      ).items.map((i) => i.id);
    expect(await found(alice.client)).toEqual([]);
    expect(await found(admin)).toEqual([hidden]);
    expect(await found(bob.client)).toEqual([hidden]);
    expectError(await alice.client.get(`/api/staff/tickets/${hidden}/participants`), 404);
    // A charge cannot be billed on a ticket outside the scope: "no such ticket", nothing written.
    const charge = { ticketId: hidden, description: 'Lamp', unitPriceCents: 100 };
    expectError(await alice.client.post('/api/staff/charges', charge), 422, undefined, 'body.ticketId');
    const billed = await bob.client.post('/api/staff/charges', charge);
    expect(billed.statusCode).toBe(201);
    // …and one billed there by a colleague who may see it is not Alice's to read, list or change.
    const chargeUrl = `/api/staff/charges/${billed.json().id}`;
    expectError(await alice.client.get(chargeUrl), 404);
    expectError(await alice.client.patch(chargeUrl, { quantity: 2 }), 404);
    expectError(await alice.client.delete(chargeUrl), 404);
    expect((await alice.client.get(`/api/staff/charges?ticketId=${hidden}`)).json().items).toEqual([]);
    expect((await bob.client.get(`/api/staff/charges?ticketId=${hidden}`)).json().items).toHaveLength(1);
    expectError(
      await alice.client.post(`/api/staff/tickets/${hidden}/participants`, { contactId: contact.id }),
      404,
    );

    const before = await snapshot(db());
    for (const url of [
      `/api/staff/tickets/${hidden}`,
      `/api/staff/tickets/${hidden}/events`,
      `/api/staff/tickets/${hidden}/comments`,
      `/api/staff/tickets/${hidden}/attachments`,
      `/api/staff/tickets/${hidden}/emails`,
      `/api/staff/tickets/${hidden}/mails`,
      `/api/staff/tickets/${hidden}/private-preview`,
    ])
      expectError(await alice.client.get(url), 404);
    expectError(await alice.client.patch(`/api/staff/tickets/${hidden}`, { priority: 'high' }), 404);
    expectError(
      await alice.client.post(`/api/staff/tickets/${hidden}/comments`, { body: 'hi', public: false }),
      404,
    );
    expectError(
      await alice.client.post(`/api/staff/tickets/${hidden}/emails`, {
        fromAddress: 'a@example.test',
        toAddress: 'b@example.test',
        subject: 's',
        body: 'b',
      }),
      404,
    );
    expect(await snapshot(db())).toEqual(before);
    // The same ticket, an admin: 200; Bob, a member of its team: 200.
    expect((await admin.get(`/api/staff/tickets/${hidden}`)).statusCode).toBe(200);
    expect((await bob.client.get(`/api/staff/tickets/${hidden}`)).statusCode).toBe(200);

    // An attachment of a hidden ticket: 404 by its own id too.
    const file = await db()
      .insertInto('files')
      .values({
        filename: 'a.txt',
        content_type: 'text/plain',
        size_bytes: 1,
        sha256: 'x',
        data: new Uint8Array([65]),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const att = await db()
      .insertInto('attachments')
      .values({
        ticket_id: hidden,
        file_id: file.id,
        public: false,
        uploaded_by_staff_id: bob.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expectError(await alice.client.get(`/api/staff/attachments/${att.id}`), 404);
    expectError(await alice.client.patch(`/api/staff/attachments/${att.id}`, { public: true }), 404);
    expectError(await alice.client.delete(`/api/staff/attachments/${att.id}`), 404);
    expect((await bob.client.get(`/api/staff/attachments/${att.id}`)).statusCode).toBe(200);

    // Assigned to Alice: visible through the assignment although of a team she is not in.
    await db().updateTable('tickets').set({ assignee_id: alice.id }).where('id', '=', blueT.id).execute();
    expect((await alice.client.get(`/api/staff/tickets/${blueT.id}`)).statusCode).toBe(200);
    // A team with seesAllTickets: Alice sees everything from the next request on.
    await admin.patch(`/api/staff/teams/${red.id}`, { seesAllTickets: true });
    expect((await alice.client.get(`/api/staff/tickets/${blueMine.id}`)).statusCode).toBe(200);
    await admin.patch(`/api/staff/teams/${red.id}`, { seesAllTickets: false });
    expectError(await alice.client.get(`/api/staff/tickets/${blueMine.id}`), 404);
    // Leaving a team: its tickets go at once.
    await admin.patch(`/api/staff/teams/${red.id}`, { memberIds: [] });
    expectError(await alice.client.get(`/api/staff/tickets/${redT.id}`), 404);
  });
});

describe('teams: assignment', () => {
  it('sets team and assignee by PATCH; 422 outside the team or for a team the agent is not in, nothing changed', async () => {
    const alice = await agent('Alice');
    const bob = await agent('Bob');
    const red = await team({ seesAllTickets: false, memberIds: [alice.id, bob.id] });
    const other = await team({ seesAllTickets: false, memberIds: [] });
    const { contact } = await customer(db());
    const ticket = await createTicket(admin, { requesterId: contact.id });

    const set = await alice.client.patch(`/api/staff/tickets/${ticket.id}`, {
      teamId: red.id,
      assigneeId: bob.id,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ team: { id: red.id }, assignee: { id: bob.id } });
    const events = (await admin.get(`/api/staff/tickets/${ticket.id}/events`)).json() as {
      items: Array<{ field: string; newValue: string | null }>;
    };
    expect(events.items.map((e) => [e.field, e.newValue])).toEqual(
      expect.arrayContaining([
        ['teamId', red.id],
        ['assigneeId', bob.id],
      ]),
    );

    const outsider = await agent('Outsider');
    const before = await snapshot(db());
    expectError(
      await alice.client.patch(`/api/staff/tickets/${ticket.id}`, { teamId: other.id }),
      422,
      undefined,
      'body.teamId',
    );
    expectError(
      await alice.client.patch(`/api/staff/tickets/${ticket.id}`, { assigneeId: outsider.id }),
      422,
      undefined,
      'body.assigneeId',
    );
    // Moving the team away from the assignee's: the assignee must come too.
    expectError(
      await admin.patch(`/api/staff/tickets/${ticket.id}`, { teamId: other.id }),
      422,
      undefined,
      'body.teamId',
    );
    expect(await snapshot(db())).toEqual(before);
    const moved = await admin.patch(`/api/staff/tickets/${ticket.id}`, {
      teamId: other.id,
      assigneeId: null,
    });
    expect(moved.json()).toMatchObject({ team: { id: other.id }, assignee: null });
  });

  it('bulk actions are all or nothing, each ticket through the scope', async () => {
    const alice = await agent('Alice');
    const red = await team({ seesAllTickets: false, memberIds: [alice.id] });
    const blue = await team({ seesAllTickets: false, memberIds: [] });
    const { contact } = await customer(db());
    const a = await createTicket(admin, { requesterId: contact.id, teamId: red.id });
    const b = await createTicket(admin, { requesterId: contact.id });
    const hidden = await createTicket(admin, { requesterId: contact.id, teamId: blue.id });

    const outsider = await agent('Outsider');
    const before = await snapshot(db());
    expectError(
      await alice.client.post('/api/staff/tickets/bulk', {
        ids: [a.id, hidden.id],
        set: { priority: 'urgent' },
      }),
      404,
    );
    // The outsider is not in red: a's change is refused, and b's (no team: allowed) is rolled back.
    expectError(
      await alice.client.post('/api/staff/tickets/bulk', {
        ids: [b.id, a.id],
        set: { assigneeId: outsider.id },
      }),
      422,
    );
    expectError(await alice.client.post('/api/staff/tickets/bulk', { ids: [a.id], set: {} }), 422);
    expect(await snapshot(db())).toEqual(before);

    const ok = await alice.client.post('/api/staff/tickets/bulk', {
      ids: [a.id, b.id],
      set: { assigneeId: alice.id, status: 'pending', priority: 'high' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const tickets = (ok.json() as { tickets: Desk[] }).tickets;
    expect(tickets.map((x) => [x.assignee?.id, x.status, x.priority])).toEqual([
      [alice.id, 'pending', 'high'],
      [alice.id, 'pending', 'high'],
    ]);
  });

  it('auto-assigns new tickets of a team: round robin and least loaded', async () => {
    const [x, y] = [await agent('X'), await agent('Y')];
    const rr = await team({ seesAllTickets: false, autoAssign: 'round_robin', memberIds: [x.id, y.id] });
    const { contact } = await customer(db());
    const got: Array<string | undefined> = [];
    for (let i = 0; i < 4; i++)
      got.push(
        ((await createTicket(admin, { requesterId: contact.id, teamId: rr.id })) as Desk).assignee?.id,
      );
    const [first, second] = [x.id, y.id].sort();
    expect(got).toEqual([first, second, first, second]);

    const ll = await team({ seesAllTickets: false, autoAssign: 'least_loaded', memberIds: [x.id, y.id] });
    // Give X three more open tickets: Y is the least loaded.
    for (let i = 0; i < 3; i++) await createTicket(admin, { requesterId: contact.id, assigneeId: x.id });
    const picked = (await createTicket(admin, { requesterId: contact.id, teamId: ll.id })) as Desk;
    expect(picked.assignee?.id).toBe(y.id);
    // An explicit null: no auto-assignment.
    const unassigned = (await createTicket(admin, {
      requesterId: contact.id,
      teamId: ll.id,
      assigneeId: null,
    })) as Desk;
    expect(unassigned.assignee).toBeNull();
  });
});

describe('teams: queues and states', () => {
  it('Mine, Unassigned, My teams, Waiting on us / on the customer; a contact reply reopens a pending ticket', async () => {
    const alice = await agent('Alice');
    const red = await team({ seesAllTickets: false, memberIds: [alice.id] });
    const blue = await team({ seesAllTickets: false, memberIds: [] });
    const { organization } = await customer(db());
    const requester = await createContact(db(), { organizationId: organization.id, privilegeGroup: 'full' });
    const mk = (body: Record<string, unknown>) => createTicket(admin, { requesterId: requester.id, ...body });
    const assigned = await mk({ teamId: red.id, assigneeId: alice.id });
    const teamOnly = await mk({ teamId: red.id });
    const noTeam = await mk({});
    const blueT = await mk({ teamId: blue.id });
    const mine = new Set([assigned.id, teamOnly.id, noTeam.id, blueT.id]);
    const q = async (client: TestClient, queue: string) =>
      (await listIds(client, `&queue=${queue}`)).filter((id) => mine.has(id));

    expect(await q(alice.client, 'mine')).toEqual([assigned.id]);
    expect(await q(alice.client, 'unassigned')).toEqual([teamOnly.id, noTeam.id].sort());
    expect(await q(alice.client, 'my_teams')).toEqual([assigned.id, teamOnly.id].sort());
    expect(await q(admin, 'unassigned')).toEqual([teamOnly.id, noTeam.id, blueT.id].sort());
    expect(await q(alice.client, 'all')).toEqual([assigned.id, teamOnly.id, noTeam.id].sort());
    expect(await q(alice.client, 'waiting_on_us')).toEqual([assigned.id, teamOnly.id, noTeam.id].sort());

    // Alice answers and sets it pending: waiting on the customer, staff spoke last.
    expect(
      (
        await alice.client.post(`/api/staff/tickets/${assigned.id}/comments`, {
          body: 'Try this',
          public: true,
        })
      ).statusCode,
    ).toBe(201);
    await alice.client.patch(`/api/staff/tickets/${assigned.id}`, { status: 'pending' });
    expect(await q(alice.client, 'waiting_on_us')).not.toContain(assigned.id);
    expect(await q(alice.client, 'waiting_on_customer')).toEqual([assigned.id]);
    expect(((await alice.client.get(`/api/staff/tickets/${assigned.id}`)).json() as Desk).lastSpoke).toBe(
      'staff',
    );

    // The customer replies in the portal: open again, customer replied, waiting on us.
    const portal = await signedInContact(t.app, requester.email, TEST_PASSWORD);
    const reply = await portal.post(`/api/portal/tickets/${assigned.id}/comments`, { body: 'Still broken' });
    expect(reply.statusCode, reply.body).toBe(201);
    const after = (await alice.client.get(`/api/staff/tickets/${assigned.id}`)).json() as Desk;
    expect(after).toMatchObject({ status: 'open', lastSpoke: 'customer' });
    expect(after.customerRepliedAt).not.toBeNull();
    expect(await q(alice.client, 'waiting_on_us')).toContain(assigned.id);
    expect(await q(alice.client, 'waiting_on_customer')).toEqual([]);

    // A closed ticket reopens the same way.
    await alice.client.patch(`/api/staff/tickets/${assigned.id}`, { status: 'closed' });
    await portal.post(`/api/portal/tickets/${assigned.id}/comments`, { body: 'It came back' });
    expect((await alice.client.get(`/api/staff/tickets/${assigned.id}`)).json() as Desk).toMatchObject({
      status: 'open',
      closedAt: null,
    });
  });
});

describe('states: resolved and auto-close', () => {
  it('a resolved ticket closes after the configured days; a reply before that reopens it', async () => {
    const { organization } = await customer(db());
    const requester = await createContact(db(), { organizationId: organization.id, privilegeGroup: 'full' });
    const old = await createTicket(admin, { requesterId: requester.id });
    const recent = await createTicket(admin, { requesterId: requester.id });
    const replied = await createTicket(admin, { requesterId: requester.id });
    for (const ticket of [old, recent, replied]) {
      const res = await admin.patch(`/api/staff/tickets/${ticket.id}`, { status: 'resolved' });
      expect(res.json()).toMatchObject({ status: 'resolved', closedAt: null });
    }
    await db()
      .updateTable('tickets')
      .set({ resolved_at: sql<Date>`now() - interval '8 days'` })
      .where('id', 'in', [old.id, replied.id])
      .execute();
    // The customer answers one of them first: open again, nothing for the job to close.
    const portal = await signedInContact(t.app, requester.email, TEST_PASSWORD);
    expect(
      (await portal.post(`/api/portal/tickets/${replied.id}/comments`, { body: 'Not fixed' })).statusCode,
    ).toBe(201);
    // In the portal a resolved ticket is in the closed list, and may be reopened (not closed).
    const closedList = (await portal.get('/api/portal/tickets?view=mine&status=closed')).json() as {
      items: Array<{ id: string }>;
    };
    expect(closedList.items.map((i) => i.id).sort()).toEqual([old.id, recent.id].sort());
    const detail = (await portal.get(`/api/portal/tickets/${old.id}`)).json() as {
      abilities: { close: boolean; reopen: boolean };
    };
    expect(detail.abilities).toMatchObject({ close: false, reopen: true });

    expect(await closeResolvedTickets(db(), 0)).toBe(0);
    expect(await closeResolvedTickets(db(), 7)).toBe(1);
    const status = async (id: string) =>
      ((await admin.get(`/api/staff/tickets/${id}`)).json() as Desk).status;
    expect([await status(old.id), await status(recent.id), await status(replied.id)]).toEqual([
      'closed',
      'resolved',
      'open',
    ]);
    const events = (await admin.get(`/api/staff/tickets/${old.id}/events`)).json() as {
      items: Array<{ field: string; oldValue: string; newValue: string; actor: unknown }>;
    };
    expect(events.items.at(-1)).toMatchObject({
      field: 'status',
      oldValue: 'resolved',
      newValue: 'closed',
      actor: null,
    });
    // Nothing more is due.
    expect(await closeResolvedTickets(db(), 7)).toBe(0);
  });
});
