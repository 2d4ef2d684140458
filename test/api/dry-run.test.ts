// ?dryRun=true on the staff endpoints that save a change to the permission configuration
// (issue 5). For every kind of change, on the small fixed world of test/support/access-scenario.ts:
// 1. the dry run answers what POST /api/staff/access/preview answers for the same change;
// 2. it saves nothing (every table a change could touch, and the audit log, are as they were);
// 3. its numbers are the real difference, measured through the portal (each contact's ticket
//    list) before and after the same save without dryRun;
// 4. it is refused as the save is (401, 403 for agents, 404, 409, 422), and a bad dryRun is 422.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessChange } from '../../src/modules/access/preview/change.ts';
import type { Rule } from '../../src/authz/rules.ts';
import { fingerprint } from '../support/access-changes.ts';
import { buildScenario, type Scenario } from '../support/access-scenario.ts';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/database.ts';
import { createStaffUser, privilegeGroupId, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  admin = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'admin' })).email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'agent' })).email, TEST_PASSWORD);
});
afterAll(async () => t?.close());

/**
 * A new scenario. The contacts of earlier ones are disabled first: they see nothing before and
 * after, so a change that reaches every contact (a module restricted) only shows in this one's.
 */
async function freshScenario(): Promise<Scenario> {
  await db().updateTable('contacts').set({ disabled: true }).execute();
  return buildScenario(db());
}

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Save = { method: Method; url: string; body?: Record<string, unknown> };

const send = (client: TestClient, save: Save, query = '') =>
  client.request(
    save.method,
    `${save.url}${query}`,
    save.body ?? (save.method === 'DELETE' ? undefined : {}),
  );

const TEACHERS: Rule = {
  operator: 'all',
  conditions: [{ field: 'title', op: 'contains', value: 'teacher' }],
};
const unique = () => crypto.randomUUID().slice(0, 8);

type Case = { save: (s: Scenario) => Save; status: number; change: (s: Scenario) => AccessChange };

