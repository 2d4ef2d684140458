// Persona tables (GitLab style: persona × action → expected answer) for the scenarios of the seed
// documents, built through the staff API and checked through the portal API. Each table is written
// out by hand; a first test checks that the reference model gives the same answers, so the tables,
// the model and the implementation are three independent readings of permission-model.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { directWrites, listAll, WorldBuilder } from '../support/world.ts';
import {
  MODULES,
  NO_ABILITIES,
  PRIVILEGES,
  SYSTEM_PRIVILEGES,
  type Contact,
  type Organization,
  type Ticket,
  type UserGroup,
} from '../model/reference-model.ts';

const DAY = 86_400_000;

let t: TestApp;
let b: WorldBuilder;
const people: Record<string, Contact> = {};
const tickets: Record<string, Ticket> = {};
const groups: Record<string, UserGroup> = {};
const orgs: Record<string, Organization> = {};
const clients = new Map<string, TestClient>();

async function as(persona: string): Promise<TestClient> {
  let client = clients.get(persona);
  if (!client) {
    client = await b.signIn(people[persona]!);
    clients.set(persona, client);
  }
  return client;
}

beforeAll(async () => {
  t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '100000' });
  b = await WorldBuilder.start(t, { passwords: 'api' });
  const limited = await b.systemGroup('limited');
  const partial = await b.systemGroup('partial');
  const full = await b.systemGroup('full');
  const noAccess = await b.systemGroup('no_portal_access');
  const districtTree = await b.privilegeGroup({
    name: 'District office',
    privileges: SYSTEM_PRIVILEGES.limited,
    ticketScope: 'organization_tree',
    scopeLevel: 'write',
  });
  const kbOnly = await b.privilegeGroup({
    name: 'Knowledge base only',
    privileges: ['portal.login', 'kb.view', 'account.change_password'],
    ticketScope: 'organization',
    scopeLevel: 'write',
  });
  const orgReadOnly = await b.privilegeGroup({
    name: 'Organization read-only',
    privileges: [...SYSTEM_PRIVILEGES.limited, 'tickets.close', 'tickets.edit_description'],
    ticketScope: 'organization',
    scopeLevel: 'read',
  });

  // Web+Center's school district.
  orgs.district = await b.organization('Shoe String School District');
  orgs.almond = await b.organization('Almond School', orgs.district);
  orgs.birch = await b.organization('Birch School', orgs.district);
  orgs.annex = await b.organization('Almond Annex', orgs.almond);
  orgs.acme = await b.organization('Acme Industrial');

  const person = async (key: string, organization: Organization, privilegeGroup = limited, more = {}) => {
    people[key] = await b.contact({ name: key, organization, privilegeGroup, ...more });
  };
  await person('teacher', orgs.almond);
  await person('colleague', orgs.almond);
  await person('almondSuper', orgs.almond);
  await person('manager', orgs.almond);
  await person('expiredSuper', orgs.almond);
  await person('mixedSuper', orgs.district);
  await person('readerPlusGrant', orgs.almond, orgReadOnly);
  await person('orgReader', orgs.almond, orgReadOnly);
  await person('birchTeacher', orgs.birch);
  await person('annexTeacher', orgs.annex);
  await person('districtSuper', orgs.district);
  await person('districtOffice', orgs.district, districtTree);
  await person('noAccess', orgs.almond, noAccess);
  await person('partialUser', orgs.almond, partial);
  await person('fullUser', orgs.almond, full);
  await person('disabledFull', orgs.almond, full, { disabled: true });
  await person('kbReader', orgs.almond, kbOnly);
  // MYC / vTiger: accounting and technical people of one customer, told apart by department.
  await person('accountant', orgs.acme, full, { department: 'Accounting' });
  await person('technician', orgs.acme, full, { department: 'Technical' });

  groups.almondStaff = await b.userGroup({
    name: 'Almond School Staff',
    organizations: [{ organization: orgs.almond, includeSubOrganizations: false }],
  });
  // Overlapping categories: every district employee, and the school ones are in their school's too.
  groups.district = await b.userGroup({
    name: 'Shoe String School District',
    organizations: [{ organization: orgs.district, includeSubOrganizations: true }],
  });
  groups.accounting = await b.userGroup({
    name: 'accounting',
    rule: { operator: 'all', conditions: [{ field: 'department', op: 'equals', value: 'accounting' }] },
  });
  groups.technical = await b.userGroup({
    name: 'technical',
    rule: { operator: 'any', conditions: [{ field: 'department', op: 'equals', value: 'TECHNICAL' }] },
  });

  await b.grant(people.almondSuper!, groups.almondStaff, 'write');
  await b.grant(people.manager!, groups.almondStaff, 'read');
  await b.grant(people.expiredSuper!, groups.almondStaff, 'write', new Date(Date.now() - DAY));
  await b.grant(people.districtSuper!, groups.district, 'write', new Date(Date.now() + 30 * DAY));
  await b.grant(people.mixedSuper!, groups.district, 'read');
  await b.grant(people.mixedSuper!, groups.almondStaff, 'write');
  await b.grant(people.readerPlusGrant!, groups.almondStaff, 'write');

  for (const m of ['invoices', 'quotes', 'payments'] as const) await b.restrictModule(m, [groups.accounting]);

  const ticket = async (key: string, requester: string, options = {}) => {
    tickets[key] = await b.ticket(people[requester]!, { subject: key, ...options });
  };
  await ticket('teacher', 'teacher');
  await ticket('teacherClosed', 'teacher', { status: 'closed' });
  await ticket('teacherPrivate', 'teacher', { private: true });
  await ticket('colleague', 'colleague', { status: 'pending' });
  await ticket('full', 'fullUser');
  await ticket('fullPrivate', 'fullUser', { private: true });
  await ticket('kbReader', 'kbReader');
  await ticket('partial', 'partialUser');
  await ticket('birch', 'birchTeacher');
  await ticket('annex', 'annexTeacher');
  await ticket('district', 'districtSuper');
  await ticket('acmeTech', 'technician');
  await ticket('acmeAccounting', 'accountant');
});

