import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandNextBatch } from '../../src/mail/group-mail.ts';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, expectUnchanged, tableRows } from '../support/expect.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
let anon: TestClient;
const db = () => t.testDb.database.db;
const BASE = '/api/staff/user-groups';

beforeAll(async () => {
  t = await startTestApp();
  admin = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'admin' })).email, TEST_PASSWORD);
  agent = await signedInStaff(t.app, (await createStaffUser(db(), { role: 'agent' })).email, TEST_PASSWORD);
  anon = new TestClient(t.app);
});
afterAll(async () => t.close());

const TABLES = ['user_groups', 'user_group_contacts', 'user_group_organizations', 'user_group_rule_members'];
const snapshot = () => tableRows(db(), [...TABLES, 'access_grants', 'module_allowed_groups', 'audit_log']);
const unchanged = (request: () => Promise<LightMyRequestResponse>) => expectUnchanged(snapshot, request);
/** The request is refused with this status, code (and issue path), and writes nothing, not even audit. */
async function refused(
  request: () => Promise<LightMyRequestResponse>,
  status: number,
  code: string,
  path?: string,
) {
  expectError(await unchanged(request), status, code, path);
}

const unique = () => randomUUID().slice(0, 8);
const createGroup = async (body: Record<string, unknown> = {}) => {
  const res = await admin.post(BASE, { name: `Group ${unique()}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
};
type Member = { contact: { id: string }; reasons: string[] };
const members = async (groupId: string) => {
  const res = await admin.get(`${BASE}/${groupId}/members?limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries((res.json().items as Member[]).map((m) => [m.contact.id, m.reasons]));
};
const ruleOf = (field: string, op: string, value?: string, operator = 'all') => ({
  operator,
  conditions: [{ field, op, value }],
});
const RULE = ruleOf('department', 'equals', 'Accounting');
/** Every item of a keyset-paginated list, following nextCursor. */
async function pageThrough<T>(url: string, pick: (item: never) => T): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | null = null;
  do {
    const res = await admin.get(`${url}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    seen.push(...(res.json().items as never[]).map(pick));
    cursor = res.json().nextCursor;
  } while (cursor);
  return seen;
}
const setContact = (id: string, values: { department?: string; attributes?: string }) =>
  db().updateTable('contacts').set(values).where('id', '=', id).execute();

describe('user groups: who may call', () => {
  const routes = (id: string, other: string) =>
    [
      ['GET', `${BASE}/${id}`],
      ['PATCH', `${BASE}/${id}`, { name: 'x' }],
      ['DELETE', `${BASE}/${id}`],
      ['GET', `${BASE}/${id}/members`],
      ['PUT', `${BASE}/${id}/contacts/${other}`, {}],
      ['DELETE', `${BASE}/${id}/contacts/${other}`],
      ['PUT', `${BASE}/${id}/organizations/${other}`, { includeSubOrganizations: true }],
      ['DELETE', `${BASE}/${id}/organizations/${other}`],
      ['POST', `${BASE}/${id}/email`, { subject: 'Hello', text: 'Hi' }],
      ['GET', `/api/staff/contacts/${id}/groups`],
    ] as const;

  it('answers 401 without a session and 403 to agents, changing nothing', async () => {
    const group = await createGroup();
    const contact = await createContact(db());
    const all = [
      ['GET', BASE],
      ['POST', BASE, { name: 'Nope' }],
      ['POST', `${BASE}/rule-preview`, { rule: RULE }],
      ...routes(group.id, contact.id),
    ] as const;
    for (const [method, url, body] of all) {
      await refused(() => anon.request(method, url, body), 401, 'unauthenticated');
      await refused(() => agent.request(method, url, body), 403, 'forbidden');
    }
    expect(await t.queuedMails()).toEqual([]);
  });

  it('answers 404 for unknown and malformed group, contact and organization ids', async () => {
    const group = await createGroup();
    const contact = await createContact(db());
    for (const id of [randomUUID(), 'not-a-uuid'])
      for (const [method, url, body] of [...routes(id, contact.id), ...routes(group.id, id).slice(4, 8)])
        await refused(() => admin.request(method, url, body), 404, 'not_found');
  });
});

describe('user groups: create, read, update, delete', () => {
  it('creates a group with members, organizations and a rule; lists it; replaces lists on update', async () => {
    const org = await createOrganization(db(), { name: 'Almond School' });
    const other = await createOrganization(db(), { name: 'Birch School' });
    const [a, b] = [await createContact(db()), await createContact(db())];
    const body = {
      name: `Staff ${unique()}`,
      description: 'Everyone at Almond',
      rule: RULE,
      memberContactIds: [a.id, b.id, a.id],
      memberOrganizations: [{ organizationId: org.id, includeSubOrganizations: true }],
    };
    const res = await admin.post(BASE, body);
    expect(res.statusCode, res.body).toBe(201);
    const group = res.json();
    expect(group).toMatchObject({
      name: body.name,
      description: body.description,
      always: false,
      rule: RULE,
      memberOrganizations: [{ organizationId: org.id, name: 'Almond School', includeSubOrganizations: true }],
      explicitMemberCount: 2,
    });
    expect((await admin.get(`${BASE}/${group.id}`)).json()).toEqual(group);
    const listed = await admin.get(`${BASE}?q=${encodeURIComponent(body.name.slice(0, 10))}`);
    expect(listed.json().items.map((g: { id: string }) => g.id)).toEqual([group.id]);

    const patched = await admin.patch(`${BASE}/${group.id}`, {
      memberContactIds: [b.id],
      memberOrganizations: [{ organizationId: other.id }],
      rule: null,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      rule: null,
      explicitMemberCount: 1,
      memberOrganizations: [{ organizationId: other.id, includeSubOrganizations: false }],
    });
    const [created, updated] = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', group.id)
      .orderBy('id')
      .execute();
    expect(created).toMatchObject({
      action: 'create',
      before: null,
      after: { memberContactIds: [a.id, b.id].sort() },
    });
    expect(updated).toMatchObject({
      action: 'update',
      before: { rule: RULE, explicitMemberCount: 2 },
      after: { rule: null, memberContactIds: [b.id] },
    });
  });

  it('pages through groups by name', async () => {
    const prefix = `Paged ${unique()}`;
    for (const n of ['c', 'A', 'b']) await createGroup({ name: `${prefix} ${n}` });
    const names = await pageThrough(
      `${BASE}?q=${encodeURIComponent(prefix)}`,
      (g: { name: string }) => g.name,
    );
    expect(names).toEqual([`${prefix} A`, `${prefix} b`, `${prefix} c`]);
  });

  it('refuses bad rules, unknown fields and unknown ids (422) and duplicate names (409)', async () => {
    const group = await createGroup();
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ colour: 'red' }, 'body.colour'],
      [{ rule: ruleOf('salary', 'equals', '1') }, 'body.rule.conditions.0.field'],
      [{ rule: ruleOf('email', 'like', '%') }, 'body.rule.conditions.0.op'],
      [{ rule: ruleOf('email', 'is_empty', undefined, 'most') }, 'body.rule.operator'],
      [{ rule: ruleOf('email', 'in', 'x') }, 'body.rule.conditions.0.value'],
      [{ memberContactIds: [(await createContact(db())).id, randomUUID()] }, 'body.memberContactIds.1'],
      [
        { memberOrganizations: [{ organizationId: randomUUID() }] },
        'body.memberOrganizations.0.organizationId',
      ],
    ];
    for (const [body, path] of bad) {
      await refused(
        () => admin.post(BASE, { name: `New ${unique()}`, ...body }),
        422,
        'validation_failed',
        path,
      );
      await refused(() => admin.patch(`${BASE}/${group.id}`, body), 422, 'validation_failed', path);
    }
    for (const [body, path] of bad.slice(1, 5))
      await refused(() => admin.post(`${BASE}/rule-preview`, body), 422, 'validation_failed', path);
    const other = await createGroup();
    await refused(() => admin.post(BASE, { name: other.name.toUpperCase() }), 409, 'conflict');
    await refused(() => admin.patch(`${BASE}/${group.id}`, { name: other.name }), 409, 'conflict');
  });
});

describe('membership', () => {
  it('explains members: explicit, organization with and without sub-organizations, rule, always', async () => {
    const district = await createOrganization(db(), { name: 'District' });
    const school = await createOrganization(db(), { name: 'School', parentId: district.id });
    const atDistrict = await createContact(db(), { organizationId: district.id });
    const atSchool = await createContact(db(), { organizationId: school.id, department: 'accounting' });
    const elsewhere = await createContact(db(), { department: 'ACCOUNTING' });
    const explicit = await createContact(db());
    const group = await createGroup({ rule: RULE, memberContactIds: [explicit.id, atDistrict.id] });
    await admin.put(`${BASE}/${group.id}/organizations/${district.id}`, { includeSubOrganizations: false });
    expect(await members(group.id)).toEqual({
      [atDistrict.id]: ['explicit', 'organization'],
      [atSchool.id]: ['rule'],
      [elsewhere.id]: ['rule'],
      [explicit.id]: ['explicit'],
    });
    const put = await admin.put(`${BASE}/${group.id}/organizations/${district.id}`, {
      includeSubOrganizations: true,
    });
    expect(put.statusCode).toBe(204);
    expect((await members(group.id))[atSchool.id]).toEqual(['organization', 'rule']);
    expect((await admin.get(`/api/staff/contacts/${atSchool.id}/groups`)).json().items).toEqual(
      expect.arrayContaining([
        { group: { id: group.id, name: group.name }, reasons: ['organization', 'rule'] },
      ]),
    );

    const always = await createGroup({ always: true });
    const page = await admin.get(`${BASE}/${always.id}/members?limit=2`);
    expect(page.json().items).toHaveLength(2);
    expect(page.json().items[0].reasons).toEqual(['always']);
    const everyone = await db().selectFrom('contacts').select('id').execute();
    expect(Object.keys(await members(always.id)).sort()).toEqual(everyone.map((c) => c.id).sort());
  });

  it('pages members by contact id without gaps', async () => {
    const org = await createOrganization(db());
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createContact(db(), { organizationId: org.id })).id);
    const group = await createGroup({ memberOrganizations: [{ organizationId: org.id }] });
    const seen = await pageThrough(`${BASE}/${group.id}/members?`, (m: Member) => m.contact.id);
    expect(seen).toEqual(ids.sort());
  });

  it("follows a contact's field change and an organization move at once", async () => {
    const group = await createGroup({ rule: ruleOf('attributes.campus', 'equals', 'north', 'any') });
    const contact = await createContact(db());
    expect(await members(group.id)).toEqual({});
    await setContact(contact.id, { attributes: JSON.stringify({ campus: 'North' }) });
    expect(await members(group.id)).toEqual({ [contact.id]: ['rule'] });
    await setContact(contact.id, { attributes: JSON.stringify({ campus: 'South' }) });
    expect(await members(group.id)).toEqual({});

    const district = await createOrganization(db());
    const school = await createOrganization(db());
    const teacher = await createContact(db(), { organizationId: school.id });
    const districtGroup = await createGroup({
      memberOrganizations: [{ organizationId: district.id, includeSubOrganizations: true }],
    });
    expect(await members(districtGroup.id)).toEqual({});
    const moved = await admin.patch(`/api/staff/organizations/${school.id}`, { parentId: district.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await members(districtGroup.id)).toEqual({ [teacher.id]: ['organization'] });
  });

  it('adds and removes explicit members and organizations idempotently, auditing only changes', async () => {
    const group = await createGroup();
    const contact = await createContact(db());
    const org = await createOrganization(db());
    const url = `${BASE}/${group.id}`;
    expect((await admin.put(`${url}/contacts/${contact.id}`, {})).statusCode).toBe(204);
    expect((await unchanged(() => admin.put(`${url}/contacts/${contact.id}`, {}))).statusCode).toBe(204);
    expect((await admin.get(url)).json().explicitMemberCount).toBe(1);
    expect((await admin.delete(`${url}/contacts/${contact.id}`)).statusCode).toBe(204);
    expect((await unchanged(() => admin.delete(`${url}/contacts/${contact.id}`))).statusCode).toBe(204);
    expect((await admin.put(`${url}/organizations/${org.id}`, {})).statusCode).toBe(204);
    await refused(() => admin.put(`${url}/organizations/${org.id}`, { sub: true }), 422, 'validation_failed');
    expect((await admin.get(url)).json().memberOrganizations).toMatchObject([
      { organizationId: org.id, includeSubOrganizations: false },
    ]);
    expect((await admin.delete(`${url}/organizations/${org.id}`)).statusCode).toBe(204);
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', group.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'create',
      'add_contact',
      'remove_contact',
      'set_organization',
      'remove_organization',
    ]);
  });
});

describe('rule preview and e-mail', () => {
  it('counts the contacts a rule matches, with a sample of at most ten', async () => {
    const title = `Principal ${unique()}`;
    for (let i = 0; i < 12; i++) await createContact(db(), { title });
    const rule = ruleOf('title', 'equals', title.toUpperCase());
    const res = await unchanged(() => admin.post(`${BASE}/rule-preview`, { rule }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().matchCount).toBe(12);
    expect(res.json().sample).toHaveLength(10);
    expect(Object.keys(res.json().sample[0]).sort()).toEqual(['email', 'id', 'name']);
  });

  it('e-mails every enabled member once', async () => {
    const org = await createOrganization(db());
    const on = await createContact(db(), { organizationId: org.id });
    await createContact(db(), { organizationId: org.id, disabled: true });
    const group = await createGroup({
      memberOrganizations: [{ organizationId: org.id }],
      memberContactIds: [on.id],
    });
    const email = (body: Record<string, unknown>) => () => admin.post(`${BASE}/${group.id}/email`, body);
    await refused(email({ subject: 'a\r\nBcc: x@y', text: 'x' }), 422, 'validation_failed', 'body.subject');
    await refused(email({ subject: 'Hi', text: 'x', cc: 'a@b' }), 422, 'validation_failed', 'body.cc');
    const before = (await t.queuedMails()).length;
    const res = await email({ subject: 'Maintenance', text: 'Tonight.' })();
    expect(res.statusCode, res.body).toBe(202);
    const { queued, batchId } = res.json();
    expect(queued).toBe(1);
    // Queued as one batch; the worker (not running here) makes the messages: do its step.
    expect((await t.queuedMails()).length).toBe(before);
    for (let more = true; more;) more = await expandNextBatch(db(), t.config.publicUrl);
    const mails = (await t.queuedMails()).slice(before);
    expect(mails).toEqual([
      expect.objectContaining({
        kind: 'group',
        to: on.email,
        subject: 'Maintenance',
        text: 'Tonight.',
        batchId,
      }),
    ]);
  });
});