/** One save per AccessChange kind, each changing what someone in the scenario sees. */
const CASES: Record<AccessChange['kind'], Case> = {
  add_grant: {
    save: (s) => ({
      method: 'POST',
      url: '/api/staff/access-grants',
      body: { contactId: s.h3, userGroupId: s.orgGroup, level: 'read' },
    }),
    status: 201,
    change: (s) => ({ kind: 'add_grant', contactId: s.h3, userGroupId: s.orgGroup, level: 'read' }),
  },
  update_grant: {
    save: (s) => ({
      method: 'PATCH',
      url: `/api/staff/access-grants/${s.h1Grant}`,
      body: { level: 'write' },
    }),
    status: 200,
    change: (s) => ({ kind: 'update_grant', grantId: s.h1Grant, level: 'write' }),
  },
  update_contact_fields: {
    // Department and a custom attribute in one save: one change, M3 joins the rule group H2 holds.
    save: (s) => ({
      method: 'PATCH',
      url: `/api/staff/contacts/${s.m3}`,
      body: { department: 'accounting', attributes: { site: 'north' } },
    }),
    status: 200,
    change: (s) => ({
      kind: 'update_contact_fields',
      contactId: s.m3,
      department: 'accounting',
      attributes: { site: 'north' },
    }),
  },
  remove_grant: {
    save: (s) => ({ method: 'DELETE', url: `/api/staff/access-grants/${s.h1Grant}` }),
    status: 204,
    change: (s) => ({ kind: 'remove_grant', grantId: s.h1Grant }),
  },
  add_member: {
    save: (s) => ({ method: 'PUT', url: `/api/staff/user-groups/${s.explicitGroup}/contacts/${s.m3}` }),
    status: 204,
    change: (s) => ({ kind: 'add_member', userGroupId: s.explicitGroup, contactId: s.m3 }),
  },
  remove_member: {
    save: (s) => ({ method: 'DELETE', url: `/api/staff/user-groups/${s.explicitGroup}/contacts/${s.m2}` }),
    status: 204,
    change: (s) => ({ kind: 'remove_member', userGroupId: s.explicitGroup, contactId: s.m2 }),
  },
  set_rule: {
    // With a description too: it changes no access, the preview is the rule's.
    save: (s) => ({
      method: 'PATCH',
      url: `/api/staff/user-groups/${s.ruleGroup}`,
      body: { rule: TEACHERS, description: 'teachers now' },
    }),
    status: 200,
    change: (s) => ({ kind: 'set_rule', userGroupId: s.ruleGroup, rule: TEACHERS }),
  },
  add_group_organization: {
    save: (s) => ({
      method: 'PUT',
      url: `/api/staff/user-groups/${s.orgGroup}/organizations/${s.s2}`,
      body: { includeSubOrganizations: true },
    }),
    status: 204,
    change: (s) => ({
      kind: 'add_group_organization',
      userGroupId: s.orgGroup,
      organizationId: s.s2,
      includeSubOrganizations: true,
    }),
  },
  remove_group_organization: {
    save: (s) => ({ method: 'DELETE', url: `/api/staff/user-groups/${s.orgGroup}/organizations/${s.s1}` }),
    status: 204,
    change: (s) => ({ kind: 'remove_group_organization', userGroupId: s.orgGroup, organizationId: s.s1 }),
  },
  update_privilege_group: {
    save: (s) => ({
      method: 'PATCH',
      url: `/api/staff/privilege-groups/${s.memberPg}`,
      body: { ticketScope: 'organization', name: `Member ${unique()}` },
    }),
    status: 200,
    change: (s) => ({
      kind: 'update_privilege_group',
      privilegeGroupId: s.memberPg,
      ticketScope: 'organization',
    }),
  },
  set_module_groups: {
    save: (s) => ({
      method: 'PUT',
      url: '/api/staff/modules/tickets',
      body: { allowedGroupIds: [s.orgGroup] },
    }),
    status: 200,
    change: (s) => ({ kind: 'set_module_groups', module: 'tickets', allowedGroupIds: [s.orgGroup] }),
  },
  move_contact: {
    save: (s) => ({
      method: 'PATCH',
      url: `/api/staff/contacts/${s.m2}`,
      body: { organizationId: s.s1a, name: `M2 moved ${unique()}` },
    }),
    status: 200,
    change: (s) => ({ kind: 'move_contact', contactId: s.m2, organizationId: s.s1a }),
  },
  move_organization: {
    save: (s) => ({ method: 'PATCH', url: `/api/staff/organizations/${s.s1a}`, body: { parentId: s.s2 } }),
    status: 200,
    change: (s) => ({ kind: 'move_organization', organizationId: s.s1a, parentId: s.s2 }),
  },
  set_privilege_group: {
    save: (s) => ({
      method: 'PATCH',
      url: `/api/staff/contacts/${s.m2}`,
      body: { privilegeGroupId: s.full },
    }),
    status: 200,
    change: (s) => ({ kind: 'set_privilege_group', contactId: s.m2, privilegeGroupId: s.full }),
  },
};

/** Portal sessions of the scenario's contacts, signed in when first needed. */
class Portal {
  private sessions = new Map<string, TestClient>();
  constructor(private readonly s: Scenario) {}

  private async session(id: string, email: string): Promise<TestClient | undefined> {
    const known = this.sessions.get(id);
    if (known) return known;
    const client = new TestClient(t.app);
    const res = await client.post('/api/portal/session', { email, password: TEST_PASSWORD });
    if (res.statusCode !== 200) return undefined;
    this.sessions.set(id, client);
    return client;
  }

  /** The ids of the tickets each contact's portal lists (a contact that cannot use tickets: none). */
  async tickets(): Promise<Map<string, Set<string>>> {
    const s = this.s;
    const ids = [s.h1, s.h2, s.h3, s.t, s.m1, s.m2, s.m3];
    const rows = await db().selectFrom('contacts').select(['id', 'email']).where('id', 'in', ids).execute();
    const out = new Map<string, Set<string>>();
    for (const { id, email } of rows) {
      const client = await this.session(id, email);
      const res = client ? await client.get('/api/portal/tickets?limit=100') : undefined;
      if (!res || [401, 403, 404].includes(res.statusCode)) {
        out.set(id, new Set());
        continue;
      }
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().nextCursor).toBeNull();
      out.set(id, new Set((res.json().items as { id: string }[]).map((i) => i.id)));
    }
    return out;
  }
}

