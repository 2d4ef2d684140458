// Portal ticket lists and single reads: scopes, grants, views, filters, paging, field allow-lists.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import type { TicketScope } from '../../src/db/schema.ts';
import { signedInContact, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
const VIEWER: Privilege[] = ['portal.login', 'tickets.view'];

async function privilegeGroup(
  privileges: Privilege[],
  ticketScope: TicketScope = 'own',
  scopeLevel: 'read' | 'write' = 'read',
) {
  const row = await db()
    .insertInto('privilege_groups')
    .values({ name: `Group ${randomUUID()}`, privileges, ticket_scope: ticketScope, scope_level: scopeLevel })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type Ticket = {
  id: string;
  number: number;
  requester: string;
  org: string;
  status: string;
  private: boolean;
};
const tickets: Ticket[] = [];
let clock = Date.parse('2026-01-01T00:00:00Z');

async function ticket(
  requester: { id: string; organization_id: string },
  values: { subject?: string; status?: 'open' | 'pending' | 'closed'; private?: boolean; at?: Date } = {},
) {
  clock += 60_000;
  const row = await db()
    .insertInto('tickets')
    .values({
      subject: values.subject ?? `Ticket ${tickets.length}`,
      requester_id: requester.id,
      organization_id: requester.organization_id,
      status: values.status ?? 'open',
      private: values.private ?? false,
      priority: 'high',
      last_activity_at: values.at ?? new Date(clock),
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  const out = {
    id: row.id,
    number: row.number,
    requester: requester.id,
    org: requester.organization_id,
    status: values.status ?? 'open',
    private: values.private ?? false,
  };
  tickets.push(out);
  return out;
}

async function userGroup(values: { always?: boolean; rule?: object } = {}) {
  const row = await db()
    .insertInto('user_groups')
    .values({
      name: `UG ${randomUUID()}`,
      always: values.always ?? false,
      rule: values.rule ? JSON.stringify(values.rule) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function grant(contactId: string, groupId: string, level: 'read' | 'write', expiresAt?: Date) {
  await db()
    .insertInto('access_grants')
    .values({ contact_id: contactId, user_group_id: groupId, level, expires_at: expiresAt ?? null })
    .execute();
}

const signIn = (contact: { email: string }) => signedInContact(t.app, contact.email, TEST_PASSWORD);

type Page = { items: Array<{ id: string }>; nextCursor: string | null };

/** Every id of a list, following the cursors. */
async function listIds(client: TestClient, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? '&' : '';
    const url = `/api/portal/tickets?${query}${sep}limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await client.get(url);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page;
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const idsOf = (list: Ticket[]) => list.map((x) => x.id).sort();
const sorted = (ids: string[]) => [...ids].sort();

// District D with schools A and B below it; company X elsewhere.
let D: string, A: string, B: string, X: string;
type Contact = Awaited<ReturnType<typeof createContact>>;
let dana: Contact, amy: Contact, alan: Contact, ben: Contact, xena: Contact;

beforeAll(async () => {
  t = await startTestApp();
  D = (await createOrganization(db(), { name: 'District' })).id;
  A = (await createOrganization(db(), { name: 'Almond School', parentId: D })).id;
  B = (await createOrganization(db(), { name: 'Birch School', parentId: D })).id;
  X = (await createOrganization(db(), { name: 'Xylo Corp' })).id;
  const own = await privilegeGroup(VIEWER, 'own');
  dana = await createContact(db(), {
    organizationId: D,
    privilegeGroupId: await privilegeGroup(VIEWER, 'organization_tree'),
  });
  amy = await createContact(db(), { organizationId: A, privilegeGroupId: own });
  alan = await createContact(db(), {
    organizationId: A,
    privilegeGroupId: await privilegeGroup(VIEWER, 'organization'),
  });
  ben = await createContact(db(), { organizationId: B, privilegeGroupId: own, title: 'Principal' });
  xena = await createContact(db(), { organizationId: X, privilegeGroupId: own });
  await ticket(dana, { subject: 'District open' });
  await ticket(dana, { subject: 'District private', private: true });
  await ticket(amy, { subject: 'Almond open' });
  await ticket(amy, { subject: 'Almond pending', status: 'pending' });
  await ticket(amy, { subject: 'Almond closed', status: 'closed' });
  await ticket(amy, { subject: 'Almond private', private: true });
  await ticket(alan, { subject: "Alan's open" });
  await ticket(ben, { subject: 'Birch open' });
  await ticket(ben, { subject: 'Birch closed', status: 'closed' });
  await ticket(xena, { subject: 'Xylo open' });
  await ticket(xena, { subject: 'Xylo private', private: true });
});
afterAll(async () => t.close());

/** The permission model's §6, written out: what C may see. */
function expected(filter: (x: Ticket) => boolean) {
  return idsOf(tickets.filter(filter));
}

describe('ticket scope', () => {
  it('own: only the contact’s tickets, private ones included', async () => {
    const client = await signIn(amy);
    expect(sorted(await listIds(client))).toEqual(expected((x) => x.requester === amy.id));
  });

  it('organization: the organization’s tickets, not colleagues’ private ones, not sub- or parent organizations', async () => {
    const client = await signIn(alan);
    expect(sorted(await listIds(client))).toEqual(
      expected((x) => x.requester === alan.id || (x.org === A && !x.private)),
    );
  });

  it('organization_tree: the organization and every descendant, never others’ private tickets', async () => {
    const client = await signIn(dana);
    const inTree = new Set([D, A, B]);
    expect(sorted(await listIds(client))).toEqual(
      expected((x) => x.requester === dana.id || (inTree.has(x.org) && !x.private)),
    );
  });

  it('a single read is the list condition on one id: 404 outside it, the same body as for no ticket', async () => {
    const client = await signIn(alan);
    const visible = new Set(await listIds(client));
    const missing = await client.get(`/api/portal/tickets/${randomUUID()}`);
    expect(missing.statusCode).toBe(404);
    for (const x of tickets) {
      const res = await client.get(`/api/portal/tickets/${x.id}`);
      if (visible.has(x.id)) {
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().id).toBe(x.id);
      } else {
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual(missing.json());
      }
    }
    expect((await client.get('/api/portal/tickets/not-a-uuid')).statusCode).toBe(404);
  });
});

describe('access grants', () => {
  async function granted(groupId: string, level: 'read' | 'write' = 'read', expiresAt?: Date) {
    const contact = await createContact(db(), {
      organizationId: X,
      privilegeGroupId: await privilegeGroup(VIEWER, 'own'),
    });
    await grant(contact.id, groupId, level, expiresAt);
    return { contact, client: await signIn(contact) };
  }
  const byRequesters = (ids: string[]) => expected((x) => ids.includes(x.requester) && !x.private);

  it('explicit members: their non-private tickets, in the groups view too', async () => {
    const g = await userGroup();
    await db().insertInto('user_group_contacts').values({ user_group_id: g, contact_id: amy.id }).execute();
    const { client } = await granted(g);
    expect(sorted(await listIds(client))).toEqual(byRequesters([amy.id]));
    expect(sorted(await listIds(client, 'view=groups'))).toEqual(byRequesters([amy.id]));
  });

  it('member organizations, with and without sub-organizations', async () => {
    const withSubs = await userGroup();
    const without = await userGroup();
    await db()
      .insertInto('user_group_organizations')
      .values([
        { user_group_id: withSubs, organization_id: D, include_sub_organizations: true },
        { user_group_id: without, organization_id: D, include_sub_organizations: false },
      ])
      .execute();
    const a = await granted(withSubs);
    expect(sorted(await listIds(a.client))).toEqual(byRequesters([dana.id, amy.id, alan.id, ben.id]));
    const b = await granted(without);
    expect(sorted(await listIds(b.client))).toEqual(byRequesters([dana.id]));
  });

  it('rule groups: contacts matching the rule', async () => {
    const g = await userGroup({
      rule: { operator: 'all', conditions: [{ field: 'title', op: 'equals', value: 'principal' }] },
    });
    const { client } = await granted(g);
    expect(sorted(await listIds(client))).toEqual(byRequesters([ben.id]));
  });

  it('always-groups: every non-private ticket', async () => {
    const g = await userGroup({ always: true });
    const { contact, client } = await granted(g);
    expect(sorted(await listIds(client))).toEqual(expected((x) => !x.private || x.requester === contact.id));
  });

  it('an expired grant has no effect, and the groups view is gone', async () => {
    const g = await userGroup({ always: true });
    const { client } = await granted(g, 'write', new Date(Date.now() - 1000));
    expect(await listIds(client)).toEqual([]);
    const res = await client.get('/api/portal/tickets?view=groups');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.issues[0].path).toBe('querystring.view');
  });

  it('a new grant takes effect on the very next request', async () => {
    const g = await userGroup();
    await db().insertInto('user_group_contacts').values({ user_group_id: g, contact_id: ben.id }).execute();
    const contact = await createContact(db(), {
      organizationId: X,
      privilegeGroupId: await privilegeGroup(VIEWER, 'own'),
    });
    const client = await signIn(contact);
    expect(await listIds(client)).toEqual([]);
    await grant(contact.id, g, 'read');
    expect(sorted(await listIds(client))).toEqual(byRequesters([ben.id]));
    await db().deleteFrom('access_grants').where('contact_id', '=', contact.id).execute();
    expect(await listIds(client)).toEqual([]);
  });
});

describe('views and filters', () => {
  let multi: Contact;
  let client: TestClient;
  beforeAll(async () => {
    // Organization scope in A plus a read grant on Ben: every view.
    multi = await createContact(db(), {
      organizationId: A,
      privilegeGroupId: await privilegeGroup(VIEWER, 'organization'),
    });
    await ticket(multi, { subject: 'Multi open' });
    await ticket(multi, { subject: 'Multi closed', status: 'closed' });
    await ticket(multi, { subject: 'Multi private', private: true, status: 'pending' });
    const g = await userGroup();
    await db().insertInto('user_group_contacts').values({ user_group_id: g, contact_id: ben.id }).execute();
    await grant(multi.id, g, 'read');
    client = await signIn(multi);
  });

  it('/me lists the views, and each view with each status filter matches the model', async () => {
    expect((await client.get('/api/portal/me')).json().views).toEqual([
      'mine',
      'organization',
      'groups',
      'all',
    ]);
    const views: Record<string, (x: Ticket) => boolean> = {
      mine: (x) => x.requester === multi.id,
      organization: (x) => x.org === A && (x.requester === multi.id || !x.private),
      groups: (x) => x.requester === ben.id && !x.private,
    };
    const named = Object.values(views);
    views.all = (x) => named.some((f) => f(x));
    const statuses: Record<string, (x: Ticket) => boolean> = {
      open: (x) => x.status === 'open' || x.status === 'pending',
      closed: (x) => x.status === 'closed',
      all: () => true,
    };
    for (const [view, inView] of Object.entries(views)) {
      for (const [status, hasStatus] of Object.entries(statuses)) {
        const ids = await listIds(client, `view=${view}&status=${status}`);
        expect(sorted(ids), `${view} ${status}`).toEqual(expected((x) => inView(x) && hasStatus(x)));
      }
    }
    expect(sorted(await listIds(client))).toEqual(expected(views.all));
  });

  it('"Show All Open Group Cases" is view=groups&status=open', async () => {
    const ids = await listIds(client, 'view=groups&status=open');
    expect(sorted(ids)).toEqual(expected((x) => x.requester === ben.id && x.status !== 'closed'));
  });

  it('a view the contact does not have is 422; an unknown view or parameter too', async () => {
    const own = await signIn(amy);
    for (const url of [
      '/api/portal/tickets?view=organization',
      '/api/portal/tickets?view=groups',
      '/api/portal/tickets?view=everything',
      '/api/portal/tickets?status=pending',
      '/api/portal/tickets?requesterId=x',
    ]) {
      const res = await own.get(url);
      expect(res.statusCode, url).toBe(422);
    }
    const res = await own.get('/api/portal/tickets?view=organization');
    expect(res.json().error.issues[0].path).toBe('querystring.view');
  });

  it('q: subject text (LIKE characters escaped), #number exactly, digits as number or text', async () => {
    const odd = await ticket(multi, { subject: '100% broken_printer' });
    const plain = await ticket(multi, { subject: '100 percent broken printer' });
    expect(await listIds(client, `q=${encodeURIComponent('100%')}`)).toEqual([odd.id]);
    expect(await listIds(client, 'q=_')).toEqual([odd.id]);
    expect(sorted(await listIds(client, 'q=BROKEN'))).toEqual(sorted([odd.id, plain.id]));
    expect(await listIds(client, `q=${encodeURIComponent(`#${plain.number}`)}`)).toEqual([plain.id]);
    expect(await listIds(client, `q=${plain.number}`)).toEqual([plain.id]);
    expect(sorted(await listIds(client, 'q=100'))).toEqual(sorted([odd.id, plain.id]));
    // A number outside the scope finds nothing.
    const hidden = tickets.find((x) => x.org === X)!;
    expect(await listIds(client, `q=${encodeURIComponent(`#${hidden.number}`)}`)).toEqual([]);
  });

  it('organizationId filters; an organization outside the scope matches nothing', async () => {
    const tree = await signIn(dana);
    expect(sorted(await listIds(tree, `organizationId=${B}`))).toEqual(
      expected((x) => x.org === B && !x.private),
    );
    expect(await listIds(tree, `organizationId=${X}`)).toEqual([]);
    expect((await tree.get('/api/portal/tickets?organizationId=nope')).statusCode).toBe(422);
  });
});

describe('the portal for managers (issue 13 §7): requester filter, sorts, counts', () => {
  it('requesterId narrows a view; a requester outside the scope lists nothing, like one without tickets', async () => {
    const tree = await signIn(dana);
    expect(sorted(await listIds(tree, `view=organization&requesterId=${amy.id}`))).toEqual(
      expected((x) => x.requester === amy.id && !x.private),
    );
    // Xena (another company) and an id nobody has: the same empty answer.
    expect(await listIds(tree, `requesterId=${xena.id}`)).toEqual([]);
    expect(await listIds(tree, `requesterId=${randomUUID()}`)).toEqual([]);
    expect(await listIds(tree, `requesterId=${amy.id}&organizationId=${B}`)).toEqual([]);
  });

  it('every sort pages through the whole view in its order, two at a time; a cursor belongs to its sort', async () => {
    const tree = await signIn(dana);
    const inView = tickets.filter(
      (x) => [D, A, B].includes(x.org) && (x.requester === dana.id || !x.private),
    );
    const activity = new Map<string, number>();
    for (const row of await db().selectFrom('tickets').select(['id', 'last_activity_at']).execute())
      activity.set(row.id, row.last_activity_at.getTime());
    const by = (key: (x: Ticket) => number, sign: number) =>
      [...inView].sort((a, b) => sign * (key(a) - key(b) || (a.id < b.id ? -1 : 1))).map((x) => x.id);
    const orders: Record<string, string[]> = {
      activity: by((x) => activity.get(x.id) ?? 0, -1),
      activity_asc: by((x) => activity.get(x.id) ?? 0, 1),
      newest: by((x) => Number(x.number), -1),
      oldest: by((x) => Number(x.number), 1),
    };
    const cursors: Record<string, string> = {};
    for (const [sort, want] of Object.entries(orders)) {
      const got: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await tree.get(
          `/api/portal/tickets?view=organization&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as Page;
        got.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        if (cursor) cursors[sort] = cursor;
      } while (cursor);
      expect(got, sort).toEqual(want);
    }
    // A number cursor under an activity sort (and back) is refused, not misread.
    for (const [sort, foreign] of [
      ['activity', cursors.newest],
      ['newest', cursors.activity],
    ])
      expect((await tree.get(`/api/portal/tickets?sort=${sort}&cursor=${foreign}`)).statusCode).toBe(422);
    expect((await tree.get('/api/portal/tickets?sort=subject')).statusCode).toBe(422);
  });

  it('counts open and closed tickets per view from the same scope, with the filters', async () => {
    const tree = await signIn(dana);
    const visible = (x: Ticket) => [D, A, B].includes(x.org) && (x.requester === dana.id || !x.private);
    const count = (f: (x: Ticket) => boolean) => ({ count: tickets.filter(f).length, more: false });
    const open = (x: Ticket) => x.status === 'open' || x.status === 'pending';
    const res = await tree.get('/api/portal/tickets/counts');
    expect(res.statusCode, res.body).toBe(200);
    const mine = (x: Ticket) => x.requester === dana.id;
    expect(res.json().items).toEqual([
      { view: 'mine', open: count((x) => mine(x) && open(x)), closed: count((x) => mine(x) && !open(x)) },
      {
        view: 'organization',
        open: count((x) => visible(x) && open(x)),
        closed: count((x) => visible(x) && !open(x)),
      },
      {
        view: 'all',
        open: count((x) => visible(x) && open(x)),
        closed: count((x) => visible(x) && !open(x)),
      },
    ]);
    const narrowed = (await tree.get(`/api/portal/tickets/counts?organizationId=${B}`)).json().items;
    expect(narrowed[1]).toEqual({
      view: 'organization',
      open: count((x) => x.org === B && !x.private && open(x)),
      closed: count((x) => x.org === B && !x.private && !open(x)),
    });
    // Outside the scope: zero everywhere, as for an organization without tickets.
    const outside = (await tree.get(`/api/portal/tickets/counts?organizationId=${X}`)).json().items;
    for (const item of outside) expect(item).toMatchObject({ open: { count: 0 }, closed: { count: 0 } });
    expect((await tree.get('/api/portal/tickets/counts?view=mine')).statusCode).toBe(422);
  });

  it('a count stops at the cap: "1,000+"', async () => {
    const many = await createContact(db(), {
      organizationId: X,
      privilegeGroupId: await privilegeGroup(VIEWER),
    });
    await db()
      .insertInto('tickets')
      .columns(['subject', 'requester_id', 'organization_id', 'status', 'priority', 'private'])
      .expression((eb) =>
        eb
          .selectFrom(sql<{ n: number }>`generate_series(1, 1001)`.as('n'))
          .select([
            sql.lit('Bulk').as('subject'),
            sql`${many.id}::uuid`.as('requester_id'),
            sql`${X}::uuid`.as('organization_id'),
            sql.lit('open').as('status'),
            sql.lit('normal').as('priority'),
            sql.lit(false).as('private'),
          ]),
      )
      .execute();
    const res = await (await signIn(many)).get('/api/portal/tickets/counts');
    expect(res.json().items[0]).toEqual({
      view: 'mine',
      open: { count: 1000, more: true },
      closed: { count: 0, more: false },
    });
  });
});

describe('paging', () => {
  it('keyset pages, newest activity first, without duplicates even on equal timestamps', async () => {
    const pager = await createContact(db(), {
      organizationId: X,
      privilegeGroupId: await privilegeGroup(VIEWER, 'own'),
    });
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      // Groups of three share a timestamp: the id breaks the tie.
      const at = new Date(Date.parse('2025-06-01T00:00:00Z') + Math.floor(i / 3) * 1000);
      made.push((await ticket(pager, { at })).id);
    }
    const client = await signIn(pager);
    const seen: string[] = [];
    const stamps: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await client.get(`/api/portal/tickets?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: Array<{ id: string; lastActivityAt: string }>; nextCursor: string };
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((i) => i.id));
      stamps.push(...page.items.map((i) => i.lastActivityAt));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect(sorted(seen)).toEqual(sorted(made));
    expect([...stamps].sort().reverse()).toEqual(stamps);
  });

  it('a tampered cursor is 422, not an error', async () => {
    const client = await signIn(amy);
    const bad = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    for (const cursor of ['garbage', bad]) {
      const res = await client.get(`/api/portal/tickets?cursor=${cursor}`);
      expect(res.statusCode).toBe(422);
      expect(res.json().error.issues[0].path).toBe('querystring.cursor');
    }
    expect((await client.get('/api/portal/tickets?limit=101')).statusCode).toBe(422);
  });
});

describe('fields', () => {
  it('no priority and no asset keys without tickets.priority.view / tickets.asset.view', async () => {
    const client = await signIn(amy);
    const list = (await client.get('/api/portal/tickets')).json() as Page;
    const item = list.items[0] as Record<string, unknown>;
    expect(Object.keys(item).sort()).toEqual(
      [
        'id',
        'number',
        'subject',
        'status',
        'private',
        'requester',
        'organization',
        'createdAt',
        'lastActivityAt',
      ].sort(),
    );
    const detail = (await client.get(`/api/portal/tickets/${list.items[0]!.id}`)).json();
    expect(detail).not.toHaveProperty('priority');
    expect(detail).not.toHaveProperty('asset');
    expect(detail.abilities).toBeDefined();
    expect(JSON.stringify(detail)).not.toContain('@');
  });

  it('priority and asset with the view privileges', async () => {
    const contact = await createContact(db(), {
      organizationId: X,
      privilegeGroupId: await privilegeGroup([...VIEWER, 'tickets.priority.view', 'tickets.asset.view']),
    });
    const asset = await db()
      .insertInto('assets')
      .values({ organization_id: X, name: 'Copier' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mine = await ticket(contact);
    await db().updateTable('tickets').set({ asset_id: asset.id }).where('id', '=', mine.id).execute();
    const client = await signIn(contact);
    const list = (await client.get('/api/portal/tickets')).json();
    expect(list.items[0].priority).toBe('high');
    const detail = (await client.get(`/api/portal/tickets/${mine.id}`)).json();
    expect(detail).toMatchObject({
      priority: 'high',
      asset: { id: asset.id, name: 'Copier' },
      closedAt: null,
    });
    expect(detail.requester).toEqual({ id: contact.id, name: contact.name });
    expect(detail.organization).toEqual({ id: X, name: 'Xylo Corp' });
  });
});

describe('refusals', () => {
  it('401 without a session', async () => {
    const id = tickets[0]!.id;
    for (const url of ['/api/portal/tickets', `/api/portal/tickets/${id}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('404 without tickets.view: the module does not exist for the contact', async () => {
    const contact = await createContact(db(), {
      organizationId: A,
      privilegeGroupId: await privilegeGroup(['portal.login'], 'organization'),
    });
    const client = await signIn(contact);
    expect((await client.get('/api/portal/tickets')).statusCode).toBe(404);
    expect((await client.get(`/api/portal/tickets/${tickets[2]!.id}`)).statusCode).toBe(404);
  });

  it('a module restricted to groups the contact is not in is 404 on list and read', async () => {
    const allowed = await userGroup();
    await db()
      .insertInto('user_group_contacts')
      .values({ user_group_id: allowed, contact_id: dana.id })
      .execute();
    await db()
      .insertInto('module_allowed_groups')
      .values({ module: 'tickets', user_group_id: allowed })
      .execute();
    try {
      const blocked = await signIn(alan);
      const id = tickets.find((x) => x.requester === alan.id)!.id;
      for (const url of ['/api/portal/tickets', `/api/portal/tickets/${id}`]) {
        const res = await blocked.get(url);
        expect(res.statusCode, url).toBe(404);
      }
      expect((await blocked.get('/api/portal/me')).json().modules).not.toContain('tickets');
      const member = await signIn(dana);
      expect((await member.get('/api/portal/tickets')).statusCode).toBe(200);
    } finally {
      await db().deleteFrom('module_allowed_groups').where('user_group_id', '=', allowed).execute();
    }
  });
});
