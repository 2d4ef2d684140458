// Explain (GET /api/staff/access/explain) and a contact's effective access
// (GET /api/staff/access/contacts/{id}). The property: on random worlds, explain's verdicts are
// what the portal does, for every contact × ticket (read 200 vs 401/403/404, reply 201 vs
// 401/403/404) and every contact × record it explains; every verdict comes with paths when allowed
// and exactly one denial when not, never an "unexplained" one.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, signedInStaff, TestClient, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/database.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { buildWorld, resetGlobal, worldArb } from '../support/access-world.ts';

const NUM_RUNS = Number(process.env.PORTICO_ACCESS_RUNS ?? 8);
type Action = {
  action: string;
  allowed: boolean;
  paths: { kind: string; text: string }[];
  denial?: { reason: string; text: string };
};

let t: TestApp;
let admin: TestClient;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '1000000', LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000000' });
  const staff = await createStaffUser(db(), { role: 'admin' });
  admin = await signedInStaff(t.app, staff.email, TEST_PASSWORD);
});
afterAll(async () => t?.close());

async function explain(query: string): Promise<Action[]> {
  const res = await admin.get(`/api/staff/access/explain?${query}`);
  if (res.statusCode !== 200) throw new Error(`explain ${query}: ${res.statusCode} ${res.body}`);
  return res.json().actions;
}

const byName = (actions: Action[], name: string) => actions.find((a) => a.action === name)!;

/** Allowed ⇔ paths and no denial; denied ⇔ one denial, no paths; never unexplained. */
function coherent(a: Action): string | undefined {
  if (a.denial?.reason === 'unexplained') return `unexplained: ${a.denial.text}`;
  if (a.allowed && (a.paths.length === 0 || a.denial)) return 'allowed without a path';
  if (!a.allowed && (!a.denial || a.paths.length > 0)) return 'denied without a denial';
  return undefined;
}

const PORTAL_RECORD = {
  asset: 'assets',
  quote: 'quotes',
  invoice: 'invoices',
  document: 'documents',
} as const;

