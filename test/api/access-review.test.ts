// Access review (GET /api/staff/access/review): who can see the tickets of a user group or of an
// organization. The property: on random worlds, for every group and organization of the world,
// the reviewed contacts (read page by page) are exactly the contacts that may see at least one of
// those tickets, judged one contact at a time with the portal's own conditions; the level is
// `write` exactly when one of them is writable; `own` appears exactly for requesters. Then the CSV
// export and the answers (401, 403, 404, 422).
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContactActor, maySignIn } from '../../src/authz/actor.ts';
import { isMember } from '../../src/authz/membership.ts';
import { visibleTickets, writableTickets } from '../../src/authz/tickets/condition.ts';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/database.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { buildWorld, resetGlobal, worldArb } from '../support/access-world.ts';
import { loadGrants } from '../../src/authz/grants.ts';

const NUM_RUNS = Number(process.env.PORTICO_ACCESS_RUNS ?? 8);

let t: TestApp;
let admin: TestClient;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  const staff = await createStaffUser(db(), { role: 'admin' });
  admin = await signedInStaff(t.app, staff.email, TEST_PASSWORD);
});
afterAll(async () => t?.close());

type Item = {
  contact: { id: string };
  level: 'read' | 'write';
  paths: { kind: string; userGroup: { id: string } | null }[];
};