afterAll(async () => {
  if (directWrites.size)
    console.info('permission-personas: rows written directly:', Object.fromEntries(directWrites));
  await t?.close();
});

// ---------------------------------------------------------------------------------------------
// persona × ticket → [GET /api/portal/tickets/{id}, POST …/comments]

type Row = [persona: string, ticket: string, read: 200 | 404, reply: 201 | 403 | 404];
const ticketTable: Row[] = [
  // Limited: only its own tickets, private or not.
  ['teacher', 'teacher', 200, 201],
  ['teacher', 'teacherClosed', 200, 201],
  ['teacher', 'teacherPrivate', 200, 201],
  ['teacher', 'colleague', 404, 404],
  ['colleague', 'teacher', 404, 404],
  // The Almond School super customer: a write grant on "Almond School Staff".
  ['almondSuper', 'colleague', 200, 201],
  ['almondSuper', 'teacherClosed', 200, 201],
  ['almondSuper', 'full', 200, 201],
  ['almondSuper', 'teacherPrivate', 404, 404],
  ['almondSuper', 'annex', 404, 404], // the group has Almond without its sub-organizations
  ['almondSuper', 'birch', 404, 404],
  ['almondSuper', 'district', 404, 404],
  // The read-only manager: sees, may not reply.
  ['manager', 'colleague', 200, 403],
  ['manager', 'teacher', 200, 403],
  ['manager', 'teacherPrivate', 404, 404],
  ['manager', 'birch', 404, 404],
  // An expired grant has no effect.
  ['expiredSuper', 'colleague', 404, 404],
  ['expiredSuper', 'teacher', 404, 404],
  // The district super-super customer through the district category (with sub-organizations).
  ['districtSuper', 'birch', 200, 201],
  ['districtSuper', 'annex', 200, 201],
  ['districtSuper', 'colleague', 200, 201],
  ['districtSuper', 'teacherPrivate', 404, 404],
  ['districtSuper', 'acmeTech', 404, 404],
  // … and alternatively through a privilege group whose ticket scope is the organization tree.
  ['districtOffice', 'birch', 200, 201],
  ['districtOffice', 'annex', 200, 201],
  ['districtOffice', 'district', 200, 201],
  ['districtOffice', 'teacherPrivate', 404, 404],
  ['districtOffice', 'acmeTech', 404, 404],
  // Overlapping grants: the strongest path wins.
  ['mixedSuper', 'colleague', 200, 201], // read on the district, write on Almond
  ['mixedSuper', 'birch', 200, 403], // read only
  ['readerPlusGrant', 'colleague', 200, 201], // scope read, grant write
  ['orgReader', 'colleague', 200, 403], // scope read only
  ['orgReader', 'annex', 404, 404], // organization, not the tree
  // System privilege groups.
  ['partialUser', 'partial', 200, 201],
  ['partialUser', 'colleague', 404, 404],
  ['fullUser', 'colleague', 200, 201],
  ['fullUser', 'teacherClosed', 200, 201],
  ['fullUser', 'teacherPrivate', 404, 404],
  ['fullUser', 'annex', 404, 404],
  ['fullUser', 'fullPrivate', 200, 201],
  ['teacher', 'fullPrivate', 404, 404],
  ['almondSuper', 'fullPrivate', 404, 404],
  // Without tickets.view the tickets module is closed: even its own ticket does not exist for it.
  ['kbReader', 'kbReader', 404, 404],
  ['kbReader', 'colleague', 404, 404],
  ['fullUser', 'birch', 404, 404],
  // vTiger: both departments use tickets; Full sees its whole organization.
  ['technician', 'acmeAccounting', 200, 201],
  ['accountant', 'acmeTech', 200, 201],
  ['technician', 'teacher', 404, 404],
];

