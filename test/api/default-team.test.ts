// Default team for new tickets (docs/desk.md, "Default team"): tickets contacts open (portal,
// inbound mail) get their organization's team, else its nearest ancestor's, else the desk's; the
// team's auto-assignment then runs. Staff-created tickets keep what the agent chose. A team that
// does not exist is a 422 naming the field, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signedInContact,
  signedInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/app.ts';
import { expectError } from '../support/expect.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { rawMail } from '../support/mail-message.ts';
import { MISSING_ID, snapshot } from './ticket-helpers.ts';

const TOKEN = 'inbound-test-token-0123456789';
let t: TestApp;
let admin: TestClient;
let agentId: string;
const db = () => t.testDb.database.db;
let n = 0;

type Team = { id: string; name: string };
async function team(body: Record<string, unknown> = {}): Promise<Team> {
  const res = await admin.post('/api/staff/teams', { name: `Team ${++n}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Team;
}

const ticketRow = (id: string) =>
  db()
    .selectFrom('tickets')
    .select(['team_id', 'assignee_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

async function portalTicket(organizationId: string) {
  const contact = await createContact(db(), { organizationId, privilegeGroup: 'limited' });
  const client = await signedInContact(t.app, contact.email, TEST_PASSWORD);
  const res = await client.post('/api/portal/tickets', { subject: `Help ${++n}` });
  expect(res.statusCode, res.body).toBe(201);
  return ticketRow((res.json() as { id: string }).id);
}

const setDeskDefault = async (defaultTeamId: string | null) => {
  const res = await admin.put('/api/staff/desk-settings', { defaultTeamId });
  expect(res.statusCode, res.body).toBe(200);
};

beforeAll(async () => {
  t = await startTestApp({ INBOUND_MAIL_TOKEN: TOKEN, SLA_WARNING_MINUTES: '45' });
  const a = await createStaffUser(db(), { role: 'admin', name: 'Ada Admin' });
  admin = await signedInStaff(t.app, a.email, TEST_PASSWORD);
  agentId = (await createStaffUser(db(), { role: 'agent', name: 'Alex Agent' })).id;
}, 60_000);
afterAll(() => t.close());

describe('default team', () => {
  it('the desk settings name the default team and the SLA warning window', async () => {
    const res = await admin.get('/api/staff/desk-settings');
    expect(res.json()).toEqual({ defaultTeam: null, slaWarningMinutes: 45 });
    const desk = await team();
    await setDeskDefault(desk.id);
    expect((await admin.get('/api/staff/desk-settings')).json()).toEqual({
      defaultTeam: { id: desk.id, name: desk.name },
      slaWarningMinutes: 45,
    });
    await setDeskDefault(null);
  });

  it("a portal ticket gets its organization's team, inherited down the tree, else the desk's", async () => {
    const desk = await team();
    const schools = await team({ autoAssign: 'round_robin', memberIds: [agentId] });
    await setDeskDefault(desk.id);
    const district = await createOrganization(db());
    const school = await createOrganization(db(), { parentId: district.id });
    const other = await createOrganization(db());
    const patched = await admin.patch(`/api/staff/organizations/${district.id}`, {
      defaultTeamId: schools.id,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ defaultTeamId: schools.id });

    // The school inherits the district's team, whose round robin gives the ticket to its member.
    expect(await portalTicket(school.id)).toEqual({ team_id: schools.id, assignee_id: agentId });
    expect(await portalTicket(district.id)).toEqual({ team_id: schools.id, assignee_id: agentId });
    // Elsewhere: the desk's default team, which has no auto-assignment.
    expect(await portalTicket(other.id)).toEqual({ team_id: desk.id, assignee_id: null });
    // The school's own team wins over its parent's.
    await admin.patch(`/api/staff/organizations/${school.id}`, { defaultTeamId: desk.id });
    expect(await portalTicket(school.id)).toEqual({ team_id: desk.id, assignee_id: null });
    // No default anywhere: no team.
    await setDeskDefault(null);
    expect(await portalTicket(other.id)).toEqual({ team_id: null, assignee_id: null });
  });

  it('a ticket opened by inbound mail gets the default team', async () => {
    const schools = await team({ autoAssign: 'least_loaded', memberIds: [agentId] });
    const org = await createOrganization(db());
    await admin.patch(`/api/staff/organizations/${org.id}`, { defaultTeamId: schools.id });
    const alice = await createContact(db(), { organizationId: org.id, privilegeGroup: 'limited' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/inbound/mail',
      headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${TOKEN}` },
      payload: rawMail({ from: alice.email, subject: 'Mail ticket', body: 'The beamer is dark' }),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    const row = await db()
      .selectFrom('tickets')
      .select(['team_id', 'assignee_id'])
      .where('requester_id', '=', alice.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ team_id: schools.id, assignee_id: agentId });
  });

  it('a staff-created ticket keeps what the agent chose', async () => {
    const desk = await team();
    await setDeskDefault(desk.id);
    const org = await createOrganization(db());
    const contact = await createContact(db(), { organizationId: org.id });
    const res = await admin.post('/api/staff/tickets', { subject: 'By phone', requesterId: contact.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(await ticketRow((res.json() as { id: string }).id)).toEqual({ team_id: null, assignee_id: null });
    await setDeskDefault(null);
  });

  it('a team that does not exist: 422 naming the field, nothing changed', async () => {
    const org = await createOrganization(db());
    const before = await snapshot(db());
    expectError(
      await admin.patch(`/api/staff/organizations/${org.id}`, { defaultTeamId: MISSING_ID }),
      422,
      'validation_failed',
      'body.defaultTeamId',
    );
    expectError(
      await admin.post('/api/staff/organizations', { name: `Org ${++n}`, defaultTeamId: MISSING_ID }),
      422,
      'validation_failed',
      'body.defaultTeamId',
    );
    expectError(
      await admin.put('/api/staff/desk-settings', { defaultTeamId: MISSING_ID }),
      422,
      'validation_failed',
      'body.defaultTeamId',
    );
    expect(await snapshot(db())).toEqual(before);
    const row = await db()
      .selectFrom('organizations')
      .select('default_team_id')
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(row.default_team_id).toBeNull();
    expect((await admin.get('/api/staff/desk-settings')).json()).toMatchObject({ defaultTeam: null });
  });

  it('an agent reads the desk settings but may not write them', async () => {
    const agent = await createStaffUser(db(), { role: 'agent' });
    const client = await signedInStaff(t.app, agent.email, TEST_PASSWORD);
    expect((await client.get('/api/staff/desk-settings')).statusCode).toBe(200);
    expectError(await client.put('/api/staff/desk-settings', { defaultTeamId: null }), 403);
  });

  it("the portal session carries the server's SLA warning window", async () => {
    const contact = await createContact(db(), { privilegeGroup: 'limited' });
    const client = await signedInContact(t.app, contact.email, TEST_PASSWORD);
    expect((await client.get('/api/portal/me')).json()).toMatchObject({ slaWarningMinutes: 45 });
  });
});