/** The ticket part of a preview, computed from two portal snapshots. */
function ticketDiff(before: Map<string, Set<string>>, after: Map<string, Set<string>>) {
  const side = (from: Map<string, Set<string>>, minus: Map<string, Set<string>>) => {
    let pairs = 0;
    let contacts = 0;
    const tickets = new Set<string>();
    for (const [contact, seen] of from) {
      const only = [...seen].filter((ticket) => !minus.get(contact)?.has(ticket));
      pairs += only.length;
      if (only.length) contacts += 1;
      for (const ticket of only) tickets.add(ticket);
    }
    return { contacts, side: { pairs, tickets: tickets.size } };
  };
  const gained = side(after, before);
  const lost = side(before, after);
  return {
    contactsGaining: gained.contacts,
    contactsLosing: lost.contacts,
    ticketsGained: gained.side,
    ticketsLost: lost.side,
  };
}

type Preview = {
  counted: { tickets: boolean; records: boolean };
  contactsGaining: number;
  contactsLosing: number;
  ticketsGained: { pairs: number; tickets: number };
  ticketsLost: { pairs: number; tickets: number };
  records: unknown;
};
const ticketPart = (p: Preview) => ({
  contactsGaining: p.contactsGaining,
  contactsLosing: p.contactsLosing,
  ticketsGained: p.ticketsGained,
  ticketsLost: p.ticketsLost,
});
const EMPTY = {
  affectedContacts: 0,
  counted: { tickets: false, records: false, capabilities: false },
  contactsGaining: 0,
  contactsLosing: 0,
  ticketsGained: { pairs: 0, tickets: 0 },
  ticketsLost: { pairs: 0, tickets: 0 },
  samples: { gaining: [], losing: [] },
  ticketsWritable: {
    contactsGaining: 0,
    contactsLosing: 0,
    gained: { pairs: 0, tickets: 0 },
    lost: { pairs: 0, tickets: 0 },
    samples: { gaining: [], losing: [] },
  },
  capabilities: { contactsGaining: 0, contactsLosing: 0, gained: [], lost: [] },
  records: null,
};

/** The request changes nothing: every table a change could touch, and the audit log, are as they were. */
async function unchanged(request: () => Promise<LightMyRequestResponse>) {
  const saved = await fingerprint(db());
  const res = await request();
  expect(await fingerprint(db()), res.body).toEqual(saved);
  return res;
}

describe(`dryRun = preview = the real difference (${testEngine})`, () => {
  it.each(Object.keys(CASES) as AccessChange['kind'][])('%s', async (kind) => {
    const { save, status, change } = CASES[kind];
    const s = await freshScenario();
    const portal = new Portal(s);
    const before = await portal.tickets();

    const dry = await unchanged(() => send(admin, save(s), '?dryRun=true'));
    expect(dry.statusCode, dry.body).toBe(200);
    const preview = await admin.post('/api/staff/access/preview', change(s));
    expect(preview.statusCode, preview.body).toBe(200);
    expect(dry.json()).toEqual(preview.json());

    const saved = await fingerprint(db());
    const real = await send(admin, save(s), '?dryRun=false');
    expect(real.statusCode, real.body).toBe(status);
    expect(await fingerprint(db())).not.toEqual(saved);
    const diff = ticketDiff(before, await portal.tickets());
    const { gained, lost } = dry.json().ticketsWritable;
    expect(
      diff.ticketsGained.pairs + diff.ticketsLost.pairs + gained.pairs + lost.pairs,
      'the save changes what someone sees or may write',
    ).toBeGreaterThan(0);
    expect(dry.json().counted.tickets).toBe(true);
    expect(ticketPart(dry.json())).toEqual(diff);
  });
});