// persona × view × status → tickets (or the refusal)
type ListRow = [persona: string, view: string, status: string, expected: string[] | 422];
const listTable: ListRow[] = [
  ['teacher', 'mine', 'all', ['teacher', 'teacherClosed', 'teacherPrivate']],
  ['teacher', 'mine', 'open', ['teacher', 'teacherPrivate']],
  ['teacher', 'mine', 'closed', ['teacherClosed']],
  ['teacher', 'all', 'all', ['teacher', 'teacherClosed', 'teacherPrivate']],
  ['teacher', 'groups', 'all', 422],
  ['teacher', 'organization', 'all', 422],
  // "Show All Open Group Cases" / "Show All Group Cases" / "Show All Closed Group Cases"
  ['almondSuper', 'groups', 'open', ['teacher', 'colleague', 'full', 'partial', 'kbReader']],
  ['almondSuper', 'groups', 'all', ['teacher', 'teacherClosed', 'colleague', 'full', 'partial', 'kbReader']],
  ['almondSuper', 'groups', 'closed', ['teacherClosed']],
  ['almondSuper', 'mine', 'all', []],
  ['almondSuper', 'organization', 'all', 422],
  ['manager', 'groups', 'all', ['teacher', 'teacherClosed', 'colleague', 'full', 'partial', 'kbReader']],
  ['expiredSuper', 'groups', 'all', 422],
  ['expiredSuper', 'all', 'all', []],
  [
    'districtSuper',
    'groups',
    'all',
    ['teacher', 'teacherClosed', 'colleague', 'full', 'partial', 'kbReader', 'birch', 'annex', 'district'],
  ],
  ['districtSuper', 'mine', 'all', ['district']],
  [
    'districtOffice',
    'organization',
    'all',
    ['teacher', 'teacherClosed', 'colleague', 'full', 'partial', 'kbReader', 'birch', 'annex', 'district'],
  ],
  ['districtOffice', 'groups', 'all', 422],
  // The organization view holds the contact's own private tickets of the organization too.
  [
    'fullUser',
    'organization',
    'all',
    ['teacher', 'teacherClosed', 'colleague', 'full', 'fullPrivate', 'partial', 'kbReader'],
  ],
  ['fullUser', 'organization', 'closed', ['teacherClosed']],
  ['fullUser', 'mine', 'all', ['full', 'fullPrivate']],
  ['technician', 'organization', 'all', ['acmeTech', 'acmeAccounting']],
];