describe(`explain = the portal's answers on random worlds (${testEngine})`, () => {
  it(
    'see and reply for every contact × ticket, see for every contact × record',
    { timeout: 600_000 },
    async () => {
      let compared = 0;
      let allowed = 0;
      await fc.assert(
        fc.asyncProperty(worldArb, async (spec) => {
          const w = await buildWorld(db(), spec);
          const problems: string[] = [];
          const clients = new Map<string, TestClient>();
          const replyVerdicts: { client: TestClient; ticket: string; allowed: boolean; where: string }[] = [];
          for (const [ci, c] of w.contacts.entries()) {
            const client = new TestClient(t.app);
            const signIn = await client.post('/api/portal/session', {
              email: c.email,
              password: TEST_PASSWORD,
            });
            if (signIn.statusCode === 200) clients.set(c.id, client);
            for (const [ti, ticket] of w.tickets.entries()) {
              const where = `P${ci} × T${ti}`;
              const actions = await explain(`contactId=${c.id}&ticketId=${ticket}`);
              for (const a of actions) {
                const bad = coherent(a);
                if (bad) problems.push(`${where} ${a.action}: ${bad}`);
              }
              const see = byName(actions, 'see');
              const reply = byName(actions, 'reply');
              if (signIn.statusCode !== 200) {
                if (see.allowed || reply.allowed) problems.push(`${where}: cannot sign in, explain allows`);
                if (!['contact_disabled', 'no_portal_login'].includes(see.denial?.reason ?? ''))
                  problems.push(`${where}: cannot sign in, explain says ${see.denial?.reason}`);
                continue;
              }
              const read = await client.get(`/api/portal/tickets/${ticket}`);
              compared++;
              if (see.allowed && reply.allowed) allowed++;
              if (see.allowed !== (read.statusCode === 200))
                problems.push(
                  `${where} see: explain ${see.allowed}, portal ${read.statusCode} (${see.denial?.text ?? see.paths[0]?.text})`,
                );
              replyVerdicts.push({
                client,
                ticket,
                allowed: reply.allowed,
                where: `${where} reply (${reply.denial?.text ?? reply.paths[0]?.text})`,
              });
            }
            for (const r of w.records) {
              if (!(r.kind in PORTAL_RECORD)) continue;
              const kind = r.kind as keyof typeof PORTAL_RECORD;
              const see = byName(await explain(`contactId=${c.id}&${kind}Id=${r.id}`), 'see');
              const client = clients.get(c.id);
              if (!client) {
                if (see.allowed) problems.push(`P${ci} × ${kind}: cannot sign in, explain allows`);
                continue;
              }
              const read = await client.get(`/api/portal/${PORTAL_RECORD[kind]}/${r.id}`);
              if (see.allowed !== (read.statusCode === 200))
                problems.push(
                  `P${ci} × ${kind} see: explain ${see.allowed}, portal ${read.statusCode} (${see.denial?.text ?? see.paths[0]?.text})`,
                );
            }
          }
          // Writes last, so that no reply changes what a later read sees.
          for (const v of replyVerdicts) {
            const res = await v.client.post(`/api/portal/tickets/${v.ticket}/comments`, {
              body: 'explain test',
            });
            if (v.allowed !== (res.statusCode === 201))
              problems.push(`${v.where}: explain ${v.allowed}, portal ${res.statusCode}`);
            if (![201, 403, 404].includes(res.statusCode))
              problems.push(`${v.where}: unexpected ${res.statusCode}`);
          }
          if (problems.length)
            throw new Error(`${problems.length} disagreement(s):\n  ${problems.slice(0, 20).join('\n  ')}`);
        }),
        { numRuns: NUM_RUNS, interruptAfterTimeLimit: 450_000 },
      );
      console.info(
        `access-explain: ${compared} contact × ticket reads compared, ${allowed} allowed to see and reply`,
      );
      expect(compared).toBeGreaterThan(0);
      expect(allowed).toBeGreaterThan(0);
    },
  );
});

