// A ticket's history, public e-mails and linked asset in the portal: they follow the ticket, only
// public records and fields the contact may see, staff by display name, 404 before 403.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insertable } from 'kysely';
import type { Privilege } from '../../src/authz/privileges.ts';
import type { DB, TicketScope } from '../../src/db/schema.ts';
import { signedInContact, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
type Contact = Awaited<ReturnType<typeof createContact>>;

type Table =
  'privilege_groups' | 'assets' | 'tickets' | 'ticket_events' | 'ticket_comments' | 'ticket_emails';

/** Inserts one row and returns its id (test data goes straight into the database). */
async function insert<T extends Table>(table: T, values: Insertable<DB[T]>): Promise<string> {
  const q = db()
    .insertInto(table)
    .values(values as never);
  const row = (await q.returning('id' as never).executeTakeFirstOrThrow()) as unknown as { id: string };
  return row.id;
}

const privilegeGroup = (privileges: Privilege[], scope: TicketScope) =>
  insert('privilege_groups', {
    name: `Group ${randomUUID()}`,
    privileges,
    ticket_scope: scope,
    record_scope: scope,
  });

const ticket = (requester: Contact, values: { assetId?: string; private?: boolean } = {}) =>
  insert('tickets', {
    subject: 'Projector',
    requester_id: requester.id,
    organization_id: requester.organization_id,
    asset_id: values.assetId ?? null,
    private: values.private ?? false,
    last_activity_at: new Date('2026-01-01T00:00:00Z'),
  });

type Who = { staff?: string; contact?: string };

const event = (
  ticket_id: string,
  field: string,
  old_value: string | null,
  new_value: string | null,
  by: Who,
) =>
  insert('ticket_events', {
    ticket_id,
    field,
    old_value,
    new_value,
    actor_staff_id: by.staff ?? null,
    actor_contact_id: by.contact ?? null,
  });

const comment = (ticket_id: string, body: string, isPublic: boolean, by: Who) =>
  insert('ticket_comments', {
    ticket_id,
    body,
    public: isPublic,
    author_staff_id: by.staff ?? null,
    author_contact_id: by.contact ?? null,
  });

const email = (
  ticket_id: string,
  from_address: string,
  to_address: string,
  body: string,
  isPublic: boolean,
) =>
  insert('ticket_emails', {
    ticket_id,
    from_address,
    to_address,
    subject: 'Re: Projector',
    body,
    public: isPublic,
  });

const signIn = (c: { email: string }) => signedInContact(t.app, c.email, TEST_PASSWORD);

type Item = Record<string, unknown> & { id: string };

async function allItems(client: TestClient, url: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const res = await client.get(`${url}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    items.push(...(res.json().items as Item[]));
    cursor = res.json().nextCursor;
  } while (cursor);
  return items;
}

const ids = (items: Item[]) => items.map((i) => i.id);

let A: string;
let sam: { id: string };
let partial: Contact, limited: Contact, full: Contact;
let historian: Contact, notesNoAssets: Contact, outsider: Contact;
const c: Record<string, TestClient> = {};
let T: string, bare: string, privateT: string, foreign: string, asset: string;
const h: Record<string, string> = {};
const m: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  A = (await createOrganization(db(), { name: 'Almond' })).id;
  sam = await createStaffUser(db(), { name: 'Sam Staff', email: 'sam@desk.example' });
  const amy = { name: 'Amy Reed', email: 'amy@almond.example' };
  partial = await createContact(db(), { organizationId: A, privilegeGroup: 'partial', ...amy });
  limited = await createContact(db(), { organizationId: A, privilegeGroup: 'limited' });
  full = await createContact(db(), { organizationId: A, privilegeGroup: 'full' });
  const custom = async (privileges: Privilege[]) =>
    createContact(db(), {
      organizationId: A,
      privilegeGroupId: await privilegeGroup(['portal.login', 'tickets.view', ...privileges], 'organization'),
    });
  historian = await custom(['tickets.history.view']);
  notesNoAssets = await custom(['tickets.asset.view', 'assets.config_notes.view']);
  outsider = await createContact(db(), { privilegeGroup: 'full' });
  const projector = { name: 'Projector 3', asset_type: 'projector', serial_number: 'SN-1' };
  asset = await insert('assets', {
    organization_id: A,
    ...projector,
    config_notes: 'admin password: hunter2',
  });

  T = await ticket(partial, { assetId: asset });
  bare = await ticket(partial);
  privateT = await ticket(limited, { private: true });
  foreign = await ticket(outsider);
  // Written in this order, so the history must come back in it.
  h.status = await event(T, 'status', 'open', 'pending', { staff: sam.id });
  h.note1 = await comment(T, 'We are on it.', true, { staff: sam.id });
  h.internal = await comment(T, 'INTERNAL: customer is difficult', false, { staff: sam.id });
  h.priority = await event(T, 'priority', 'normal', 'high', { staff: sam.id });
  h.asset = await event(T, 'assetId', null, asset, { staff: sam.id });
  h.requester = await event(T, 'requesterId', randomUUID(), partial.id, { staff: sam.id });
  h.secretField = await event(T, 'internalNote', null, 'INTERNAL', { staff: sam.id });
  h.subject = await event(T, 'subject', 'Projektor', 'Projector', { contact: partial.id });
  h.note2 = await comment(T, 'Thanks!', true, { contact: partial.id });
  h.system = await event(T, 'status', 'pending', 'open', {});
  await event(foreign, 'status', 'open', 'closed', {});
  await comment(privateT, 'private ticket note', true, { contact: limited.id });

  m.inbound = await email(T, 'Amy Reed <amy@almond.example>', 'support@desk.example', 'It flickers.', true);
  m.outbound = await email(
    T,
    '"Staff, Sam" <sam@desk.example>',
    'amy@almond.example',
    'Try the cable.',
    true,
  );
  m.bare = await email(
    T,
    'SAM@desk.example',
    'amy@almond.example, Sam Staff <Sam@Desk.Example>',
    'Fixed.',
    true,
  );
  m.internal = await email(T, 'sam@desk.example', 'vendor@parts.example', 'INTERNAL: order parts', false);
  await email(foreign, 'x@x.example', 'support@desk.example', 'Theirs', true);

  for (const [name, contact] of Object.entries({
    partial,
    limited,
    full,
    historian,
    notesNoAssets,
    outsider,
  })) {
    c[name] = await signIn(contact);
  }
});
afterAll(async () => t.close());

describe('history', () => {
  it('field changes and public notes, oldest first, staff by display name only', async () => {
    const items = await allItems(c.partial!, `/api/portal/tickets/${T}/history`);
    expect(ids(items)).toEqual([h.status, h.note1, h.priority, h.asset, h.subject, h.note2, h.system]);
    expect(items[0]).toEqual({
      id: h.status,
      kind: 'change',
      field: 'status',
      oldValue: 'open',
      newValue: 'pending',
      at: expect.any(String),
      actor: { type: 'staff', name: 'Sam Staff' },
    });
    expect(items[1]).toEqual({
      id: h.note1,
      kind: 'note',
      body: 'We are on it.',
      at: expect.any(String),
      actor: { type: 'staff', name: 'Sam Staff' },
    });
    expect(items[4]!.actor).toEqual({ type: 'contact', name: 'Amy Reed' });
    expect(items[6]!.actor).toBeNull();
    const raw = JSON.stringify(items);
    expect(raw).not.toContain('INTERNAL');
    expect(raw).not.toContain('@');
  });

  it('changes of priority and asset only with their view privileges; the requester never', async () => {
    const items = await allItems(c.historian!, `/api/portal/tickets/${T}/history`);
    expect(ids(items)).toEqual([h.status, h.note1, h.subject, h.note2, h.system]);
    const fullItems = await allItems(c.full!, `/api/portal/tickets/${T}/history`);
    expect(ids(fullItems)).toEqual([h.status, h.note1, h.priority, h.asset, h.subject, h.note2, h.system]);
  });

  it('404 for a ticket the contact may not see, before 403 for the missing privilege', async () => {
    // limited lacks tickets.history.view: its own ticket is 403, anyone else's is 404.
    expect((await c.limited!.get(`/api/portal/tickets/${privateT}/history`)).statusCode).toBe(403);
    expect((await c.limited!.get(`/api/portal/tickets/${T}/history`)).statusCode).toBe(404);
    expect((await c.full!.get(`/api/portal/tickets/${privateT}/history`)).statusCode).toBe(404);
    expect((await c.full!.get(`/api/portal/tickets/${foreign}/history`)).statusCode).toBe(404);
    expect((await c.full!.get(`/api/portal/tickets/${randomUUID()}/history`)).statusCode).toBe(404);
    expect((await c.outsider!.get(`/api/portal/tickets/${T}/history`)).statusCode).toBe(404);
    expect((await c.partial!.get(`/api/portal/tickets/${T}/history?cursor=bad`)).statusCode).toBe(422);
    expect((await c.partial!.get(`/api/portal/tickets/${T}/history?since=1`)).statusCode).toBe(422);
  });
});

describe('e-mails', () => {
  it('public e-mails only, staff addresses shown as display names', async () => {
    const items = await allItems(c.partial!, `/api/portal/tickets/${T}/emails`);
    expect(ids(items)).toEqual([m.inbound, m.outbound, m.bare]);
    expect(items[0]).toEqual({
      id: m.inbound,
      from: 'Amy Reed <amy@almond.example>',
      to: 'support@desk.example',
      subject: 'Re: Projector',
      body: 'It flickers.',
      sentAt: expect.any(String),
    });
    expect(items[1]).toMatchObject({ from: 'Sam Staff', to: 'amy@almond.example' });
    expect(items[2]).toMatchObject({ from: 'Sam Staff', to: 'amy@almond.example, Sam Staff' });
    const raw = JSON.stringify(items).toLowerCase();
    expect(raw).not.toContain('sam@desk.example');
    expect(raw).not.toContain('internal');
  });

  it('404 for a ticket the contact may not see, before 403 without tickets.emails.view', async () => {
    expect((await c.historian!.get(`/api/portal/tickets/${T}/emails`)).statusCode).toBe(403);
    expect((await c.historian!.get(`/api/portal/tickets/${foreign}/emails`)).statusCode).toBe(404);
    expect((await c.full!.get(`/api/portal/tickets/${foreign}/emails`)).statusCode).toBe(404);
    expect((await c.outsider!.get(`/api/portal/tickets/${T}/emails`)).statusCode).toBe(404);
    const none = await c.partial!.get(`/api/portal/tickets/${bare}/emails`);
    expect(none.json()).toEqual({ items: [], nextCursor: null });
  });
});

describe('linked asset', () => {
  const base = () => ({ id: asset, name: 'Projector 3', assetType: 'projector', serialNumber: 'SN-1' });

  it('configuration notes only with assets.config_notes.view on an asset the contact may see', async () => {
    const partialView = await c.partial!.get(`/api/portal/tickets/${T}/asset`);
    expect(partialView.statusCode).toBe(200);
    expect(partialView.json()).toEqual(base());
    expect((await c.full!.get(`/api/portal/tickets/${T}/asset`)).json()).toEqual({
      ...base(),
      configNotes: 'admin password: hunter2',
    });
    // The privilege alone is not enough: without assets.view the asset is not one it may see.
    expect((await c.notesNoAssets!.get(`/api/portal/tickets/${T}/asset`)).json()).toEqual(base());
  });

  it('404 when none is linked or the ticket is invisible; 403 without tickets.asset.view', async () => {
    expect((await c.partial!.get(`/api/portal/tickets/${bare}/asset`)).statusCode).toBe(404);
    expect((await c.historian!.get(`/api/portal/tickets/${T}/asset`)).statusCode).toBe(403);
    expect((await c.historian!.get(`/api/portal/tickets/${foreign}/asset`)).statusCode).toBe(404);
    expect((await c.outsider!.get(`/api/portal/tickets/${T}/asset`)).statusCode).toBe(404);
    expect((await c.full!.get(`/api/portal/tickets/${privateT}/asset`)).statusCode).toBe(404);
  });
});

describe('every endpoint', () => {
  const urls = () => [
    `/api/portal/tickets/${T}/history`,
    `/api/portal/tickets/${T}/emails`,
    `/api/portal/tickets/${T}/asset`,
  ];

  it('401 without a session', async () => {
    for (const url of urls()) expect((await new TestClient(t.app).get(url)).statusCode, url).toBe(401);
  });

  it('404 when module tickets is restricted to a group the contact is not in', async () => {
    const group = await db()
      .insertInto('user_groups')
      .values({ name: `Only outsiders ${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('module_allowed_groups')
      .values({ module: 'tickets', user_group_id: group.id })
      .execute();
    try {
      for (const url of urls()) {
        expect((await c.full!.get(url)).statusCode, url).toBe(404);
        expect((await c.limited!.get(url)).statusCode, url).toBe(404);
      }
    } finally {
      await db().deleteFrom('module_allowed_groups').where('user_group_id', '=', group.id).execute();
    }
    expect((await c.full!.get(urls()[0]!)).statusCode).toBe(200);
  });
});
