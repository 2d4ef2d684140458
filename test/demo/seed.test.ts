import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/auth/passwords.ts';
import { createSession } from '../../src/auth/sessions.ts';
import type { ContactActor } from '../../src/authz/actor.ts';
import { MODULES, PRIVILEGE_NAMES } from '../../src/authz/privileges.ts';
import {
  availableViews,
  ticketsInView,
  visibleTickets,
  writableTickets,
  type Evaluation,
} from '../../src/authz/tickets/condition.ts';
import { loadContactActor } from '../../src/authz/actor.ts';
import type { DB } from '../../src/db/schema.ts';
import { DEMO_PASSWORD, seedDemo, type DemoSummary } from '../../src/demo/seed.ts';
import { contactForSessionToken } from '../../src/authz/actor.ts';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/database.ts';
import { loadGrants } from '../../src/authz/grants.ts';

// Every table the seed writes to (and the ones it must leave alone).
const TABLES: Array<keyof DB> = [
  'organizations',
  'privilege_groups',
  'contacts',
  'staff_users',
  'user_groups',
  'user_group_contacts',
  'user_group_organizations',
  'access_grants',
  'module_allowed_groups',
  'files',
  'assets',
  'tickets',
  'ticket_comments',
  'attachments',
  'ticket_emails',
  'ticket_events',
  'contracts',
  'charges',
  'quotes',
  'quote_lines',
  'invoices',
  'invoice_lines',
  'payments',
  'documents',
  'kb_articles',
  'kb_article_groups',
  'kb_article_files',
  'audit_log',
  'sessions',
];

let t: TestApp;
let summary: DemoSummary | null;
const db = () => t.testDb.database.db;

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await db()
      .selectFrom(table)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    out[table] = row.n;
  }
  return out;
}

beforeAll(async () => {
  const testDb = await createTestDatabase();
  t = await startTestApp({}, { testDb });
  summary = await seedDemo(db(), t.config.argon2);
});
afterAll(async () => {
  await t.close();
  await t.testDb.drop();
});

