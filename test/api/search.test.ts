// Full-text search (issue 13 §4): tickets in the portal and the console, scope, internal notes,
// stemming, ranking, paging, snippets, keeping the vectors current, and bad input.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import type { TicketScope } from '../../src/db/schema.ts';
import { signedInContact, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';
import { expectError } from '../support/expect.ts';
import { staffClients, type Staff } from './ticket-helpers.ts';

let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;
const VIEWER: Privilege[] = ['portal.login', 'tickets.view', 'tickets.reply', 'kb.view'];

async function privilegeGroup(ticketScope: TicketScope) {
  const row = await db()
    .insertInto('privilege_groups')
    .values({
      name: `Group ${randomUUID()}`,
      privileges: VIEWER,
      ticket_scope: ticketScope,
      scope_level: 'write',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type Contact = Awaited<ReturnType<typeof createContact>>;

async function ticket(
  requester: Contact,
  values: { subject: string; description?: string; private?: boolean; status?: 'open' | 'closed' },
) {
  return db()
    .insertInto('tickets')
    .values({
      subject: values.subject,
      description: values.description ?? '',
      requester_id: requester.id,
      organization_id: requester.organization_id,
      private: values.private ?? false,
      status: values.status ?? 'open',
      last_activity_at: new Date(),
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

const comment = (ticketId: string, body: string, isPublic: boolean) =>
  db().insertInto('ticket_comments').values({ ticket_id: ticketId, body, public: isPublic }).execute();

type Hit = {
  id: string;
  number: number;
  rank: number;
  snippet: { source: string; parts: { text: string; match: boolean }[] };
};
type SearchPage = { items: Hit[]; nextCursor: string | null };

async function search(client: TestClient, base: string, q: string, extra = ''): Promise<Hit[]> {
  const hits: Hit[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${base}?q=${encodeURIComponent(q)}&limit=7${extra}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await client.get(url);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as SearchPage;
    hits.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return hits;
}
const PORTAL = '/api/portal/tickets/search';
const STAFF = '/api/staff/tickets/search';
const ids = (hits: Hit[]) => hits.map((h) => h.id).sort();
const text = (h: Hit) => h.snippet.parts.map((p) => p.text).join('');
const marked = (h: Hit) => h.snippet.parts.filter((p) => p.match).map((p) => p.text.toLowerCase());

// School A (amy: own tickets, alan: the organization), company X (xena: own).
let amy: Contact, alan: Contact, xena: Contact;
let amyClient: TestClient, alanClient: TestClient, xenaClient: TestClient;
let lamp: { id: string; number: number },
  noted: { id: string; number: number },
  secret: { id: string; number: number },
  xenaLamp: { id: string; number: number };

beforeAll(async () => {
  t = await startTestApp();
  s = await staffClients(t);
  const A = (await createOrganization(db(), { name: 'Almond School' })).id;
  const X = (await createOrganization(db(), { name: 'Xylo Corp' })).id;
  amy = await createContact(db(), { organizationId: A, privilegeGroupId: await privilegeGroup('own') });
  alan = await createContact(db(), {
    organizationId: A,
    privilegeGroupId: await privilegeGroup('organization'),
  });
  xena = await createContact(db(), { organizationId: X, privilegeGroupId: await privilegeGroup('own') });
  lamp = await ticket(amy, {
    subject: 'Classroom light',
    description: 'The desk lamps are flickering in room 31.',
  });
  noted = await ticket(amy, { subject: 'Projector', description: 'It hums.' });
  await comment(noted.id, 'We replaced the projector bulb.', true);
  await comment(noted.id, 'Internal: vendor quokkaware owes us a refund.', false);
  secret = await ticket(amy, {
    subject: 'Private matter',
    description: 'About the wombatcase.',
    private: true,
  });
  xenaLamp = await ticket(xena, { subject: 'Lamp', description: 'Another lamp is broken.' });
  const signIn = (c: Contact) => signedInContact(t.app, c.email, TEST_PASSWORD);
  [amyClient, alanClient, xenaClient] = [await signIn(amy), await signIn(alan), await signIn(xena)];
});
afterAll(async () => t.close());

describe('ticket search in the portal', () => {
  it("finds stemmed words only in the contact's scope, with a highlighted snippet", async () => {
    const hits = await search(amyClient, PORTAL, 'lamp');
    expect(ids(hits)).toEqual([lamp.id]);
    expect(hits[0]!.snippet.source).toBe('description');
    expect(marked(hits[0]!)).toEqual(['lamps']);
    expect(text(hits[0]!)).toContain('flickering in room 31');
    // Alan sees the school's public tickets, Xena only her own.
    expect(ids(await search(alanClient, PORTAL, 'lamps'))).toEqual([lamp.id]);
    expect(ids(await search(xenaClient, PORTAL, 'lamp'))).toEqual([xenaLamp.id]);
  });

  it('finds unstemmed words and numbers through the simple fallback', async () => {
    expect(ids(await search(amyClient, PORTAL, 'flickering'))).toEqual([lamp.id]);
    expect(ids(await search(amyClient, PORTAL, '31'))).toEqual([lamp.id]);
    expect(ids(await search(amyClient, PORTAL, `#${noted.number}`))).toEqual([noted.id]);
  });

  it('matches public comments but never internal notes, in matches or snippets', async () => {
    const bulb = await search(amyClient, PORTAL, 'bulbs');
    expect(ids(bulb)).toEqual([noted.id]);
    expect(bulb[0]!.snippet.source).toBe('comment');
    expect(text(bulb[0]!)).not.toContain('quokka');
    expect(await search(amyClient, PORTAL, 'quokkaware')).toEqual([]);
    expect(await search(amyClient, PORTAL, 'refund')).toEqual([]);
    expect(await search(alanClient, PORTAL, 'quokkaware')).toEqual([]);
  });

  it("finds a private ticket for its requester only, never for the organization's other contacts", async () => {
    expect(ids(await search(amyClient, PORTAL, 'wombatcase'))).toEqual([secret.id]);
    expect(await search(alanClient, PORTAL, 'wombatcase')).toEqual([]);
    expect(await search(xenaClient, PORTAL, 'wombatcase')).toEqual([]);
  });

  it('keeps the vectors current on writes through the API', async () => {
    const res = await amyClient.post(`/api/portal/tickets/${lamp.id}/comments`, {
      body: 'Now the capybara lamp too.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const hits = await search(alanClient, PORTAL, 'capybara');
    expect(ids(hits)).toEqual([lamp.id]);
    expect(hits[0]!.snippet.source).toBe('comment');
    const edit = await s.admin.patch(`/api/staff/tickets/${noted.id}`, { description: 'It rattles.' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(await search(amyClient, PORTAL, 'hums')).toEqual([]);
    expect(ids(await search(amyClient, PORTAL, 'rattles'))).toEqual([noted.id]);
    // A staff note through the API: staff find it, contacts do not.
    const note = await s.admin.post(`/api/staff/tickets/${lamp.id}/comments`, {
      body: 'Ordered from narwhalparts.',
      public: false,
    });
    expect(note.statusCode, note.body).toBe(201);
    expect(await search(amyClient, PORTAL, 'narwhalparts')).toEqual([]);
    expect(ids(await search(s.admin, STAFF, 'narwhalparts'))).toEqual([lamp.id]);
  });

  it('ranks subject matches first and pages through every match once', async () => {
    const word = `okapi${randomUUID().slice(0, 6)}`;
    const made: string[] = [];
    for (let i = 0; i < 16; i++)
      made.push(
        (
          await ticket(amy, {
            subject: i === 5 ? `The ${word} subject` : `Ticket ${i}`,
            description: `Mentions ${word} ${i % 3 === 0 ? `and ${word} again` : 'once'}.`,
          })
        ).id,
      );
    const hits = await search(amyClient, PORTAL, word);
    expect(hits.map((h) => h.id).sort()).toEqual([...made].sort());
    expect(new Set(hits.map((h) => h.id)).size).toBe(16);
    expect(hits[0]!.id).toBe(made[5]);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.rank).toBeLessThanOrEqual(hits[i - 1]!.rank);
    // Another view and status filter narrow it the same way as the lists.
    expect(await search(amyClient, PORTAL, word, '&status=closed')).toEqual([]);
    const view = await amyClient.get(`${PORTAL}?q=${word}&view=groups`);
    expect(view.statusCode).toBe(422);
  });

  it('sends snippets as text parts: markup in a ticket is never highlighted as HTML', async () => {
    const html = await ticket(amy, {
      subject: 'Markup',
      description: 'A <img src=x onerror=alert(1)> tag next to the gecko & "quotes" \uE000 marker.',
    });
    const [hit] = await search(amyClient, PORTAL, 'gecko');
    expect(hit?.id).toBe(html.id);
    expect(marked(hit!)).toEqual(['gecko']);
    expect(text(hit!)).not.toContain('\uE000');
    expect(text(hit!)).not.toContain('<mark');
  });
});

describe('ticket search in the console', () => {
  it('finds internal notes, saying where the snippet is from', async () => {
    const hits = await search(s.admin, STAFF, 'quokkaware');
    expect(ids(hits)).toEqual([noted.id]);
    expect(hits[0]!.snippet.source).toBe('note');
    expect(marked(hits[0]!)).toEqual(['quokkaware']);
    expect(ids(await search(s.agent, STAFF, 'wombatcase'))).toEqual([secret.id]);
    expect(ids(await search(s.admin, STAFF, 'lamp'))).toEqual(expect.arrayContaining([lamp.id, xenaLamp.id]));
  });

  it('answers 401 to a contact', async () => {
    expect((await amyClient.get(`${STAFF}?q=lamp`)).statusCode).toBe(401);
  });
});

describe('knowledge-base search', () => {
  const article = async (
    title: string,
    body: string,
    values: { published?: boolean; groupId?: string } = {},
  ) => {
    const row = await db()
      .insertInto('kb_articles')
      .values({
        title,
        body,
        published: values.published ?? true,
        visibility: values.groupId ? 'groups' : 'public',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (values.groupId)
      await db()
        .insertInto('kb_article_groups')
        .values({ article_id: row.id, user_group_id: values.groupId })
        .execute();
    return row.id;
  };
  const KB = '/api/portal/kb-articles/search';

  it('finds what the contact may read, ranked, with snippets; kept current on edits', async () => {
    const group = await db()
      .insertInto('user_groups')
      .values({ name: `Teachers ${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('user_group_contacts')
      .values({ user_group_id: group.id, contact_id: amy.id })
      .execute();
    const inTitle = await article('Resetting the toucanet router', 'Unplug it.');
    const inBody = await article('Network', 'If the toucanet router blinks red, call us.');
    const forTeachers = await article('Teachers only', 'The toucanet staff router.', { groupId: group.id });
    await article('Draft', 'toucanet draft', { published: false });
    const amyHits = await search(amyClient, KB, 'toucanet routers');
    expect(amyHits.map((h) => h.id)).toEqual([inTitle, expect.any(String), expect.any(String)]);
    expect(ids(amyHits)).toEqual([inTitle, inBody, forTeachers].sort());
    const body = amyHits.find((h) => h.id === inBody)!;
    expect(body.snippet.source).toBe('body');
    expect(marked(body)).toEqual(['toucanet', 'router']);
    // Xena is in no group: the group article and the draft stay hidden.
    expect(ids(await search(xenaClient, KB, 'toucanet'))).toEqual([inTitle, inBody].sort());
    // Staff find every article, drafts too.
    expect((await search(s.admin, '/api/staff/kb-articles/search', 'toucanet')).length).toBe(4);
    const edit = await s.admin.patch(`/api/staff/kb-articles/${inBody}`, { body: 'Call the helpdesk.' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(ids(await search(xenaClient, KB, 'toucanet'))).toEqual([inTitle]);
    expect(ids(await search(xenaClient, KB, 'helpdesk'))).toEqual([inBody]);
  });
});

describe('bad search input', () => {
  const inputs = [
    '"unclosed phrase',
    "lamp:* & !(foo | 'bar')",
    'or',
    'the',
    "'; drop table tickets; --",
    'a'.repeat(200),
    '#999999999999999',
  ];
  // Nothing but operators or punctuation: nothing to search for.
  const wordless = ['& | ! : * ( )', '"', '-', '\\', '<->', '#'];
  for (const [base, client] of [
    [PORTAL, () => amyClient],
    [STAFF, () => s.admin],
    ['/api/portal/kb-articles/search', () => amyClient],
    ['/api/staff/kb-articles/search', () => s.admin],
  ] as const) {
    it(`${base}: operators and quotes are parsed safely, never a 500`, async () => {
      for (const q of inputs) {
        const res = await client().get(`${base}?q=${encodeURIComponent(q)}`);
        expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
      }
      if (base.includes('tickets')) expect(ids(await search(client(), base, 'lamp & !('))).toContain(lamp.id);
    });

    it(`${base}: 10,000 characters, a NUL, an empty or operator-only query and a bad cursor are 422`, async () => {
      for (const q of ['x'.repeat(10_000), 'lamp\u0000', '', '   ', ...wordless]) {
        const res = await client().get(`${base}?q=${encodeURIComponent(q)}`);
        expect(res.statusCode, `${q.slice(0, 20)}: ${res.body}`).toBe(422);
        expectError(res, 422, 'validation_failed', 'querystring.q');
      }
      expect((await client().get(base)).statusCode).toBe(422);
      for (const cursor of ['nope', Buffer.from('["x","y"]').toString('base64url')]) {
        const res = await client().get(`${base}?q=lamp&cursor=${cursor}`);
        expect(res.statusCode, res.body).toBe(422);
      }
    });
  }
});