describe('explain in words: the Almond School example', () => {
  it('names the grant, its expiry, the membership path, and the first denial', async () => {
    await resetGlobal(db());
    const almond = await createOrganization(db(), { name: 'Almond School' });
    const office = await createOrganization(db(), { name: 'Almond Office', parentId: almond.id });
    const bob = await createContact(db(), {
      organizationId: office.id,
      name: 'Bob Almond',
      privilegeGroup: 'limited',
    });
    const linda = await createContact(db(), { name: 'Linda Reader', privilegeGroup: 'full' });
    const group = await db()
      .insertInto('user_groups')
      .values({ name: 'Almond School Staff' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('user_group_organizations')
      .values({ user_group_id: group.id, organization_id: almond.id, include_sub_organizations: true })
      .execute();
    await db()
      .insertInto('access_grants')
      .values({
        contact_id: linda.id,
        user_group_id: group.id,
        level: 'read',
        expires_at: new Date('2027-01-01T00:00:00Z'),
      })
      .execute();
    const ticket = await db()
      .insertInto('tickets')
      .values({ subject: 'Projector', requester_id: bob.id, organization_id: office.id })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();

    const actions = await explain(`contactId=${linda.id}&ticketId=${ticket.id}`);
    const see = byName(actions, 'see');
    expect(see.allowed).toBe(true);
    expect(see.paths).toHaveLength(1);
    expect(see.paths[0]!.text).toBe(
      `sees ticket #${ticket.number}: holds a read grant on user group 'Almond School Staff' (expires 2027-01-01); ` +
        "the requester Bob Almond is a member through organization 'Almond School' (including sub-organizations)",
    );
    const reply = byName(actions, 'reply');
    expect(reply).toMatchObject({ allowed: false, paths: [] });
    expect(reply.denial).toMatchObject({ reason: 'read_only' });
    expect(reply.denial!.text).toBe(
      `cannot reply to ticket #${ticket.number}: the grant on user group 'Almond School Staff' is read-only`,
    );
    // Bob himself: his own ticket, every privilege of Limited that applies.
    const own = await explain(`contactId=${bob.id}&ticketId=${ticket.id}`);
    expect(byName(own, 'see').paths.map((p) => p.kind)).toEqual(['own']);
    expect(byName(own, 'reply').allowed).toBe(true);
    expect(byName(own, 'close').denial).toMatchObject({ reason: 'privilege_missing' });

    // Private: the grant no longer reaches it.
    await db().updateTable('tickets').set({ private: true }).where('id', '=', ticket.id).execute();
    const hidden = byName(await explain(`contactId=${linda.id}&ticketId=${ticket.id}`), 'see');
    expect(hidden.denial).toMatchObject({ reason: 'private_ticket' });

    // Disabled comes first, before anything else.
    await db().updateTable('contacts').set({ disabled: true }).where('id', '=', linda.id).execute();
    const disabled = byName(await explain(`contactId=${linda.id}&ticketId=${ticket.id}`), 'see');
    expect(disabled.denial).toMatchObject({ reason: 'contact_disabled' });

    const access = await admin.get(`/api/staff/access/contacts/${linda.id}`);
    expect(access.statusCode).toBe(200);
    const body = access.json();
    expect(body).toMatchObject({
      maySignIn: false,
      ticketScope: 'organization',
      scopeLevel: 'write',
      views: [],
    });
    expect(body.grants).toEqual([
      expect.objectContaining({
        userGroup: { id: group.id, name: 'Almond School Staff' },
        level: 'read',
        expired: false,
      }),
    ]);
    const bobAccess = (await admin.get(`/api/staff/access/contacts/${bob.id}`)).json();
    expect(bobAccess.groups).toContainEqual({
      group: { id: group.id, name: 'Almond School Staff' },
      reasons: ['organization'],
    });
    expect(bobAccess.views).toEqual([
      { view: 'mine', tickets: 1 },
      { view: 'all', tickets: 1 },
    ]);
    expect(bobAccess.modules.find((m: { module: string }) => m.module === 'tickets')).toMatchObject({
      usable: true,
      why: null,
    });
  });
});

describe('explain and contact access: answers', () => {
  it('401 without a session, 403 for an agent, 404 for unknown ids, 422 for a wrong query', async () => {
    const contact = await createContact(db());
    const url = `/api/staff/access/explain?contactId=${contact.id}&ticketId=${crypto.randomUUID()}`;
    expect((await new TestClient(t.app).get(url)).statusCode).toBe(401);
    const agentUser = await createStaffUser(db(), { role: 'agent' });
    const agent = await signedInStaff(t.app, agentUser.email, TEST_PASSWORD);
    expect((await agent.get(url)).statusCode).toBe(403);
    expect((await agent.get(`/api/staff/access/contacts/${contact.id}`)).statusCode).toBe(403);
    expect((await admin.get(url)).statusCode).toBe(404);
    expect(
      (
        await admin.get(
          `/api/staff/access/explain?contactId=${crypto.randomUUID()}&assetId=${crypto.randomUUID()}`,
        )
      ).statusCode,
    ).toBe(404);
    expect((await admin.get(`/api/staff/access/contacts/${crypto.randomUUID()}`)).statusCode).toBe(404);
    const none = await admin.get(`/api/staff/access/explain?contactId=${contact.id}`);
    expect(none.statusCode).toBe(422);
    const two = await admin.get(
      `/api/staff/access/explain?contactId=${contact.id}&ticketId=${crypto.randomUUID()}&quoteId=${crypto.randomUUID()}`,
    );
    expect(two.statusCode).toBe(422);
    expect(
      (await admin.get(`/api/staff/access/explain?contactId=nope&ticketId=${crypto.randomUUID()}`))
        .statusCode,
    ).toBe(422);
    expect((await admin.get(`${url}&extra=1`)).statusCode).toBe(422);
  });
});