describe('demo seed', () => {
  it('returns the staff and portal sign-ins', () => {
    expect(summary).not.toBeNull();
    const signIns = summary?.signIns ?? [];
    expect(signIns.filter((s) => s.portal === 'staff').map((s) => s.email)).toEqual([
      'admin@portico.example',
      'agent@portico.example',
    ]);
    expect(signIns.filter((s) => s.portal === 'portal').length).toBeGreaterThanOrEqual(8);
    expect(new Set(signIns.map((s) => s.email)).size).toBe(signIns.length);
  });

  it('does nothing the second time', async () => {
    const before = await counts();
    expect(await seedDemo(db(), t.config.argon2)).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('gives tickets SLA due times, a few of them breaching, and Contoso its own policy', async () => {
    const rows = await db()
      .selectFrom('tickets')
      .select(['status', 'resolution_due_at', 'sla_next_due_at'])
      .execute();
    expect(rows.filter((r) => r.resolution_due_at !== null).length).toBeGreaterThan(rows.length / 2);
    const breaching = rows.filter((r) => r.sla_next_due_at !== null && r.sla_next_due_at < new Date());
    expect(breaching.length).toBeGreaterThan(0);
    expect(breaching.every((r) => r.status === 'open')).toBe(true);
    const policies = await db().selectFrom('sla_policies').select(['name', 'is_default']).execute();
    expect(policies.filter((p) => p.is_default)).toHaveLength(1);
    expect(await db().selectFrom('sla_policy_organizations').select('policy_id').execute()).toHaveLength(1);
  });

  it('has teams, and every queue of the demo agent shows something', async () => {
    const teams = await db().selectFrom('staff_teams').select('name').orderBy('name').execute();
    expect(teams.map((x) => x.name)).toEqual(['Billing', 'Schools support', 'Service desk']);
    const desk = await db()
      .selectFrom('desk_settings')
      .innerJoin('staff_teams', 'staff_teams.id', 'desk_settings.default_team_id')
      .select('staff_teams.name')
      .executeTakeFirstOrThrow();
    expect(desk.name).toBe('Service desk');
    const agent = await signedInStaff(t.app, 'agent@portico.example', DEMO_PASSWORD);
    for (const queue of [
      'mine',
      'unassigned',
      'my_teams',
      'waiting_on_us',
      'waiting_on_customer',
      'breaching',
    ]) {
      const res = await agent.get(`/api/staff/tickets?queue=${queue}&limit=5`);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as { items: unknown[] }).items.length, queue).toBeGreaterThan(0);
    }
  });

  it('every listed sign-in works, with a password the app would accept', async () => {
    for (const s of summary?.signIns ?? []) {
      const account =
        s.portal === 'staff'
          ? await db()
              .selectFrom('staff_users')
              .select(['name', 'email'])
              .where('email', '=', s.email)
              .executeTakeFirstOrThrow()
          : await db()
              .selectFrom('contacts')
              .select(['name', 'email'])
              .where('email', '=', s.email)
              .executeTakeFirstOrThrow();
      expect(passwordProblem(s.password, [account.email, account.name]), s.email).toBeNull();
      const client = new TestClient(t.app);
      const res = await client.post(`/api/${s.portal}/session`, { email: s.email, password: s.password });
      expect(res.statusCode, `${s.email}: ${res.body}`).toBe(200);
    }
  });

  it('lists no contact that cannot sign in, and such contacts are refused', async () => {
    const password = summary?.signIns[0]?.password ?? '';
    const blocked = await db()
      .selectFrom('contacts')
      .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
      .select([
        'contacts.email',
        'contacts.password_hash',
        'contacts.disabled',
        'privilege_groups.system_key',
      ])
      .where((eb) =>
        eb.or([
          eb('contacts.disabled', '=', true),
          eb('contacts.password_hash', 'is', null),
          eb('privilege_groups.system_key', '=', 'no_portal_access'),
        ]),
      )
      .execute();
    expect(blocked.some((c) => c.disabled)).toBe(true);
    expect(blocked.some((c) => c.password_hash === null)).toBe(true);
    const listed = new Set(summary?.signIns.map((s) => s.email));
    for (const c of blocked) {
      expect(listed.has(c.email), c.email).toBe(false);
      if (c.password_hash === null) continue;
      // The right password of a barred contact: refused, saying its portal access is off.
      const res = await new TestClient(t.app).post('/api/portal/session', { email: c.email, password });
      expect(res.statusCode, c.email).toBe(403);
      expect(res.json().error.code, c.email).toBe('portal_access_off');
    }
  });

  it('puts at least one contact in each system privilege group', async () => {
    const rows = await db()
      .selectFrom('privilege_groups')
      .leftJoin('contacts', 'contacts.privilege_group_id', 'privilege_groups.id')
      .select(['privilege_groups.system_key', sql<number>`count(contacts.id)::int`.as('n')])
      .where('privilege_groups.system_key', 'is not', null)
      .groupBy('privilege_groups.system_key')
      .execute();
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.n, r.system_key ?? '').toBeGreaterThan(0);
  });

  it('uses only catalogue privileges and keeps exactly one default group', async () => {
    const groups = await db()
      .selectFrom('privilege_groups')
      .select(['name', 'privileges', 'is_default'])
      .execute();
    for (const g of groups) for (const p of g.privileges) expect(PRIVILEGE_NAMES, g.name).toContain(p);
    expect(groups.filter((g) => g.is_default)).toHaveLength(1);
    const modules = await db().selectFrom('module_allowed_groups').select('module').distinct().execute();
    for (const m of modules) expect(MODULES).toContain(m.module);
    expect(modules.map((m) => m.module)).not.toContain('tickets');
  });

  it('has the seeds’ groups and grants: super customers, rules, an always-group, expiry', async () => {
    const groups = await db().selectFrom('user_groups').select(['name', 'always', 'rule']).execute();
    const byName = new Map(groups.map((g) => [g.name, g]));
    expect(byName.get('Accounting')?.rule).toEqual({
      operator: 'all',
      conditions: [{ field: 'department', op: 'equals', value: 'accounting' }],
    });
    expect(byName.get('All customers')?.always).toBe(true);
    expect(byName.has('Almond School Staff') && byName.has('Shoe String School District')).toBe(true);
    const grants = await db().selectFrom('access_grants').select(['level', 'expires_at']).execute();
    const now = Date.now();
    expect(grants.some((g) => g.level === 'write' && g.expires_at === null)).toBe(true);
    expect(grants.some((g) => g.level === 'read' && g.expires_at === null)).toBe(true);
    expect(grants.some((g) => g.expires_at && g.expires_at.getTime() < now)).toBe(true);
    expect(grants.some((g) => g.expires_at && g.expires_at.getTime() > now)).toBe(true);
  });

  it('spreads tickets over statuses, organizations and time', async () => {
    const tickets = await db()
      .selectFrom('tickets')
      .select([
        'status',
        'private',
        'organization_id',
        'asset_id',
        'created_at',
        'last_activity_at',
        'closed_at',
      ])
      .execute();
    expect(tickets.length).toBeGreaterThanOrEqual(40);
    expect(new Set(tickets.map((x) => x.status))).toEqual(new Set(['open', 'pending', 'closed']));
    expect(tickets.filter((x) => x.private).length).toBeGreaterThanOrEqual(2);
    expect(tickets.filter((x) => x.asset_id).length).toBeGreaterThanOrEqual(5);
    expect(new Set(tickets.map((x) => x.organization_id)).size).toBeGreaterThanOrEqual(7);
    for (const x of tickets) {
      expect(x.last_activity_at.getTime()).toBeGreaterThanOrEqual(x.created_at.getTime());
      expect(x.last_activity_at.getTime()).toBeLessThanOrEqual(Date.now());
      expect(x.closed_at !== null).toBe(x.status === 'closed');
    }
    const [comments] = await db()
      .selectFrom('ticket_comments')
      .select([
        sql<number>`count(*) filter (where public)::int`.as('pub'),
        sql<number>`count(*) filter (where not public)::int`.as('internal'),
      ])
      .execute();
    expect(comments?.pub).toBeGreaterThan(50);
    expect(comments?.internal).toBeGreaterThan(5);
    const attachments = await db().selectFrom('attachments').select('public').execute();
    expect(new Set(attachments.map((a) => a.public))).toEqual(new Set([true, false]));
    const emails = await db().selectFrom('ticket_emails').select('public').execute();
    expect(new Set(emails.map((e) => e.public))).toEqual(new Set([true, false]));
  });

  it('keeps comments and events inside the life of their ticket, ids in time order', async () => {
    const rows = await db()
      .selectFrom('ticket_comments')
      .innerJoin('tickets', 'tickets.id', 'ticket_comments.ticket_id')
      .select(['ticket_comments.created_at as at', 'tickets.created_at', 'tickets.last_activity_at'])
      .union(
        db()
          .selectFrom('ticket_events')
          .innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
          .select(['ticket_events.created_at as at', 'tickets.created_at', 'tickets.last_activity_at']),
      )
      .execute();
    for (const r of rows) {
      expect(r.at.getTime()).toBeGreaterThanOrEqual(r.created_at.getTime() - 3600_000);
      expect(r.at.getTime()).toBeLessThanOrEqual(r.last_activity_at.getTime());
    }
    const comments = await db()
      .selectFrom('ticket_comments')
      .select(['id', 'created_at'])
      .orderBy('id')
      .execute();
    const times = comments.map((c) => c.created_at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('quote and invoice totals are the sum of their lines, amounts round(quantity × unit price)', async () => {
    const quotes = await db().selectFrom('quotes').select(['id', 'status', 'total_cents']).execute();
    expect(new Set(quotes.map((q) => q.status))).toEqual(new Set(['draft', 'sent', 'accepted', 'declined']));
    const invoices = await db().selectFrom('invoices').select(['id', 'status', 'total_cents']).execute();
    for (const status of ['draft', 'issued', 'paid']) expect(invoices.map((i) => i.status)).toContain(status);
    const quoteLines = await db().selectFrom('quote_lines').selectAll().execute();
    const invoiceLines = await db().selectFrom('invoice_lines').selectAll().execute();
    for (const line of [...quoteLines, ...invoiceLines]) {
      expect(line.amount_cents).toBe(Math.round(line.quantity * line.unit_price_cents));
    }
    for (const q of quotes) {
      const lines = quoteLines.filter((l) => l.quote_id === q.id);
      expect(lines.length).toBeGreaterThan(0);
      expect(q.total_cents).toBe(lines.reduce((s, l) => s + l.amount_cents, 0));
    }
    for (const i of invoices) {
      const lines = invoiceLines.filter((l) => l.invoice_id === i.id);
      expect(lines.length).toBeGreaterThan(0);
      expect(i.total_cents).toBe(lines.reduce((s, l) => s + l.amount_cents, 0));
    }
    const charges = await db().selectFrom('charges').selectAll().execute();
    expect(charges.some((c) => c.ticket_id) && charges.some((c) => c.contract_id)).toBe(true);
    for (const c of charges) expect(c.amount_cents).toBe(Math.round(c.quantity * c.unit_price_cents));
    const paid = await db()
      .selectFrom('invoices')
      .innerJoin('payments', 'payments.invoice_id', 'invoices.id')
      .select(['invoices.total_cents', sql<number>`sum(payments.amount_cents)::int`.as('paid')])
      .where('invoices.status', '=', 'paid')
      .groupBy(['invoices.id', 'invoices.total_cents'])
      .execute();
    expect(paid.length).toBeGreaterThan(0);
    for (const p of paid) expect(p.paid).toBe(p.total_cents);
  });

  it('stores documents and KB files, public and not, with sniffed types', async () => {
    const docs = await db()
      .selectFrom('documents')
      .innerJoin('files', 'files.id', 'documents.file_id')
      .select(['documents.public', 'files.content_type', 'files.filename', 'files.size_bytes'])
      .execute();
    expect(new Set(docs.map((d) => d.public))).toEqual(new Set([true, false]));
    for (const d of docs) {
      expect(d.content_type, d.filename).toMatch(
        d.filename.endsWith('.pdf') ? /^application\/pdf/ : /^text\/plain/,
      );
      expect(d.size_bytes).toBeGreaterThan(0);
    }
    const articles = await db().selectFrom('kb_articles').select(['id', 'published', 'visibility']).execute();
    expect(articles.some((a) => a.published && a.visibility === 'public')).toBe(true);
    expect(articles.some((a) => a.published && a.visibility === 'groups')).toBe(true);
    expect(articles.some((a) => !a.published)).toBe(true);
    const restricted = await db()
      .selectFrom('kb_article_groups')
      .innerJoin('user_groups', 'user_groups.id', 'kb_article_groups.user_group_id')
      .select('user_groups.name')
      .execute();
    expect(restricted.map((r) => r.name)).toContain('Almond School Staff');
    const kbFiles = await db().selectFrom('kb_article_files').select('file_id').execute();
    expect(kbFiles.length).toBeGreaterThanOrEqual(2);
  });

  describe('shows the seeds’ scenarios (through the permission engine)', () => {
    const actorOf = async (email: string): Promise<ContactActor> => {
      const c = await db()
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      const session = await createSession(
        db(),
        { contactId: c.id },
        { ip: '', userAgent: '', ttlMs: 60_000 },
      );
      const found = await contactForSessionToken(db(), session.token);
      if (!found) throw new Error(`${email} cannot use the portal`);
      return found.actor;
    };
    const ids = async (where: (a: ContactActor) => ReturnType<typeof visibleTickets>, a: ContactActor) =>
      (await db().selectFrom('tickets as t').select('t.id').where(where(a)).orderBy('t.id').execute()).map(
        (r) => r.id,
      );
    /** Own tickets plus the non-private tickets of the organizations (with descendants when `tree`). */
    const expected = async (a: ContactActor, orgNames: string[], tree = false) => {
      const orgs = await db().selectFrom('organizations').select(['id', 'name', 'parent_id']).execute();
      const roots = orgs.filter((o) => orgNames.includes(o.name)).map((o) => o.id);
      const inScope = new Set(roots);
      if (tree) for (const o of orgs) if (o.parent_id && inScope.has(o.parent_id)) inScope.add(o.id);
      const rows = await db()
        .selectFrom('tickets')
        .select(['id', 'requester_id', 'organization_id', 'private'])
        .execute();
      return rows
        .filter((r) => r.requester_id === a.id || (!r.private && inScope.has(r.organization_id)))
        .map((r) => r.id)
        .sort();
    };
    const own = async (a: ContactActor) => expected(a, []);
    const sorted = (x: string[]) => [...x].sort();

    it("Almond super customer: Linda follows and updates every non-private Almond case through 'Almond School Staff'", async () => {
      const linda = await actorOf('linda.park@almond.shoestring.example');
      expect(linda.ticketScope).toBe('own');
      expect(availableViews(linda)).toContain('groups');
      const all = await expected(linda, ['Almond School']);
      expect(all.length).toBeGreaterThan(8);
      expect(sorted(await ids(visibleTickets, linda))).toEqual(all);
      expect(sorted(await ids(writableTickets, linda))).toEqual(all);
    });

    it('a private Almond ticket stays with its requester', async () => {
      const rachel = await actorOf('rachel.nguyen@almond.shoestring.example');
      const mine = await ids(visibleTickets, rachel);
      const priv = await db()
        .selectFrom('tickets')
        .select('id')
        .where('requester_id', '=', rachel.id)
        .where('private', '=', true)
        .execute();
      expect(priv).toHaveLength(1);
      expect(mine).toContain(priv[0]?.id);
      for (const email of [
        'linda.park@almond.shoestring.example',
        'margaret.ellis@almond.shoestring.example',
      ]) {
        expect(await ids(visibleTickets, await actorOf(email))).not.toContain(priv[0]?.id);
      }
    });

    it('Almond principal sees and writes the school through her privilege group; a teacher only his own', async () => {
      const margaret = await actorOf('margaret.ellis@almond.shoestring.example');
      expect(availableViews(margaret)).toContain('organization');
      expect(sorted(await ids(writableTickets, margaret))).toEqual(
        await expected(margaret, ['Almond School']),
      );
      const tom = await actorOf('tom.becker@almond.shoestring.example');
      expect(sorted(await ids(visibleTickets, tom))).toEqual(await own(tom));
    });

    it('district-wide: Dana reads every district case through a read grant; Robert through the tree scope', async () => {
      const dana = await actorOf('dana.whitfield@shoestring.example');
      const district = await expected(dana, ['Shoe String School District'], true);
      expect(district.length).toBeGreaterThan(20);
      expect(sorted(await ids(visibleTickets, dana))).toEqual(district);
      expect(sorted(await ids(writableTickets, dana))).toEqual(await own(dana));
      const robert = await actorOf('robert.haines@shoestring.example');
      expect(robert.ticketScope).toBe('organization_tree');
      expect(robert.grants).toEqual({ read: 'none', write: 'none' });
      expect(sorted(await ids(visibleTickets, robert))).toEqual(
        await expected(robert, ['Shoe String School District'], true),
      );
      expect(sorted(await ids(writableTickets, robert))).toEqual(await own(robert));
      expect(robert.modules.has('invoices')).toBe(true);
    });

    it("the grant test's two shapes (per ticket, in bulk) give every contact the same tickets in every view", async () => {
      const contacts = await db().selectFrom('contacts').select('id').execute();
      let compared = 0;
      for (const { id } of contacts) {
        const loaded = await loadContactActor(db(), id);
        if (!loaded) continue;
        for (const view of availableViews(loaded.actor)) {
          const idsOf = async (evaluation: Evaluation) =>
            (
              await sql<{ id: string }>`select t.id from tickets t
                where ${ticketsInView(loaded.actor, view, 't', evaluation)} order by t.id`.execute(db())
            ).rows.map((r) => r.id);
          const [row, bulk] = [await idsOf('row'), await idsOf('bulk')];
          expect(bulk, `${id} ${view}`).toEqual(row);
          if (view === 'groups' && row.length > 0) compared += 1;
        }
      }
      // Dana, Kevin, Linda and the Northwind managers reach tickets through grants.
      expect(compared).toBeGreaterThanOrEqual(3);
    });

    it('an expired grant has no effect, a future one does', async () => {
      const helen = await actorOf('helen.foster@birch.shoestring.example');
      expect(await loadGrants(db(), helen.id)).toHaveLength(0);
      expect(helen.grants).toEqual({ read: 'none', write: 'none' });
      expect(sorted(await ids(visibleTickets, helen))).toEqual(await expected(helen, ['Birch School']));
      const kevin = await actorOf('kevin.walsh@cedar.shoestring.example');
      const kevinGrants = await loadGrants(db(), kevin.id);
      expect(kevinGrants.map((g) => g.groupName)).toEqual(['Almond School Staff']);
      expect(kevinGrants[0]?.expiresAt?.getTime()).toBeGreaterThan(Date.now());
      expect(sorted(await ids(writableTickets, kevin))).toEqual(await expected(kevin, ['Almond School']));
    });

    it('Northwind: accounting sees invoices, quotes and payments; technical does not', async () => {
      const billing = ['invoices', 'quotes', 'payments'] as const;
      for (const email of ['laura.callahan@northwind.example', 'steven.buchanan@northwind.example']) {
        const a = await actorOf(email);
        for (const m of billing) expect(a.modules.has(m), `${email} ${m}`).toBe(true);
        expect(a.privileges.has('invoices.view')).toBe(true);
      }
      for (const email of ['andrew.fuller@northwind.example', 'janet.leverling@northwind.example']) {
        const a = await actorOf(email);
        for (const m of billing) expect(a.modules.has(m), `${email} ${m}`).toBe(false);
        expect(a.modules.has('tickets')).toBe(true);
      }
    });

    it('Full at Contoso Dental covers the organization, not the Eastside sub-organization', async () => {
      const grace = await actorOf('grace.kim@contosodental.example');
      expect(grace.modules.has('invoices')).toBe(true);
      const visible = sorted(await ids(visibleTickets, grace));
      expect(visible).toEqual(await expected(grace, ['Contoso Dental']));
      const eastside = await expected(grace, ['Contoso Dental – Eastside']);
      expect(eastside.filter((id) => visible.includes(id))).toEqual(await own(grace));
    });
  });
});