// Without tickets.view the module does not exist for the contact (§5): no views, lists answer 404.
const noModuleLists: [persona: string, view: string][] = [
  ['kbReader', 'all'],
  ['kbReader', 'mine'],
  ['kbReader', 'organization'],
];

describe('the tables agree with the reference model', () => {
  it.each(ticketTable)('%s × %s', (persona, ticket, read, reply) => {
    const m = b.model;
    const [c, tk] = [people[persona]!.id, tickets[ticket]!.id];
    expect([m.readStatus(c, tk), m.replyStatus(c, tk)], m.explain(c, tk)).toEqual([read, reply]);
  });
  it.each(listTable)('%s lists %s/%s', (persona, view, status, expected) => {
    const ids = b.model.visibleTicketIds(people[persona]!.id, view as 'all', status as 'all');
    const names = ids ? Object.keys(tickets).filter((k) => ids.has(tickets[k]!.id)) : 422;
    expect(names === 422 ? 422 : [...names].sort()).toEqual(expected === 422 ? 422 : [...expected].sort());
  });
});

describe('sign-in, modules and views per persona', () => {
  const personas = () => Object.keys(people);

  it('system privilege groups hold the privileges permission-model §2 describes', async () => {
    for (const key of ['no_portal_access', 'limited', 'partial', 'full'] as const) {
      const group = await b.systemGroup(key);
      expect([...group.privileges].sort(), key).toEqual([...SYSTEM_PRIVILEGES[key]].sort());
    }
    expect([...(await b.systemGroup('full')).privileges].sort()).toEqual([...PRIVILEGES].sort());
  });

  it('No portal access and disabled contacts cannot sign in (403 portal_access_off); the others can', async () => {
    const answers: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const p of personas()) {
      answers[p] = (await b.trySignIn(people[p]!)).status;
      expected[p] = b.model.canSignIn(people[p]!.id) ? 200 : 403;
    }
    expect(expected.noAccess).toBe(403);
    expect(expected.disabledFull).toBe(403);
    expect(answers).toEqual(expected);
  });

  it('GET /api/portal/me lists the modules and views of the model', async () => {
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const p of personas()) {
      const id = people[p]!.id;
      if (!b.model.canSignIn(id)) continue;
      const me = (await (await as(p)).get('/api/portal/me')).json();
      seen[p] = { modules: me.modules, views: me.views };
      expected[p] = { modules: b.model.modules(id), views: b.model.views(id) };
    }
    expect(seen).toEqual(expected);
  });

  it('vTiger: accounting uses invoices, quotes and payments; technical only what is not restricted', async () => {
    const accountant = (await (await as('accountant')).get('/api/portal/me')).json();
    const technician = (await (await as('technician')).get('/api/portal/me')).json();
    expect(accountant.modules).toEqual([...MODULES]);
    expect(technician.modules).toContain('tickets');
    expect(technician.modules).not.toContain('invoices');
    expect(technician.modules).not.toContain('quotes');
    expect(technician.modules).not.toContain('payments');
  });

  it('vTiger: a module the contact may not use answers as if its records did not exist', async () => {
    const probe = await (await as('technician')).get('/api/portal/invoices');
    if (probe.statusCode === 404 && probe.body.includes('No such endpoint')) return; // not written yet
    expect(probe.statusCode).toBe(404);
    expect((await (await as('accountant')).get('/api/portal/invoices')).statusCode).toBe(200);
  });
});

