// Portal ticket writes: create, PATCH, and abilities that match what the write endpoints allow.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import type { TicketScope } from '../../src/db/schema.ts';
import { signedInContact, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';
import { multipartBody } from '../support/multipart.ts';
import { expectError, rowCounts } from '../support/expect.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
type Contact = Awaited<ReturnType<typeof createContact>>;

const ALL: Privilege[] = [
  'portal.login',
  'tickets.view',
  'tickets.create',
  'tickets.reply',
  'tickets.edit_description',
  'tickets.close',
  'tickets.priority.view',
  'tickets.priority.edit',
  'tickets.asset.view',
  'tickets.asset.edit',
  'attachments.view',
  'attachments.upload',
  'assets.view',
];

async function privilegeGroup(
  privileges: Privilege[],
  scope: TicketScope = 'own',
  level: 'read' | 'write' = 'read',
) {
  const row = await db()
    .insertInto('privilege_groups')
    .values({ name: `Group ${randomUUID()}`, privileges, ticket_scope: scope, scope_level: level })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function ticket(requester: Contact, values: { status?: 'open' | 'closed'; private?: boolean } = {}) {
  const row = await db()
    .insertInto('tickets')
    .values({
      subject: 'Broken projector',
      description: 'It flickers.',
      requester_id: requester.id,
      organization_id: requester.organization_id,
      status: values.status ?? 'open',
      closed_at: values.status === 'closed' ? new Date() : null,
      private: values.private ?? false,
      last_activity_at: new Date('2026-01-01T00:00:00Z'),
      updated_at: new Date('2026-01-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const asset = async (organizationId: string, contactId: string | null = null) =>
  (
    await db()
      .insertInto('assets')
      .values({ organization_id: organizationId, contact_id: contactId, name: `Asset ${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

const signIn = (c: { email: string }) => signedInContact(t.app, c.email, TEST_PASSWORD);

const TABLES = ['tickets', 'ticket_events', 'ticket_comments', 'attachments', 'files', 'audit_log'] as const;

/** Row counts and every ticket row: what a refused request must leave as it was. */
async function snapshot() {
  const rows = await db().selectFrom('tickets').selectAll().orderBy('id').execute();
  return { counts: await rowCounts(db(), TABLES), rows };
}

let A: string, A1: string, G: string, X: string;
let colleague: Contact, subColleague: Contact, grantee: Contact;
let grantGroup: string;

beforeAll(async () => {
  t = await startTestApp();
  A = (await createOrganization(db(), { name: 'Almond' })).id;
  A1 = (await createOrganization(db(), { name: 'Almond Annex', parentId: A })).id;
  G = (await createOrganization(db(), { name: 'Granted Co' })).id;
  X = (await createOrganization(db(), { name: 'Xylo' })).id;
  colleague = await createContact(db(), { organizationId: A });
  subColleague = await createContact(db(), { organizationId: A1 });
  grantee = await createContact(db(), { organizationId: G });
  grantGroup = (
    await db()
      .insertInto('user_groups')
      .values({ name: 'Granted staff' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db()
    .insertInto('user_group_organizations')
    .values({ user_group_id: grantGroup, organization_id: G, include_sub_organizations: true })
    .execute();
});
afterAll(async () => t.close());

type Abilities = {
  reply: boolean;
  editDescription: boolean;
  close: boolean;
  reopen: boolean;
  changePriority: boolean;
  setAsset: boolean;
  upload: boolean;
  setPrivate: boolean;
};
const none: Abilities = {
  reply: false,
  editDescription: false,
  close: false,
  reopen: false,
  changePriority: false,
  setAsset: false,
  upload: false,
  setPrivate: false,
};
const allBut = (setPrivate: boolean): Abilities => ({
  reply: true,
  editDescription: true,
  close: true,
  reopen: true,
  changePriority: true,
  setAsset: true,
  upload: true,
  setPrivate,
});

type Persona = {
  name: string;
  make: () => Promise<Contact>;
  /** The requester of the tickets the persona acts on (undefined: the persona itself). */
  requester?: () => Contact;
  writable: boolean;
  abilities: Abilities;
};

const PERSONAS: Persona[] = [
  {
    name: 'Limited, own ticket',
    make: () => createContact(db(), { organizationId: A, privilegeGroup: 'limited' }),
    writable: true,
    abilities: { ...none, reply: true, setPrivate: true },
  },
  {
    name: 'Partial, own ticket',
    make: () => createContact(db(), { organizationId: A, privilegeGroup: 'partial' }),
    writable: true,
    abilities: { ...none, reply: true, upload: true, setPrivate: true },
  },
  {
    name: 'every privilege, own ticket',
    make: async () => createContact(db(), { organizationId: X, privilegeGroupId: await privilegeGroup(ALL) }),
    writable: true,
    abilities: allBut(true),
  },
  {
    name: 'organization scope, read level',
    make: async () =>
      createContact(db(), { organizationId: A, privilegeGroupId: await privilegeGroup(ALL, 'organization') }),
    requester: () => colleague,
    writable: false,
    abilities: none,
  },
  {
    name: 'organization scope, write level (system Full)',
    make: () => createContact(db(), { organizationId: A, privilegeGroup: 'full' }),
    requester: () => colleague,
    writable: true,
    abilities: allBut(false),
  },
  {
    name: 'organization tree, write level, sub-organization ticket',
    make: async () =>
      createContact(db(), {
        organizationId: A,
        privilegeGroupId: await privilegeGroup(ALL, 'organization_tree', 'write'),
      }),
    requester: () => subColleague,
    writable: true,
    abilities: allBut(false),
  },
  {
    name: 'read grant',
    make: async () => {
      const c = await createContact(db(), { organizationId: X, privilegeGroupId: await privilegeGroup(ALL) });
      await db()
        .insertInto('access_grants')
        .values({ contact_id: c.id, user_group_id: grantGroup, level: 'read' })
        .execute();
      return c;
    },
    requester: () => grantee,
    writable: false,
    abilities: none,
  },
  {
    name: 'write grant beside a read grant on an always-group (the strongest path wins)',
    make: async () => {
      const c = await createContact(db(), { organizationId: X, privilegeGroupId: await privilegeGroup(ALL) });
      const always = await db()
        .insertInto('user_groups')
        .values({ name: `Everyone ${randomUUID()}`, always: true })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('access_grants')
        .values([
          { contact_id: c.id, user_group_id: always.id, level: 'read' },
          { contact_id: c.id, user_group_id: grantGroup, level: 'write' },
        ])
        .execute();
      return c;
    },
    requester: () => grantee,
    writable: true,
    abilities: allBut(false),
  },
];

type Action = (
  client: TestClient,
  ids: { open: string; closed: string },
  assetId: string,
) => Promise<LightMyRequestResponse>;
const patch = (client: TestClient, id: string, body: Record<string, unknown>) =>
  client.patch(`/api/portal/tickets/${id}`, body);

// Each ability and the write it stands for; `path` is the field a refused PATCH names.
const ACTIONS: Array<{ ability: keyof Abilities; path?: string; run: Action }> = [
  {
    ability: 'reply',
    run: (c, ids) => c.post(`/api/portal/tickets/${ids.open}/comments`, { body: 'Any news?' }),
  },
  {
    ability: 'editDescription',
    path: 'body.description',
    run: (c, ids) => patch(c, ids.open, { description: 'Now it smokes.' }),
  },
  {
    ability: 'changePriority',
    path: 'body.priority',
    run: (c, ids) => patch(c, ids.open, { priority: 'urgent' }),
  },
  { ability: 'setAsset', path: 'body.assetId', run: (c, ids, assetId) => patch(c, ids.open, { assetId }) },
  {
    ability: 'upload',
    run: (c, ids) => {
      const { payload, headers } = multipartBody(
        {},
        { name: 'file', filename: 'log.txt', data: Buffer.from('log\n') },
      );
      return c.request('POST', `/api/portal/tickets/${ids.open}/attachments`, payload, headers);
    },
  },
  { ability: 'setPrivate', path: 'body.private', run: (c, ids) => patch(c, ids.open, { private: true }) },
  { ability: 'close', path: 'body.status', run: (c, ids) => patch(c, ids.open, { status: 'closed' }) },
  { ability: 'reopen', path: 'body.status', run: (c, ids) => patch(c, ids.closed, { status: 'open' }) },
];

describe('abilities match the write endpoints', () => {
  for (const persona of PERSONAS) {
    it(persona.name, async () => {
      const contact = await persona.make();
      const requester = persona.requester?.() ?? contact;
      const ids = { open: await ticket(requester), closed: await ticket(requester, { status: 'closed' }) };
      const assetId = await asset(contact.organization_id, contact.id);
      const client = await signIn(contact);
      const open = (await client.get(`/api/portal/tickets/${ids.open}`)).json();
      const closed = (await client.get(`/api/portal/tickets/${ids.closed}`)).json();
      const claimed = { ...open.abilities, reopen: closed.abilities.reopen } as Abilities;
      expect(claimed).toEqual(persona.abilities);
      expect(open.abilities.reopen).toBe(false);
      expect(closed.abilities.close).toBe(false);

      for (const action of ACTIONS) {
        const before = await snapshot();
        const res = await action.run(client, ids, assetId);
        const label = `${persona.name}: ${action.ability}`;
        if (claimed[action.ability]) {
          expect([200, 201], `${label} ${res.body}`).toContain(res.statusCode);
          continue;
        }
        if (!persona.writable || !action.path) expectError(res, 403);
        else expectError(res, 422, undefined, action.path);
        expect(await snapshot(), label).toEqual(before);
      }
    });
  }
});

describe('POST /api/portal/tickets', () => {
  it('opens a ticket as the contact, in its organization', async () => {
    const contact = await createContact(db(), { organizationId: A, privilegeGroup: 'limited' });
    const client = await signIn(contact);
    const res = await client.post('/api/portal/tickets', {
      subject: '  Printer jam ',
      description: 'Tray 2',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      subject: 'Printer jam',
      description: 'Tray 2',
      status: 'open',
      private: false,
      closedAt: null,
      requester: { id: contact.id, name: contact.name },
      organization: { id: A, name: 'Almond' },
      abilities: { ...none, reply: true, setPrivate: true },
    });
    expect(created).not.toHaveProperty('priority');
    expect(created).not.toHaveProperty('asset');
    expect((await client.get(`/api/portal/tickets/${created.id}`)).json()).toEqual(created);
  });

  it('priority and asset need their edit privileges, and the asset must be visible', async () => {
    const limited = await signIn(await createContact(db(), { organizationId: A, privilegeGroup: 'limited' }));
    const full = await createContact(db(), { organizationId: A, privilegeGroup: 'full' });
    const fullClient = await signIn(full);
    const own = await asset(A);
    const elsewhere = await asset(X);
    const before = await snapshot();
    expectError(
      await limited.post('/api/portal/tickets', { subject: 'x', priority: 'urgent' }),
      422,
      undefined,
      'body.priority',
    );
    expectError(
      await limited.post('/api/portal/tickets', { subject: 'x', assetId: own }),
      422,
      undefined,
      'body.assetId',
    );
    expectError(
      await fullClient.post('/api/portal/tickets', { subject: 'x', assetId: elsewhere }),
      422,
      undefined,
      'body.assetId',
    );
    expectError(
      await fullClient.post('/api/portal/tickets', { subject: 'x', assetId: randomUUID() }),
      422,
      undefined,
      'body.assetId',
    );
    expect(await snapshot()).toEqual(before);
    const res = await fullClient.post('/api/portal/tickets', {
      subject: 'x',
      priority: 'urgent',
      assetId: own,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ priority: 'urgent', asset: { id: own } });
  });

  it('requester and organization are not fields; unknown fields and a missing subject are 422', async () => {
    const client = await signIn(await createContact(db(), { organizationId: A, privilegeGroup: 'full' }));
    const before = await snapshot();
    for (const body of [
      { subject: 'x', requesterId: colleague.id },
      { subject: 'x', organizationId: X },
      { subject: 'x', status: 'closed' },
      { description: 'no subject' },
      { subject: '   ' },
    ]) {
      expectError(await client.post('/api/portal/tickets', body), 422);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a private ticket is seen by its requester only', async () => {
    const author = await createContact(db(), { organizationId: A, privilegeGroup: 'full' });
    const res = await (
      await signIn(author)
    ).post('/api/portal/tickets', { subject: 'Salary', private: true });
    expect(res.statusCode).toBe(201);
    const peer = await signIn(await createContact(db(), { organizationId: A, privilegeGroup: 'full' }));
    expect((await peer.get(`/api/portal/tickets/${res.json().id}`)).statusCode).toBe(404);
  });

  it('403 without tickets.create (or without tickets.view), 401 without a session', async () => {
    const viewer = await signIn(
      await createContact(db(), {
        organizationId: A,
        privilegeGroupId: await privilegeGroup(['portal.login', 'tickets.view']),
      }),
    );
    // It could not read back what it opened.
    const blind = await signIn(
      await createContact(db(), {
        organizationId: A,
        privilegeGroupId: await privilegeGroup(['portal.login', 'tickets.create']),
      }),
    );
    const before = await snapshot();
    expectError(await viewer.post('/api/portal/tickets', { subject: 'x' }), 403);
    // Without tickets.view the tickets module does not exist for it.
    expectError(await blind.post('/api/portal/tickets', { subject: 'x' }), 404);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/portal/tickets', payload: { subject: 'x' } }))
        .statusCode,
    ).toBe(401);
    expect(await snapshot()).toEqual(before);
  });
});

describe('PATCH /api/portal/tickets/:id', () => {
  it('changes write events, bump activity, close sets closed_at and reopen clears it', async () => {
    const owner = await createContact(db(), {
      organizationId: X,
      privilegeGroupId: await privilegeGroup(ALL),
    });
    const client = await signIn(owner);
    const id = await ticket(owner);
    const assetId = await asset(X, owner.id);
    const res = await patch(client, id, { description: 'New', priority: 'low', assetId, status: 'closed' });
    expect(res.statusCode, res.body).toBe(200);
    const closed = res.json();
    expect(closed).toMatchObject({
      description: 'New',
      priority: 'low',
      status: 'closed',
      asset: { id: assetId },
    });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.abilities).toMatchObject({ close: false, reopen: true });
    expect(Date.parse(closed.lastActivityAt)).toBeGreaterThan(Date.parse('2026-01-02'));
    expect(Date.parse(closed.updatedAt)).toBeGreaterThan(Date.parse('2026-01-02'));
    const events = await db()
      .selectFrom('ticket_events')
      .select(['field', 'old_value', 'new_value', 'actor_contact_id', 'actor_staff_id'])
      .where('ticket_id', '=', id)
      .orderBy('field')
      .execute();
    expect(events).toEqual([
      {
        field: 'assetId',
        old_value: null,
        new_value: assetId,
        actor_contact_id: owner.id,
        actor_staff_id: null,
      },
      {
        field: 'description',
        old_value: 'It flickers.',
        new_value: 'New',
        actor_contact_id: owner.id,
        actor_staff_id: null,
      },
      {
        field: 'priority',
        old_value: 'normal',
        new_value: 'low',
        actor_contact_id: owner.id,
        actor_staff_id: null,
      },
      {
        field: 'status',
        old_value: 'open',
        new_value: 'closed',
        actor_contact_id: owner.id,
        actor_staff_id: null,
      },
    ]);
    const reopened = (await patch(client, id, { status: 'open', assetId: null })).json();
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, asset: null });

    // Nothing to change: nothing written.
    const before = await snapshot();
    expect((await patch(client, id, { status: 'open', description: 'New' })).statusCode).toBe(200);
    expect((await patch(client, id, {})).statusCode).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('every refused field is named and nothing changes, even beside allowed fields', async () => {
    const partial = await createContact(db(), { organizationId: A, privilegeGroup: 'partial' });
    const id = await ticket(partial);
    const client = await signIn(partial);
    const writer = await signIn(await createContact(db(), { organizationId: A, privilegeGroup: 'full' }));
    const other = await ticket(colleague);
    const elsewhere = await asset(X);
    const before = await snapshot();
    const res = await patch(client, id, {
      private: true,
      description: 'x',
      priority: 'high',
      status: 'closed',
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['body.description', 'body.priority', 'body.status']);
    expectError(
      await patch(writer, other, { description: 'mine now', private: true }),
      422,
      undefined,
      'body.private',
    );
    expectError(await patch(writer, other, { assetId: elsewhere }), 422, undefined, 'body.assetId');
    expect(await snapshot()).toEqual(before);
  });

  it('404 outside the scope with the body of a missing ticket; 403 read-only; 422 unknown fields', async () => {
    const reader = await createContact(db(), {
      organizationId: A,
      privilegeGroupId: await privilegeGroup(ALL, 'organization'),
    });
    const client = await signIn(reader);
    const hidden = await ticket(grantee);
    const privateOne = await ticket(colleague, { private: true });
    const readOnly = await ticket(colleague);
    const before = await snapshot();
    const missing = await patch(client, randomUUID(), { description: 'x' });
    expect(missing.statusCode).toBe(404);
    for (const id of [hidden, privateOne]) {
      const res = await patch(client, id, { description: 'x' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual(missing.json());
    }
    expectError(await patch(client, readOnly, { description: 'x' }), 403);
    expectError(await patch(client, readOnly, {}), 403);
    for (const body of [
      { subject: 'x' },
      { requesterId: reader.id },
      { status: 'pending' },
      { organizationId: A },
    ]) {
      expectError(await patch(client, readOnly, body), 422);
    }
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/portal/tickets/${readOnly}`, payload: {} }))
        .statusCode,
    ).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('module restricted: 404 on create and update, nothing written', async () => {
    const contact = await createContact(db(), { organizationId: X, privilegeGroup: 'full' });
    const id = await ticket(contact);
    const client = await signIn(contact);
    const allowed = await db()
      .insertInto('user_groups')
      .values({ name: 'Nobody' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('module_allowed_groups')
      .values({ module: 'tickets', user_group_id: allowed.id })
      .execute();
    try {
      const before = await snapshot();
      expectError(await client.post('/api/portal/tickets', { subject: 'x' }), 404);
      expectError(await patch(client, id, { status: 'closed' }), 404);
      expect(await snapshot()).toEqual(before);
    } finally {
      await db().deleteFrom('module_allowed_groups').where('user_group_id', '=', allowed.id).execute();
    }
  });
});