describe('dryRun: a save of several fields', () => {
  it('previews the access-relevant field; only names and descriptions: a preview with nothing counted', async () => {
    const s = await freshScenario();
    const nameOnly: Save[] = [
      { method: 'PATCH', url: `/api/staff/user-groups/${s.ruleGroup}`, body: { name: `G ${unique()}` } },
      { method: 'PATCH', url: `/api/staff/privilege-groups/${s.memberPg}`, body: { description: 'x' } },
      { method: 'PATCH', url: `/api/staff/contacts/${s.m1}`, body: { name: 'Renamed', phone: '555' } },
      { method: 'PATCH', url: `/api/staff/organizations/${s.s1}`, body: { name: `O ${unique()}` } },
    ];
    for (const save of nameOnly) {
      const res = await unchanged(() => send(admin, save, '?dryRun=true'));
      expect(res.statusCode, `${save.url} ${res.body}`).toBe(200);
      expect(res.json(), save.url).toEqual(EMPTY);
    }
    // Values equal to the stored ones change nothing: the rule alone is previewed.
    const group = await admin.get(`/api/staff/user-groups/${s.explicitGroup}`);
    const withSameMembers: Save = {
      method: 'PATCH',
      url: `/api/staff/user-groups/${s.explicitGroup}`,
      body: { memberContactIds: [s.m2], always: false, name: group.json().name, rule: TEACHERS },
    };
    const res = await unchanged(() => send(admin, withSameMembers, '?dryRun=true'));
    expect(res.statusCode, res.body).toBe(200);
    const preview = await admin.post('/api/staff/access/preview', {
      kind: 'set_rule',
      userGroupId: s.explicitGroup,
      rule: TEACHERS,
    });
    expect(res.json()).toEqual(preview.json());
    expect(ticketPart(res.json()).ticketsGained.pairs).toBeGreaterThan(0);
  });

  it('refuses (422 naming the field) a save whose access change one preview cannot express', async () => {
    const s = await freshScenario();
    const cases: Array<[Save, string]> = [
      [
        {
          method: 'PATCH',
          url: `/api/staff/user-groups/${s.explicitGroup}`,
          body: { memberContactIds: [s.m3], rule: TEACHERS },
        },
        'body.memberContactIds',
      ],
      [
        { method: 'PATCH', url: `/api/staff/user-groups/${s.orgGroup}`, body: { always: true } },
        'body.always',
      ],
      [
        {
          method: 'PATCH',
          url: `/api/staff/user-groups/${s.orgGroup}`,
          body: { memberOrganizations: [{ organizationId: s.s1, includeSubOrganizations: false }] },
        },
        'body.memberOrganizations',
      ],
      [
        {
          method: 'PATCH',
          url: `/api/staff/contacts/${s.m2}`,
          body: { organizationId: s.s1a, privilegeGroupId: s.full },
        },
        'body.privilegeGroupId',
      ],
      // A rule field (or the disabled flag) is one change; with a move it is two.
      [
        {
          method: 'PATCH',
          url: `/api/staff/contacts/${s.m2}`,
          body: { organizationId: s.s1a, department: 'accounting', disabled: true },
        },
        'body.department',
      ],
    ];
    for (const [save, path] of cases) {
      const res = await unchanged(() => send(admin, save, '?dryRun=true'));
      expect(res.statusCode, `${JSON.stringify(save.body)} ${res.body}`).toBe(422);
      expect(res.json().error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    }
    // Without dryRun the same saves are fine (two of them saved for real here).
    expect((await send(admin, cases[0]![0])).statusCode).toBe(200);
    expect((await send(admin, cases[3]![0])).statusCode).toBe(200);
  });
});

describe('dryRun: refused as the save is', () => {
  /** Each endpoint with a request the save refuses, and the status it refuses it with. */
  const refusals = (s: Scenario, system: string): Array<[Save, number]> => {
    const none = crypto.randomUUID();
    return [
      [
        {
          method: 'POST',
          url: '/api/staff/access-grants',
          body: { contactId: none, userGroupId: s.orgGroup, level: 'read' },
        },
        422,
      ],
      [{ method: 'DELETE', url: `/api/staff/access-grants/${none}` }, 404],
      [{ method: 'PUT', url: `/api/staff/user-groups/${s.orgGroup}/contacts/${none}` }, 404],
      [{ method: 'DELETE', url: `/api/staff/user-groups/${none}/contacts/${s.m1}` }, 404],
      [{ method: 'PUT', url: `/api/staff/user-groups/${s.orgGroup}/organizations/${none}`, body: {} }, 404],
      [{ method: 'DELETE', url: `/api/staff/user-groups/${s.orgGroup}/organizations/${none}` }, 404],
      [{ method: 'PATCH', url: `/api/staff/user-groups/${none}`, body: { rule: TEACHERS } }, 404],
      [{ method: 'PATCH', url: `/api/staff/privilege-groups/${system}`, body: { scopeLevel: 'read' } }, 409],
      [{ method: 'PUT', url: '/api/staff/modules/tickets', body: { allowedGroupIds: [none] } }, 422],
      [{ method: 'PUT', url: '/api/staff/modules/nothing', body: { allowedGroupIds: [] } }, 404],
      [{ method: 'PATCH', url: `/api/staff/contacts/${s.m1}`, body: { organizationId: none } }, 422],
      [{ method: 'PATCH', url: `/api/staff/contacts/${none}`, body: { organizationId: s.s1 } }, 404],
      [{ method: 'PATCH', url: `/api/staff/organizations/${s.s1}`, body: { parentId: s.s1a } }, 422],
      [{ method: 'PATCH', url: `/api/staff/organizations/${none}`, body: { parentId: null } }, 404],
    ];
  };

  it('404, 409 and 422 from the save, with the same body; nothing changes', async () => {
    const s = await freshScenario();
    for (const [save, status] of refusals(s, await privilegeGroupId(db(), 'full'))) {
      const where = `${save.method} ${save.url}`;
      const dry = await unchanged(() => send(admin, save, '?dryRun=true'));
      const real = await unchanged(() => send(admin, save));
      expect(dry.statusCode, `${where} ${dry.body}`).toBe(status);
      expect(dry.json(), where).toEqual(real.json());
    }
    // A duplicate name is the save's 409 even though the preview would only look at the rule.
    const other = await admin.get(`/api/staff/user-groups/${s.orgGroup}`);
    const taken: Save = {
      method: 'PATCH',
      url: `/api/staff/user-groups/${s.ruleGroup}`,
      body: { name: other.json().name, rule: TEACHERS },
    };
    const dry = await unchanged(() => send(admin, taken, '?dryRun=true'));
    expect(dry.statusCode, dry.body).toBe(409);
    expect(dry.json()).toEqual((await unchanged(() => send(admin, taken))).json());
  });

  it('401 without a session, 403 for agents on permission configuration; agents may dry-run contact and organization saves', async () => {
    const s = await freshScenario();
    const anonymous = new TestClient(t.app);
    for (const kind of Object.keys(CASES) as AccessChange['kind'][]) {
      const save = CASES[kind].save(s);
      const where = `${save.method} ${save.url}`;
      expect((await unchanged(() => send(anonymous, save, '?dryRun=true'))).statusCode, where).toBe(401);
      const asAgent = await unchanged(() => send(agent, save, '?dryRun=true'));
      const staffRoute = /\/api\/staff\/(contacts|organizations)\//.test(save.url);
      if (!staffRoute) {
        expect(asAgent.statusCode, where).toBe(403);
        expect(asAgent.json()).toEqual((await unchanged(() => send(agent, save))).json());
        continue;
      }
      expect(asAgent.statusCode, `${where} ${asAgent.body}`).toBe(200);
      expect(asAgent.json(), where).toEqual((await send(admin, save, '?dryRun=true')).json());
    }
  });

  it('a dryRun other than true or false, or an unknown query field, is 422 and changes nothing', async () => {
    const s = await freshScenario();
    for (const kind of Object.keys(CASES) as AccessChange['kind'][]) {
      const save = CASES[kind].save(s);
      for (const query of ['?dryRun=yes', '?dryRun=1', '?dryRun=TRUE', '?dryRun=', '?dry=true']) {
        const res = await unchanged(() => send(admin, save, query));
        const where = `${save.method} ${save.url}${query}`;
        expect(res.statusCode, `${where} ${res.body}`).toBe(422);
        expect(res.json().error.code).toBe('validation_failed');
        const path = query.startsWith('?dry=') ? 'querystring.dry' : 'querystring.dryRun';
        expect(
          res.json().error.issues.map((i: { path: string }) => i.path),
          where,
        ).toContain(path);
      }
    }
  });
});

describe('dryRun in the OpenAPI document', () => {
  it('every such save documents the dryRun query field and the preview as a 200 answer', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<string, { parameters?: { in: string; name: string }[]; responses: object }>
      >;
    };
    const s = await freshScenario();
    for (const kind of Object.keys(CASES) as AccessChange['kind'][]) {
      const save = CASES[kind].save(s);
      // Back from an id-filled URL to the documented path.
      const path = Object.keys(doc.paths).find(
        (p) =>
          new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(save.url) &&
          doc.paths[p]![save.method.toLowerCase()] !== undefined,
      );
      expect(path, save.url).toBeDefined();
      const operation = doc.paths[path!]![save.method.toLowerCase()]!;
      expect(operation.parameters, `${save.method} ${path}`).toContainEqual(
        expect.objectContaining({ in: 'query', name: 'dryRun' }),
      );
      const ok = JSON.stringify((operation.responses as Record<string, unknown>)['200']);
      expect(ok, `${save.method} ${path}`).toContain('ticketsGained');
    }
  });
});