async function reviewAll(query: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const res = await admin.get(
      `/api/staff/access/review?${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
    );
    if (res.statusCode !== 200) throw new Error(`review ${query}: ${res.statusCode} ${res.body}`);
    const body = res.json();
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

/** Every contact's visible and writable tickets, one contact at a time, as a portal request judges them. */
async function perContact() {
  const out = new Map<string, { visible: Set<string>; writable: Set<string>; grantGroups: Set<string> }>();
  for (const { id } of await db().selectFrom('contacts').select('id').execute()) {
    const loaded = await loadContactActor(db(), id);
    if (!loaded || !maySignIn(loaded)) continue;
    const a = loaded.actor;
    const { rows } = await sql<{
      id: string;
      writable: boolean;
    }>`select t.id, ${writableTickets(a, 't')} as writable
      from tickets t where ${visibleTickets(a, 't')}`.execute(db());
    out.set(id, {
      visible: new Set(rows.map((r) => r.id)),
      writable: new Set(rows.filter((r) => r.writable).map((r) => r.id)),
      grantGroups: new Set((await loadGrants(db(), id)).map((g) => g.groupId)),
    });
  }
  return out;
}

async function ticketsOf(target: { userGroupId?: string; organizationId?: string }): Promise<string[]> {
  const member = isMember(
    sql.ref('rq.id'),
    sql.ref('rq.organization_id'),
    sql`${target.userGroupId ?? null}::uuid`,
  );
  const { rows } = target.userGroupId
    ? await sql<{
        id: string;
      }>`select t.id from tickets t join contacts rq on rq.id = t.requester_id where ${member}`.execute(db())
    : await sql<{
        id: string;
      }>`select t.id from tickets t where t.organization_id = ${target.organizationId}::uuid`.execute(db());
  return rows.map((r) => r.id);
}

describe(`review = who sees at least one of the tickets (${testEngine})`, () => {
  it('for every group and organization of random worlds', { timeout: 600_000 }, async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(worldArb, async (spec) => {
        const w = await buildWorld(db(), spec);
        const judged = await perContact();
        const targets: { userGroupId?: string; organizationId?: string }[] = [
          ...w.groups.map((id) => ({ userGroupId: id })),
          ...w.orgs.map((id) => ({ organizationId: id })),
        ];
        for (const target of targets) {
          const query = target.userGroupId
            ? `userGroupId=${target.userGroupId}`
            : `organizationId=${target.organizationId}`;
          const tickets = await ticketsOf(target);
          const requesters = new Set(
            (
              await db()
                .selectFrom('tickets')
                .select('requester_id')
                .where('id', 'in', tickets.length ? tickets : ['00000000-0000-0000-0000-000000000000'])
                .execute()
            ).map((r) => r.requester_id),
          );
          const items = await reviewAll(query);
          if (items.length) nonEmpty++;
          const expected = [...judged]
            .filter(([, j]) => tickets.some((tk) => j.visible.has(tk)))
            .map(([id]) => id);
          expect(items.map((i) => i.contact.id).sort(), query).toEqual(expected.sort());
          for (const item of items) {
            const j = judged.get(item.contact.id)!;
            const where = `${query} contact ${item.contact.id}`;
            expect(item.level, where).toBe(tickets.some((tk) => j.writable.has(tk)) ? 'write' : 'read');
            expect(
              item.paths.some((p) => p.kind === 'own'),
              where,
            ).toBe(requesters.has(item.contact.id));
            for (const p of item.paths.filter((x) => x.kind === 'grant'))
              expect(j.grantGroups.has(p.userGroup!.id), where).toBe(true);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
    expect(nonEmpty).toBeGreaterThan(0);
  });
});

describe('review: paths, CSV and answers', () => {
  it('lists own, scope and grant paths and exports them as CSV with formulas neutralised', async () => {
    await resetGlobal(db());
    const district = await createOrganization(db(), { name: 'District' });
    const school = await createOrganization(db(), { name: 'School', parentId: district.id });
    const requester = await createContact(db(), {
      organizationId: school.id,
      name: '=HYPERLINK("x")',
      privilegeGroup: 'limited',
    });
    const colleague = await createContact(db(), {
      organizationId: school.id,
      name: '+Colleague',
      privilegeGroup: 'full',
    });
    const manager = await createContact(db(), {
      organizationId: district.id,
      name: '@Manager "quoted"',
      privilegeGroup: 'limited',
    });
    const group = await db()
      .insertInto('user_groups')
      .values({ name: '-School staff' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('user_group_organizations')
      .values({ user_group_id: group.id, organization_id: school.id })
      .execute();
    await db()
      .insertInto('access_grants')
      .values({ contact_id: manager.id, user_group_id: group.id, level: 'read' })
      .execute();
    await db()
      .insertInto('tickets')
      .values({ subject: 's', requester_id: requester.id, organization_id: school.id })
      .execute();

    const page = await admin.get(`/api/staff/access/review?organizationId=${school.id}`);
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.target).toEqual({ type: 'organization', id: school.id, name: 'School' });
    const byId = new Map(body.items.map((i: Item) => [i.contact.id, i]));
    expect(byId.get(requester.id)).toMatchObject({ level: 'write', paths: [{ kind: 'own' }] });
    expect(byId.get(colleague.id)).toMatchObject({
      level: 'write',
      paths: [
        { kind: 'scope', ticketScope: 'organization', organization: { id: school.id, name: 'School' } },
      ],
    });
    expect(byId.get(manager.id)).toMatchObject({
      level: 'read',
      paths: [{ kind: 'grant', level: 'read', userGroup: { id: group.id, name: '-School staff' } }],
    });

    const csv = await admin.request('GET', `/api/staff/access/review?userGroupId=${group.id}`, undefined, {
      accept: 'text/csv',
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"contact_id","contact_name","contact_email","organization","privilege_group","path","ticket_scope","scope_organization","user_group","path_level","contact_level"',
    );
    expect(lines).toHaveLength(4);
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.body).toContain(`"'+Colleague"`);
    expect(csv.body).toContain(`"'@Manager ""quoted"""`);
    expect(csv.body).toContain(`"'-School staff"`);
    const viaFormat = await admin.get(`/api/staff/access/review?userGroupId=${group.id}&format=csv`);
    expect(viaFormat.body).toBe(csv.body);
  });

  it('401, 403 for an agent, 404 for an unknown group or organization, 422 for a wrong query', async () => {
    const org = await createOrganization(db());
    const url = `/api/staff/access/review?organizationId=${org.id}`;
    expect((await new TestClient(t.app).get(url)).statusCode).toBe(401);
    const agentUser = await createStaffUser(db(), { role: 'agent' });
    const agent = await signedInStaff(t.app, agentUser.email, TEST_PASSWORD);
    expect((await agent.get(url)).statusCode).toBe(403);
    expect((await admin.get(url)).statusCode).toBe(200);
    expect(
      (await admin.get(`/api/staff/access/review?organizationId=${crypto.randomUUID()}`)).statusCode,
    ).toBe(404);
    expect((await admin.get(`/api/staff/access/review?userGroupId=${crypto.randomUUID()}`)).statusCode).toBe(
      404,
    );
    for (const bad of [
      '',
      `?organizationId=${org.id}&userGroupId=${crypto.randomUUID()}`,
      '?organizationId=not-a-uuid',
      `?organizationId=${org.id}&limit=1000`,
      `?organizationId=${org.id}&format=xml`,
      `?organizationId=${org.id}&cursor=nonsense`,
      `?organizationId=${org.id}&unknown=1`,
    ])
      expect((await admin.get(`/api/staff/access/review${bad}`)).statusCode, bad).toBe(422);
  });
});
