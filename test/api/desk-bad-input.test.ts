// Issue 13, "Bad input", the cases no other file covered: a ticket created with a team the agent is
// not in or an assignee outside its team, and an SLA calendar edited into overlapping hours. Each
// is a 422 naming the field, with nothing changed. (Assigning by PATCH and bulk: staff-teams.test.ts;
// creating a calendar with overlapping hours: sla.test.ts; long, NUL and operator searches:
// search.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInStaff, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { expectError, rowCounts } from '../support/expect.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { customer, snapshot } from './ticket-helpers.ts';

let t: TestApp;
let admin: TestClient;
const db = () => t.testDb.database.db;
let n = 0;

async function agent() {
  const user = await createStaffUser(db(), { role: 'agent', name: `Agent ${++n}` });
  return { id: user.id, client: await signedInStaff(t.app, user.email, TEST_PASSWORD) };
}

async function team(memberIds: string[]) {
  const res = await admin.post('/api/staff/teams', { name: `Team ${++n}`, seesAllTickets: false, memberIds });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

beforeAll(async () => {
  t = await startTestApp();
  const a = await createStaffUser(db(), { role: 'admin' });
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
}, 60_000);
afterAll(() => t.close());

describe('bad desk input', () => {
  it('a new ticket with a team the agent is not in, or an assignee outside its team: 422, nothing written', async () => {
    const alice = await agent();
    const outsider = await agent();
    const mine = await team([alice.id]);
    const theirs = await team([outsider.id]);
    const { contact } = await customer(db());
    const before = await snapshot(db());
    expectError(
      await alice.client.post('/api/staff/tickets', {
        subject: 'x',
        requesterId: contact.id,
        teamId: theirs.id,
      }),
      422,
      'validation_failed',
      'body.teamId',
    );
    expectError(
      await alice.client.post('/api/staff/tickets', {
        subject: 'x',
        requesterId: contact.id,
        teamId: mine.id,
        assigneeId: outsider.id,
      }),
      422,
      'validation_failed',
      'body.assigneeId',
    );
    expect(await snapshot(db())).toEqual(before);
  });

  it('editing a calendar into overlapping hours: 422 naming the interval, the calendar unchanged', async () => {
    const week = [[['08:00', '12:00']], [], [], [], [], [], []];
    const created = await admin.post('/api/staff/sla/calendars', {
      name: 'Office',
      timeZone: 'UTC',
      hours: week,
    });
    expect(created.statusCode, created.body).toBe(201);
    const calendar = created.json() as { id: string };
    const before = await rowCounts(db(), ['sla_calendars', 'audit_log']);
    const overlapping = [
      [
        ['08:00', '12:00'],
        ['11:00', '13:00'],
      ],
      [],
      [],
      [],
      [],
      [],
      [],
    ];
    expectError(
      await admin.patch(`/api/staff/sla/calendars/${calendar.id}`, { hours: overlapping }),
      422,
      'validation_failed',
      'body.hours.0.1',
    );
    expect(await rowCounts(db(), ['sla_calendars', 'audit_log'])).toEqual(before);
    expect((await admin.get(`/api/staff/sla/calendars/${calendar.id}`)).json()).toMatchObject({
      hours: week,
    });
  });
});
