// SLAs (issue 13 §3): calendars and policies (admin writes, 422s), the policy an organization
// inherits, due times on tickets, the clock stopping while pending, first response met, the
// Breaching queue (order, pagination, scope) and who sees the due time in the portal.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signedInContact,
  signedInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, rowCounts } from '../support/expect.ts';

type Sla = {
  firstResponseDueAt: string | null;
  firstRespondedAt: string | null;
  resolutionDueAt: string | null;
  nextDueAt: string | null;
  pausedSince: string | null;
};
type Ticket = { id: string; createdAt: string; status: string; sla: Sla };

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
let agentId: string;
const db = () => t.testDb.database.db;
const MIN = 60_000;
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MIN).toISOString();

// Around the clock in UTC, so a due time is its creation plus the target, to the millisecond.
const always = { timeZone: 'UTC', hours: Array(7).fill([['00:00', '24:00']]) };
let calendarId: string;
let n = 0;

async function policy(body: Record<string, unknown>) {
  const res = await admin.post('/api/staff/sla/policies', { name: `Policy ${++n}`, calendarId, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; isDefault: boolean };
}

async function ticket(
  requesterId: string,
  body: Record<string, unknown> = {},
  client = admin,
): Promise<Ticket> {
  const res = await client.post('/api/staff/tickets', { subject: `SLA ${++n}`, requesterId, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Ticket;
}

const read = async (id: string) => (await admin.get(`/api/staff/tickets/${id}`)).json() as Ticket;
const patch = async (id: string, body: Record<string, unknown>) => {
  const res = await admin.patch(`/api/staff/tickets/${id}`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Ticket;
};

async function breaching(client: TestClient, query = '') {
  const res = await client.get(`/api/staff/tickets?queue=breaching${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Ticket[]; nextCursor: string | null };
}

beforeAll(async () => {
  t = await startTestApp();
  const a = await createStaffUser(db(), { role: 'admin' });
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
  const g = await createStaffUser(db(), { role: 'agent' });
  agentId = g.id;
  agent = await signedInStaff(t.app, g.email, TEST_PASSWORD);
  const res = await admin.post('/api/staff/sla/calendars', {
    name: 'Always',
    ...always,
    holidays: ['2026-12-25'],
  });
  expect(res.statusCode, res.body).toBe(201);
  calendarId = (res.json() as { id: string }).id;
});
afterAll(async () => t.close());

describe('calendars and policies', () => {
  it('refuses overlapping hours, unknown zones and bad times with 422, storing nothing', async () => {
    const before = await rowCounts(db(), ['sla_calendars', 'audit_log']);
    const week = Array(7).fill([]);
    expectError(
      await admin.post('/api/staff/sla/calendars', {
        name: 'Overlap',
        timeZone: 'Europe/Berlin',
        hours: week.map((d, i) =>
          i === 1
            ? [
                ['08:00', '12:00'],
                ['11:30', '17:00'],
              ]
            : d,
        ),
      }),
      422,
      'validation_failed',
      'body.hours.1.1',
    );
    expectError(
      await admin.post('/api/staff/sla/calendars', { name: 'Zone', timeZone: 'Mars/Base', hours: week }),
      422,
      undefined,
      'body.timeZone',
    );
    expectError(
      await admin.post('/api/staff/sla/calendars', {
        name: 'Back',
        timeZone: 'UTC',
        hours: [[['17:00', '08:00']], ...week.slice(1)],
      }),
      422,
    );
    expectError(
      await admin.post('/api/staff/sla/calendars', { name: 'Six', timeZone: 'UTC', hours: week.slice(1) }),
      422,
    );
    expectError(
      await admin.patch(`/api/staff/sla/calendars/${calendarId}`, {
        hours: [
          [
            ['08:00', '10:00'],
            ['09:00', '11:00'],
          ],
          ...week.slice(1),
        ],
      }),
      422,
    );
    expect(await rowCounts(db(), ['sla_calendars', 'audit_log'])).toEqual(before);
  });

  it('are written by admins only (audited) and read by agents', async () => {
    expectError(await agent.post('/api/staff/sla/calendars', { name: 'Mine', ...always }), 403);
    expectError(await agent.post('/api/staff/sla/policies', { name: 'Mine', calendarId, targets: {} }), 403);
    const p = await policy({ targets: { normal: { firstResponse: 60, resolution: 600 } } });
    expectError(await agent.patch(`/api/staff/sla/policies/${p.id}`, { name: 'x' }), 403);
    expect((await agent.get(`/api/staff/sla/policies/${p.id}`)).statusCode).toBe(200);
    expect((await agent.get('/api/staff/sla/calendars')).json()).toMatchObject({
      items: [{ id: calendarId }],
    });
    const audit = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'sla_policy')
      .where('entity_id', '=', p.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expectError(await admin.delete(`/api/staff/sla/calendars/${calendarId}`), 409);
    expect((await admin.delete(`/api/staff/sla/policies/${p.id}`)).statusCode).toBe(204);
  });

  it('refuses an organization that has another policy, and bad targets', async () => {
    const org = await createOrganization(db());
    await policy({ targets: {}, organizationIds: [org.id] });
    expectError(
      await admin.post('/api/staff/sla/policies', {
        name: 'Other',
        calendarId,
        targets: {},
        organizationIds: [org.id],
      }),
      422,
      undefined,
      'body.organizationIds.0',
    );
    expectError(
      await admin.post('/api/staff/sla/policies', {
        name: 'Neg',
        calendarId,
        targets: { high: { firstResponse: -1, resolution: null } },
      }),
      422,
    );
    expectError(
      await admin.post('/api/staff/sla/policies', { name: 'Cal', calendarId: org.id, targets: {} }),
      422,
      undefined,
      'body.calendarId',
    );
  });
});

describe('due times', () => {
  it('come from the organization, else its nearest ancestor, else the default policy', async () => {
    const parent = await createOrganization(db());
    const child = await createOrganization(db(), { parentId: parent.id });
    const other = await createOrganization(db());
    const first = await policy({
      isDefault: true,
      targets: { normal: { firstResponse: 240, resolution: 2400 } },
    });
    const second = await policy({
      isDefault: true,
      targets: { normal: { firstResponse: 120, resolution: 1200 } },
    });
    expect((await admin.get(`/api/staff/sla/policies/${first.id}`)).json()).toMatchObject({
      isDefault: false,
    });
    await policy({
      organizationIds: [parent.id],
      targets: {
        normal: { firstResponse: 30, resolution: 300 },
        urgent: { firstResponse: 5, resolution: null },
      },
    });

    const inChild = await ticket((await createContact(db(), { organizationId: child.id })).id);
    expect(inChild.sla.firstResponseDueAt).toBe(plus(inChild.createdAt, 30));
    expect(inChild.sla.resolutionDueAt).toBe(plus(inChild.createdAt, 300));
    expect(inChild.sla.nextDueAt).toBe(inChild.sla.firstResponseDueAt);

    const elsewhere = await ticket((await createContact(db(), { organizationId: other.id })).id);
    expect(elsewhere.sla.firstResponseDueAt).toBe(plus(elsewhere.createdAt, 120));

    // A new priority: computed afresh from the creation; a priority without targets: none.
    const urgent = await patch(inChild.id, { priority: 'urgent' });
    expect(urgent.sla).toMatchObject({
      firstResponseDueAt: plus(inChild.createdAt, 5),
      resolutionDueAt: null,
    });
    const low = await patch(inChild.id, { priority: 'low' });
    expect(low.sla).toMatchObject({ firstResponseDueAt: null, resolutionDueAt: null, nextDueAt: null });
    await admin.delete(`/api/staff/sla/policies/${second.id}`);
  });

  it('stop while pending and move by the time stopped; the first public reply meets the first response', async () => {
    const org = await createOrganization(db());
    await policy({ organizationIds: [org.id], targets: { normal: { firstResponse: 60, resolution: 600 } } });
    const created = await ticket((await createContact(db(), { organizationId: org.id })).id);

    const pending = await patch(created.id, { status: 'pending' });
    expect(pending.sla.nextDueAt).toBeNull();
    expect(pending.sla.pausedSince).not.toBeNull();
    // Waiting on the customer for two hours.
    await db()
      .updateTable('tickets')
      .set({ sla_paused_at: sql<Date>`sla_paused_at - interval '2 hours'` })
      .where('id', '=', created.id)
      .execute();
    const resumed = await patch(created.id, { status: 'open' });
    expect(resumed.sla.pausedSince).toBeNull();
    const moved = Date.parse(resumed.sla.firstResponseDueAt!) - Date.parse(created.sla.firstResponseDueAt!);
    expect(moved).toBeGreaterThanOrEqual(120 * MIN);
    expect(moved).toBeLessThan(121 * MIN);
    expect(resumed.sla.nextDueAt).toBe(resumed.sla.firstResponseDueAt);

    // An internal note does not count; a public reply does, and the clock runs to the resolution.
    await admin.post(`/api/staff/tickets/${created.id}/comments`, { body: 'note', public: false });
    expect((await read(created.id)).sla.firstRespondedAt).toBeNull();
    const reply = await admin.post(`/api/staff/tickets/${created.id}/comments`, {
      body: 'On it',
      public: true,
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const answered = await read(created.id);
    expect(answered.sla.firstRespondedAt).not.toBeNull();
    expect(answered.sla.nextDueAt).toBe(answered.sla.resolutionDueAt);

    // Recomputed after a change of priority, the stopped time still counts.
    const again = await patch(created.id, { priority: 'normal' });
    expect(again.sla.resolutionDueAt).toBe(answered.sla.resolutionDueAt);
    const high = await patch(created.id, { priority: 'high' });
    expect(high.sla.resolutionDueAt).toBeNull();
    const back = await patch(created.id, { priority: 'normal' });
    expect(
      Math.abs(Date.parse(back.sla.resolutionDueAt!) - Date.parse(answered.sla.resolutionDueAt!)),
    ).toBeLessThan(1000);

    // Resolved: stopped; a contact's reply reopens it and the clock runs again.
    const resolved = await patch(created.id, { status: 'resolved' });
    expect(resolved.sla.nextDueAt).toBeNull();
  });
});

describe('the Breaching queue', () => {
  it('holds running tickets due within the warning window, soonest first, paginated, within the agent scope', async () => {
    const org = await createOrganization(db());
    await policy({
      organizationIds: [org.id],
      targets: {
        low: { firstResponse: 600, resolution: 6000 },
        normal: { firstResponse: 30, resolution: 600 },
        high: { firstResponse: 10, resolution: 600 },
        urgent: { firstResponse: 20, resolution: 600 },
      },
    });
    const requesterId = (await createContact(db(), { organizationId: org.id })).id;
    const team = await admin.post('/api/staff/teams', { name: `Closed team ${++n}`, seesAllTickets: false });
    const mine = await admin.post('/api/staff/teams', {
      name: `Agent team ${++n}`,
      seesAllTickets: false,
      memberIds: [agentId],
    });
    const teamId = (team.json() as { id: string }).id;
    const myTeamId = (mine.json() as { id: string }).id;

    const normal = await ticket(requesterId, { teamId: myTeamId });
    const high = await ticket(requesterId, { priority: 'high', teamId: myTeamId });
    const urgent = await ticket(requesterId, { priority: 'urgent', teamId: myTeamId });
    const later = await ticket(requesterId, { priority: 'low', teamId: myTeamId });
    const pending = await ticket(requesterId, { priority: 'high', status: 'pending', teamId: myTeamId });
    const hidden = await ticket(requesterId, { priority: 'high', teamId });
    // Overdue already: due an hour ago.
    const overdue = await ticket(requesterId, { teamId: myTeamId });
    await db()
      .updateTable('tickets')
      .set({ sla_next_due_at: sql<Date>`now() - interval '1 hour'` })
      .where('id', '=', overdue.id)
      .execute();

    const expected = [overdue.id, high.id, urgent.id, normal.id];
    const all = await breaching(agent, '&limit=100');
    const ours = all.items.filter((i) => [...expected, later.id, pending.id, hidden.id].includes(i.id));
    expect(ours.map((i) => i.id)).toEqual(expected);
    expect(all.items.map((i) => i.id)).not.toContain(hidden.id);
    expect((await breaching(admin, '&limit=100')).items.map((i) => i.id)).toContain(hidden.id);

    // Page by page, the same order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await breaching(agent, `&limit=2&teamId=${myTeamId}${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);

    // Answered: the resolution is far away, so it leaves the queue.
    await agent.post(`/api/staff/tickets/${high.id}/comments`, { body: 'Looking', public: true });
    expect((await breaching(agent, `&teamId=${myTeamId}`)).items.map((i) => i.id)).toEqual([
      overdue.id,
      urgent.id,
      normal.id,
    ]);
    expectError(await agent.get('/api/staff/tickets?queue=breaching&cursor=bogus'), 422);
  });

  it('walks the partial index of due times (PostgreSQL plan)', async () => {
    const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from tickets t
      where t.sla_next_due_at < now() + interval '60 minutes' order by t.sla_next_due_at, t.id limit 26`.execute(
      db(),
    );
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/tickets_sla_next_due_idx|Seq Scan/);
    await sql`set enable_seqscan = off`.execute(db());
    const forced = await sql<{ 'QUERY PLAN': string }>`explain select id from tickets t
      where t.sla_next_due_at < now() + interval '60 minutes' order by t.sla_next_due_at, t.id limit 26`.execute(
      db(),
    );
    await sql`reset enable_seqscan`.execute(db());
    expect(forced.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('tickets_sla_next_due_idx');
  });
});

describe('the portal', () => {
  it('shows the due time to contacts who may see the priority, and to no one else', async () => {
    const org = await createOrganization(db());
    await policy({ organizationIds: [org.id], targets: { normal: { firstResponse: 60, resolution: 600 } } });
    const partial = await createContact(db(), { organizationId: org.id, privilegeGroup: 'partial' });
    const limited = await createContact(db(), { organizationId: org.id, privilegeGroup: 'limited' });
    const seeing = await signedInContact(t.app, partial.email, TEST_PASSWORD);
    const blind = await signedInContact(t.app, limited.email, TEST_PASSWORD);

    const opened = await seeing.post('/api/portal/tickets', { subject: 'Due?' });
    expect(opened.statusCode, opened.body).toBe(201);
    const mine = opened.json() as {
      id: string;
      createdAt: string;
      sla: { resolutionDueAt: string; overdue: boolean };
    };
    expect(mine.sla).toMatchObject({ resolutionDueAt: plus(mine.createdAt, 600), overdue: false });
    await db()
      .updateTable('tickets')
      .set({ sla_next_due_at: sql<Date>`now() - interval '1 minute'` })
      .where('id', '=', mine.id)
      .execute();
    expect((await seeing.get(`/api/portal/tickets/${mine.id}`)).json()).toMatchObject({
      sla: { overdue: true },
    });

    const theirs = await blind.post('/api/portal/tickets', { subject: 'Due?' });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json()).not.toHaveProperty('sla');
    const id = (theirs.json() as { id: string }).id;
    expect((await blind.get(`/api/portal/tickets/${id}`)).json()).not.toHaveProperty('sla');
    // The due time is there all the same, for the desk.
    expect((await read(id)).sla.resolutionDueAt).not.toBeNull();

    // A contact's reply on a pending ticket reopens it and restarts the clock.
    await patch(id, { status: 'pending' });
    expect((await read(id)).sla.nextDueAt).toBeNull();
    const replied = await blind.post(`/api/portal/tickets/${id}/comments`, { body: 'Here you go' });
    expect(replied.statusCode, replied.body).toBe(201);
    const reopened = await read(id);
    expect(reopened.status).toBe('open');
    expect(reopened.sla.nextDueAt).not.toBeNull();
    expect(reopened.sla.pausedSince).toBeNull();
  });
});
