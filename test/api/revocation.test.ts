// Immediate effect (permission-model §3 "membership is live", §7 "on the very next request, on
// every app instance"): a signed-in contact keeps its session while staff take access away, and
// the very next request already answers with the reduced access. Every scenario runs on one
// instance and, with PostgreSQL, with the change made on instance A and the request sent to B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/database.ts';
import { signedInContact, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../support/database.ts';
import { TEST_PASSWORD } from '../support/factories.ts';
import { directWrites, WorldBuilder } from '../support/world.ts';
import type { Contact, Ticket } from '../model/reference-model.ts';

type Portal = (c: Contact) => Promise<TestClient>;
type Scenario = [name: string, run: (b: WorldBuilder, portal: Portal) => Promise<void>];

/** Answers of one contact for one ticket, checked against the model at the same moment. */
async function expectRead(
  b: WorldBuilder,
  client: TestClient,
  c: Contact,
  t: Ticket,
  status: 200 | 404 | 401,
) {
  const res = await client.get(`/api/portal/tickets/${t.id}`);
  expect(res.statusCode, `read: ${b.model.explain(c.id, t.id)}`).toBe(status);
  if (status !== 401) expect(b.model.readStatus(c.id, t.id)).toBe(status);
}

async function expectReply(
  b: WorldBuilder,
  client: TestClient,
  c: Contact,
  t: Ticket,
  status: 201 | 403 | 404,
) {
  const res = await client.post(`/api/portal/tickets/${t.id}/comments`, { body: 'still here?' });
  expect(res.statusCode, `reply: ${b.model.explain(c.id, t.id)}`).toBe(status);
  expect(b.model.replyStatus(c.id, t.id)).toBe(status);
}

/** A school with a super customer, a colleague and the colleague's ticket. */
async function school(b: WorldBuilder, department = '') {
  const limited = await b.systemGroup('limited');
  const school = await b.organization('School');
  const colleague = await b.contact({
    name: 'Colleague',
    organization: school,
    privilegeGroup: limited,
    department,
  });
  const boss = await b.contact({ name: 'Boss', organization: school, privilegeGroup: limited });
  const ticket = await b.ticket(colleague);
  return { limited, school, colleague, boss, ticket };
}

const scenarios: Scenario[] = [
  [
    'removing an explicit member',
    async (b, portal) => {
      const { colleague, boss, ticket } = await school(b);
      const group = await b.userGroup({ name: 'Staff', members: [colleague] });
      await b.grant(boss, group, 'write');
      const client = await portal(boss);
      await expectRead(b, client, boss, ticket, 200);
      await b.removeMember(group, colleague);
      await expectRead(b, client, boss, ticket, 404);
    },
  ],
  [
    'deleting a grant',
    async (b, portal) => {
      const { school: org, boss, ticket } = await school(b);
      const group = await b.userGroup({
        name: 'Staff',
        organizations: [{ organization: org, includeSubOrganizations: false }],
      });
      const grant = await b.grant(boss, group, 'read');
      const client = await portal(boss);
      await expectRead(b, client, boss, ticket, 200);
      expect((await client.get('/api/portal/me')).json().views).toContain('groups');
      await b.deleteGrant(grant);
      await expectRead(b, client, boss, ticket, 404);
      expect((await client.get('/api/portal/me')).json().views).not.toContain('groups');
      expect((await client.get('/api/portal/tickets?view=groups')).statusCode).toBe(422);
    },
  ],
  [
    'removing an organization from a group',
    async (b, portal) => {
      const { school: org, boss, ticket } = await school(b);
      const district = await b.organization('District');
      const group = await b.userGroup({
        name: 'Staff',
        organizations: [
          { organization: org, includeSubOrganizations: false },
          { organization: district, includeSubOrganizations: true },
        ],
      });
      await b.grant(boss, group, 'write');
      const client = await portal(boss);
      await expectRead(b, client, boss, ticket, 200);
      await b.updateUserGroup(group, {
        organizations: [{ organization: district, includeSubOrganizations: true }],
      });
      await expectRead(b, client, boss, ticket, 404);
    },
  ],
  [
    'changing a rule so the requester no longer matches',
    async (b, portal) => {
      const { boss, ticket } = await school(b, 'Accounting');
      const group = await b.userGroup({
        name: 'Accounting',
        rule: { operator: 'all', conditions: [{ field: 'department', op: 'equals', value: 'accounting' }] },
      });
      await b.grant(boss, group, 'write');
      const client = await portal(boss);
      await expectRead(b, client, boss, ticket, 200);
      await b.updateUserGroup(group, {
        rule: { operator: 'all', conditions: [{ field: 'department', op: 'equals', value: 'sales' }] },
      });
      await expectRead(b, client, boss, ticket, 404);
    },
  ],
  [
    "changing the requester's department so it no longer matches",
    async (b, portal) => {
      const { colleague, boss, ticket } = await school(b, 'Accounting');
      const group = await b.userGroup({
        name: 'Accounting',
        rule: { operator: 'any', conditions: [{ field: 'department', op: 'starts_with', value: 'ACCOUNT' }] },
      });
      await b.grant(boss, group, 'write');
      const client = await portal(boss);
      await expectRead(b, client, boss, ticket, 200);
      await b.updateContact(colleague, { department: 'Sales' });
      await expectRead(b, client, boss, ticket, 404);
    },
  ],
  [
    'disabling the contact (401)',
    async (b, portal) => {
      const { colleague, ticket } = await school(b);
      const client = await portal(colleague);
      await expectRead(b, client, colleague, ticket, 200);
      await b.updateContact(colleague, { disabled: true });
      expect((await client.get('/api/portal/me')).statusCode).toBe(401);
      await expectRead(b, client, colleague, ticket, 401);
      expect(
        (await client.post(`/api/portal/tickets/${ticket.id}/comments`, { body: 'still here?' })).statusCode,
      ).toBe(401);
    },
  ],
  [
    'moving the contact to another organization',
    async (b, portal) => {
      const { school: home, limited, colleague, ticket } = await school(b);
      const full = await b.systemGroup('full');
      const other = await b.organization('Other school');
      const neighbour = await b.contact({ name: 'Neighbour', organization: other, privilegeGroup: limited });
      const theirs = await b.ticket(neighbour);
      const mover = await b.contact({ name: 'Mover', organization: home, privilegeGroup: full });
      const own = await b.ticket(mover);
      const client = await portal(mover);
      await expectRead(b, client, mover, ticket, 200);
      await expectRead(b, client, mover, theirs, 404);
      await b.updateContact(mover, { organizationId: other.id });
      await expectRead(b, client, mover, ticket, 404);
      await expectRead(b, client, mover, theirs, 200);
      await expectRead(b, client, mover, own, 200); // still its own ticket, wherever it was filed
      expect(colleague.organizationId).not.toBe(other.id);
    },
  ],
  [
    'restricting a module (404)',
    async (b, portal) => {
      const { colleague, ticket } = await school(b);
      const outsiders = await b.userGroup({ name: 'Outsiders', members: [] });
      const client = await portal(colleague);
      await expectRead(b, client, colleague, ticket, 200);
      try {
        await b.restrictModule('tickets', [outsiders]);
        await expectRead(b, client, colleague, ticket, 404);
        expect((await client.get('/api/portal/tickets?view=mine')).statusCode).toBe(404);
        expect((await client.get('/api/portal/me')).json().modules).not.toContain('tickets');
        expect(
          (await client.post(`/api/portal/tickets/${ticket.id}/comments`, { body: 'still here?' }))
            .statusCode,
        ).toBe(404);
      } finally {
        await b.restrictModule('tickets', []); // module visibility is global: leave it open
      }
      await expectRead(b, client, colleague, ticket, 200);
    },
  ],
  [
    'downgrading a grant from write to read (reply → 403)',
    async (b, portal) => {
      const { school: org, boss, ticket } = await school(b);
      const group = await b.userGroup({
        name: 'Staff',
        organizations: [{ organization: org, includeSubOrganizations: false }],
      });
      const grant = await b.grant(boss, group, 'write');
      const client = await portal(boss);
      await expectReply(b, client, boss, ticket, 201);
      await b.changeGrantLevel(grant, 'read');
      await expectReply(b, client, boss, ticket, 403);
      await expectRead(b, client, boss, ticket, 200);
      const abilities = (await client.get(`/api/portal/tickets/${ticket.id}`)).json().abilities;
      expect(Object.values(abilities).every((v) => v === false)).toBe(true);
    },
  ],
];

describe('revocation takes effect on the very next request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '100000' });
  });
  afterAll(async () => {
    if (directWrites.size)
      console.info('revocation: rows written directly:', Object.fromEntries(directWrites));
    await t?.close();
  });

  it.each(scenarios)('%s', async (_name, run) => {
    const b = await WorldBuilder.start(t);
    await run(b, (c) => b.signIn(c));
  });
});

describe.skipIf(testEngine !== 'postgres')('revocation made on instance A is seen by instance B', () => {
  let testDb: TestDatabase;
  let a: TestApp;
  let bApp: TestApp;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    const second = await openPostgres(testDb.url!, 5);
    a = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '100000' }, { testDb });
    bApp = await startTestApp(
      { LOGIN_MAX_FAILURES_PER_IP: '100000' },
      { testDb: { database: second, drop: () => second.close() } },
    );
  });
  afterAll(async () => {
    await a?.close();
    await bApp?.close();
    await bApp?.testDb.drop();
    await testDb?.drop();
  });

  it.each(scenarios)('%s', async (_name, run) => {
    const builder = await WorldBuilder.start(a); // staff changes go to A
    await run(builder, (c) => signedInContact(bApp.app, c.email, TEST_PASSWORD)); // the contact is on B
  });
});
