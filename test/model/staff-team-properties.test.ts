// Property-based comparison of the staff ticket scope (permission model §6b) with the reference
// model. fast-check generates random desks: teams (some seeing all tickets) with random members,
// agents in none, one or several teams, an admin, and tickets with a random team (or none), a
// random assignee (or none, sometimes one outside the ticket's team: an agent who left it), a
// status and who spoke last. Teams are made through the staff API; tickets through it too, then
// assignee, status and last speaker are written directly (states the API reaches only through a
// history of changes). For every staff user, every queue (all pages, restricted in SQL to this
// world's organization) and every single read is compared with the model.
//
// Environment: PORTICO_PROPS_RUNS (default 10), PORTICO_PROPS_TIME_LIMIT_MS (default 60 s), and
// PORTICO_PROPS_SEED / PORTICO_PROPS_PATH to replay a failure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedInStaff, type TestClient } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { checkWorlds, index, often, worldsApp } from '../support/properties.ts';
import { directWrites } from '../support/world.ts';
import {
  emptyWorld,
  ReferenceModel,
  STAFF_QUEUES,
  type StaffQueue,
  type StaffUser,
  type Team,
  type Ticket,
  type TicketStatus,
} from './reference-model.ts';

const STATUSES: TicketStatus[] = ['open', 'pending', 'resolved', 'closed'];
const SPEAKERS = [null, 'customer', 'staff'] as const;

type TicketSpec = {
  team: number | null;
  assignee: number | null;
  status: TicketStatus;
  lastSpoke: (typeof SPEAKERS)[number];
};
type DeskSpec = {
  teams: Array<{ seesAll: boolean; members: boolean[] }>;
  agents: number;
  tickets: TicketSpec[];
};