describe('persona × view × status → list', () => {
  it.each(listTable)('%s: view=%s status=%s', async (persona, view, status, expected) => {
    const listed = await listAll(await as(persona), view, status);
    if (expected === 422) {
      expect(listed.status).toBe(422);
      return;
    }
    expect(listed.status).toBe(200);
    const names = Object.keys(tickets).filter((k) => listed.ids.includes(tickets[k]!.id));
    expect(names.sort()).toEqual([...expected].sort());
    expect(listed.ids.length).toBe(expected.length); // nothing from outside the world either
  });
});

describe('a contact without the tickets module', () => {
  it('has no tickets module and no views in /me', async () => {
    const me = (await (await as('kbReader')).get('/api/portal/me')).json();
    expect({ modules: me.modules, views: me.views }).toEqual({ modules: ['kb'], views: [] });
  });
  it.each(noModuleLists)('%s: view=%s answers 404', async (persona, view) => {
    expect((await listAll(await as(persona), view, 'all')).status).toBe(404);
  });
});

describe('priority is a field only with tickets.priority.view', () => {
  it.each([
    ['partialUser', 'partial', true],
    ['teacher', 'teacher', false],
    ['fullUser', 'colleague', true],
    ['almondSuper', 'colleague', false],
  ] as const)('%s reading %s: priority shown %s', async (persona, ticket, shown) => {
    const client = await as(persona);
    const detail = (await client.get(`/api/portal/tickets/${tickets[ticket]!.id}`)).json();
    expect('priority' in detail).toBe(shown);
    const listed = await listAll(client, 'all', 'all');
    const item = listed.items.find((i) => i.id === tickets[ticket]!.id);
    expect(item).toBeDefined();
    expect('priority' in item!).toBe(shown);
  });
});

describe('persona × ticket → read and abilities', () => {
  it.each(ticketTable)('%s reads %s', async (persona, ticket, read) => {
    const res = await (await as(persona)).get(`/api/portal/tickets/${tickets[ticket]!.id}`);
    expect(res.statusCode).toBe(read);
    if (read === 200)
      expect(res.json().abilities).toEqual(b.model.abilities(people[persona]!.id, tickets[ticket]!.id));
  });

  it('the read-only manager has every ability false on a colleague ticket', async () => {
    const res = await (await as('manager')).get(`/api/portal/tickets/${tickets.colleague!.id}`);
    expect(res.json().abilities).toEqual(NO_ABILITIES);
  });

  it('Full on an open colleague ticket: everything but reopen and setPrivate', async () => {
    const res = await (await as('fullUser')).get(`/api/portal/tickets/${tickets.colleague!.id}`);
    expect(res.json().abilities).toEqual({
      reply: true,
      editDescription: true,
      close: true,
      reopen: false,
      changePriority: true,
      setAsset: true,
      upload: true,
      setPrivate: false,
    });
  });

  it('a read scope does not unlock the privileges it holds (orgReader holds tickets.close)', async () => {
    const res = await (await as('orgReader')).get(`/api/portal/tickets/${tickets.colleague!.id}`);
    expect(res.json().abilities).toEqual(NO_ABILITIES);
    const edit = await (
      await as('orgReader')
    ).patch(`/api/portal/tickets/${tickets.colleague!.id}`, {
      description: 'changed by a reader',
    });
    expect(edit.statusCode).toBe(403);
  });
});

describe('persona × ticket → reply', () => {
  it.each(ticketTable)('%s replies to %s', async (persona, ticket, _read, reply) => {
    const res = await (
      await as(persona)
    ).post(`/api/portal/tickets/${tickets[ticket]!.id}/comments`, {
      body: `reply from ${persona}`,
    });
    expect(res.statusCode).toBe(reply);
  });

  it('a refused reply leaves no comment behind', async () => {
    const db = t.testDb.database.db;
    const refused = await db
      .selectFrom('ticket_comments')
      .select('body')
      .where('body', 'in', ['reply from manager', 'reply from expiredSuper', 'reply from teacher'])
      .where('ticket_id', 'in', [tickets.colleague!.id, tickets.teacher!.id])
      .execute();
    // Only the teacher's reply to its own ticket may exist.
    expect(refused.map((r) => r.body)).toEqual(['reply from teacher']);
  });
});