const MAX_AGENTS = 4;
const deskArb: fc.Arbitrary<DeskSpec> = fc
  .record({
    agents: fc.integer({ min: 1, max: MAX_AGENTS }),
    teams: fc.array(
      fc.record({
        // Mostly off: a team that sees everything makes its members' answers trivial.
        seesAll: often(5).map((x) => !x),
        members: fc.array(often(1), { minLength: MAX_AGENTS, maxLength: MAX_AGENTS }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    tickets: fc.array(
      fc.record({
        team: fc.option(index(3), { nil: null }),
        assignee: fc.option(index(MAX_AGENTS), { nil: null }),
        status: fc.constantFrom(...STATUSES),
        lastSpoke: fc.constantFrom(...SPEAKERS),
      }),
      { minLength: 1, maxLength: 10 },
    ),
  })
  .map((d) => ({
    ...d,
    tickets: d.tickets.map((t) => ({
      ...t,
      team: t.team === null ? null : t.team % d.teams.length,
      assignee: t.assignee === null ? null : t.assignee % d.agents,
    })),
  }));

const { app, staff: admin } = worldsApp('staff-team-properties');
const db = () => app().testDb.database.db;

async function listAllStaff(client: TestClient, query: string): Promise<{ status: number; ids: string[] }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res = await client.get(
      `/api/staff/tickets?limit=100${query}` + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''),
    );
    if (res.statusCode !== 200) return { status: res.statusCode, ids };
    const body = res.json() as { items: Array<{ id: string }>; nextCursor: string | null };
    ids.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
    if (!cursor) return { status: 200, ids };
  }
  throw new Error('staff ticket list did not end');
}

let worldNo = 0;

async function compareDesk(spec: DeskSpec): Promise<string[]> {
  const tag = `${++worldNo}-${Date.now().toString(36)}`;
  const world = emptyWorld();
  const staffUsers: StaffUser[] = [];
  const clients = new Map<string, TestClient>();
  const adminUser = await createStaffUser(db(), { role: 'admin', name: `Admin ${tag}` });
  staffUsers.push({ id: adminUser.id, role: 'admin' });
  clients.set(adminUser.id, await signedInStaff(app().app, adminUser.email, TEST_PASSWORD));
  const agents: string[] = [];
  for (let i = 0; i < spec.agents; i++) {
    const user = await createStaffUser(db(), { role: 'agent', name: `Agent ${i} ${tag}` });
    agents.push(user.id);
    staffUsers.push({ id: user.id, role: 'agent' });
    clients.set(user.id, await signedInStaff(app().app, user.email, TEST_PASSWORD));
  }
  const teams: Team[] = [];
  for (const [i, t] of spec.teams.entries()) {
    const memberIds = agents.filter((_, a) => t.members[a]);
    const res = await admin().post('/api/staff/teams', {
      name: `Team ${i} ${tag}`,
      seesAllTickets: t.seesAll,
      memberIds,
    });
    expect(res.statusCode, res.body).toBe(201);
    teams.push({ id: (res.json() as { id: string }).id, seesAllTickets: t.seesAll, memberIds });
  }
  const organization = await createOrganization(db(), { name: `Desk ${tag}` });
  const requester = await createContact(db(), { organizationId: organization.id });
  const tickets: Ticket[] = [];
  for (const t of spec.tickets) {
    const teamId = t.team === null ? null : teams[t.team]!.id;
    const res = await admin().post('/api/staff/tickets', {
      subject: `Desk ${tag}`,
      requesterId: requester.id,
      teamId,
      assigneeId: null,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    const assigneeId = t.assignee === null ? null : agents[t.assignee]!;
    await db()
      .updateTable('tickets')
      .set({ assignee_id: assigneeId, status: t.status, last_spoke: t.lastSpoke })
      .where('id', '=', id)
      .execute();
    directWrites.set(
      'tickets (assignee, status, last_spoke)',
      (directWrites.get('tickets (assignee, status, last_spoke)') ?? 0) + 1,
    );
    tickets.push({
      id,
      requesterId: requester.id,
      organizationId: organization.id,
      private: false,
      status: t.status,
      teamId,
      assigneeId,
      lastSpoke: t.lastSpoke,
    });
  }
  world.tickets = tickets;
  world.staff = staffUsers;
  world.teams = teams;
  const model = new ReferenceModel(world);

  const problems: string[] = [];
  const sorted = (xs: string[]) => [...xs].sort();
  for (const user of staffUsers) {
    const client = clients.get(user.id)!;
    const who = `${user.role}#${staffUsers.indexOf(user)}`;
    for (const queue of [undefined, ...STAFF_QUEUES] as Array<StaffQueue | undefined>) {
      const got = await listAllStaff(
        client,
        `&organizationId=${organization.id}${queue ? `&queue=${queue}` : ''}`,
      );
      const expected = queue
        ? model.staffQueue(user.id, queue)
        : tickets.filter((t) => model.staffSees(user.id, t.id)).map((t) => t.id);
      if (got.status !== 200) problems.push(`list ${who} ${queue ?? '-'} expected 200, got ${got.status}`);
      else if (JSON.stringify(sorted(got.ids)) !== JSON.stringify(sorted(expected)))
        problems.push(
          `list ${who} ${queue ?? '-'} lists ${sorted(got.ids).length}, model ${expected.length}`,
        );
    }
    for (const t of tickets) {
      const res = await client.get(`/api/staff/tickets/${t.id}`);
      const expected = model.staffSees(user.id, t.id) ? 200 : 404;
      if (res.statusCode !== expected)
        problems.push(`read ${who} ticket#${tickets.indexOf(t)} expected ${expected}, got ${res.statusCode}`);
      const comments = await client.get(`/api/staff/tickets/${t.id}/comments`);
      if (comments.statusCode !== expected)
        problems.push(
          `comments ${who} ticket#${tickets.indexOf(t)} expected ${expected}, got ${comments.statusCode}`,
        );
    }
  }
  return problems;
}

describe('staff teams: the API equals the reference model on random desks', () => {
  it('every staff user’s queues and single reads', { timeout: 600_000 }, async () => {
    const runs = await checkWorlds(deskArb, compareDesk, { runs: 10, timeLimitMs: 60_000 });
    expect(runs).toBeGreaterThan(0);
  });
});
