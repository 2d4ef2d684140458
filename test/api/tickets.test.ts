import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createContact } from '../support/factories.ts';
import {
  anonymous,
  createTicket,
  customer,
  insertAsset,
  MISSING_ID,
  snapshot,
  staffClients,
  type Staff,
  type TicketJson,
} from './ticket-helpers.ts';
import { countRows, expectError } from '../support/expect.ts';

let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;
beforeAll(async () => {
  t = await startTestApp();
  s = await staffClients(t);
});
afterAll(async () => t.close());

const backdate = (id: string) =>
  db()
    .updateTable('tickets')
    .set({ last_activity_at: sql`now() - interval '1 hour'`, updated_at: sql`now() - interval '1 hour'` })
    .where('id', '=', id)
    .execute();

describe('tickets: access', () => {
  it('answers 401 without a session on every route', async () => {
    const { contact } = await customer(db());
    const ticket = await createTicket(s.admin, { requesterId: contact.id });
    const before = await snapshot(db());
    for (const [method, url] of [
      ['GET', '/api/staff/tickets'],
      ['GET', `/api/staff/tickets/${ticket.id}`],
      ['POST', '/api/staff/tickets'],
      ['PATCH', `/api/staff/tickets/${ticket.id}`],
      ['DELETE', `/api/staff/tickets/${ticket.id}`],
      ['GET', `/api/staff/tickets/${ticket.id}/events`],
    ] as const) {
      expectError(await anonymous(t.app, method, url), 401);
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it('lets only admins delete a ticket (agents 403, nothing deleted)', async () => {
    const { contact } = await customer(db());
    const ticket = await createTicket(s.agent, { requesterId: contact.id });
    const before = await snapshot(db());
    expectError(await s.agent.delete(`/api/staff/tickets/${ticket.id}`), 403);
    expect(await snapshot(db())).toEqual(before);
    expect((await s.agent.get(`/api/staff/tickets/${ticket.id}`)).statusCode).toBe(200);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of [MISSING_ID, 'not-a-uuid']) {
      expectError(await s.admin.get(`/api/staff/tickets/${id}`), 404);
      expectError(await s.admin.patch(`/api/staff/tickets/${id}`, { subject: 'x' }), 404);
      expectError(await s.admin.delete(`/api/staff/tickets/${id}`), 404);
      expectError(await s.admin.get(`/api/staff/tickets/${id}/events`), 404);
    }
  });
});

describe('tickets: create', () => {
  it('takes the organization from the requester and answers the full ticket', async () => {
    const { organization, contact } = await customer(db(), 'Almond School');
    const asset = await insertAsset(db(), organization.id, 'Projector');
    const auditBefore = await countRows(db(), 'audit_log');
    const ticket = await createTicket(s.agent, {
      requesterId: contact.id,
      subject: '  Projector flickers ',
      description: 'Room 4',
      priority: 'high',
      assetId: asset.id,
      private: true,
    });
    expect(ticket).toMatchObject({
      subject: 'Projector flickers',
      description: 'Room 4',
      status: 'open',
      priority: 'high',
      private: true,
      requester: { id: contact.id, name: contact.name, email: contact.email },
      organization: { id: organization.id, name: 'Almond School' },
      asset: { id: asset.id, name: 'Projector' },
      closedAt: null,
    });
    expect(ticket.number).toBeGreaterThan(0);
    expect((await s.agent.get(`/api/staff/tickets/${ticket.id}`)).json()).toEqual(ticket);
    expect(await countRows(db(), 'audit_log')).toBe(auditBefore + 1);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'create', entity_type: 'ticket' });
  });

  it('applies defaults, and a ticket created closed has closedAt', async () => {
    const { contact } = await customer(db());
    const plain = await createTicket(s.admin, { requesterId: contact.id });
    expect(plain).toMatchObject({ status: 'open', priority: 'normal', private: false, asset: null });
    expect(plain.description).toBe('');
    const closed = await createTicket(s.admin, { requesterId: contact.id, status: 'closed' });
    expect(closed.closedAt).not.toBeNull();
  });

  it('refuses bad input with 422 and writes nothing', async () => {
    const { organization, contact } = await customer(db());
    const other = await customer(db());
    const foreignAsset = await insertAsset(db(), other.organization.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ organizationId: organization.id }, 'body.organizationId'],
      [{ priority: 'critical' }, 'body.priority'],
      [{ status: 'archived' }, 'body.status'],
      [{ requesterId: MISSING_ID }, 'body.requesterId'],
      [{ requesterId: 'nobody' }, 'body.requesterId'],
      [{ assetId: MISSING_ID }, 'body.assetId'],
      [{ assetId: foreignAsset.id }, 'body.assetId'],
      [{ subject: '   ' }, 'body.subject'],
      [{ private: 'yes' }, 'body.private'],
    ];
    const before = await snapshot(db());
    for (const [patch, path] of cases) {
      const res = await s.admin.post('/api/staff/tickets', {
        subject: 'Broken',
        requesterId: contact.id,
        ...patch,
      });
      expectError(res, 422, undefined, path);
    }
    expect(await snapshot(db())).toEqual(before);
  });
});

describe('tickets: update', () => {
  it('records one event per changed field and bumps activity', async () => {
    const { organization, contact } = await customer(db());
    const asset = await insertAsset(db(), organization.id);
    const ticket = await createTicket(s.agent, { requesterId: contact.id });
    await backdate(ticket.id);
    const old = (await s.agent.get(`/api/staff/tickets/${ticket.id}`)).json() as TicketJson;
    const res = await s.agent.patch(`/api/staff/tickets/${ticket.id}`, {
      status: 'closed',
      priority: 'urgent',
      assetId: asset.id,
      subject: 'Renamed',
      private: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const updated = res.json() as TicketJson;
    expect(updated).toMatchObject({
      status: 'closed',
      priority: 'urgent',
      subject: 'Renamed',
      private: true,
    });
    expect(updated.asset?.id).toBe(asset.id);
    expect(updated.closedAt).not.toBeNull();
    expect(Date.parse(updated.lastActivityAt)).toBeGreaterThan(Date.parse(old.lastActivityAt));
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(old.updatedAt));

    const events = (await s.agent.get(`/api/staff/tickets/${ticket.id}/events`)).json() as {
      items: Array<{ field: string; oldValue: string | null; newValue: string | null; actor: unknown }>;
    };
    const byField = Object.fromEntries(events.items.map((e) => [e.field, e]));
    expect(Object.keys(byField).sort()).toEqual(['assetId', 'priority', 'private', 'status', 'subject']);
    expect(byField.status).toMatchObject({ oldValue: 'open', newValue: 'closed' });
    expect(byField.priority).toMatchObject({ oldValue: 'normal', newValue: 'urgent' });
    expect(byField.assetId).toMatchObject({ oldValue: null, newValue: asset.id });
    expect(byField.private).toMatchObject({ oldValue: 'false', newValue: 'true' });
    expect(byField.subject).toMatchObject({ oldValue: 'Printer on fire', newValue: 'Renamed' });
    expect(byField.status?.actor).toEqual({ type: 'staff', id: s.agentId, name: 'Alex Agent' });

    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', ticket.id)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).toMatchObject({ status: 'open' });
    expect(audit[0]?.after).toMatchObject({ status: 'closed' });

    const reopened = (await s.agent.patch(`/api/staff/tickets/${ticket.id}`, { status: 'pending' })).json();
    expect(reopened).toMatchObject({ status: 'pending', closedAt: null });
  });

  it('moves the organization with the requester', async () => {
    const first = await customer(db());
    const second = await customer(db());
    const ticket = await createTicket(s.admin, { requesterId: first.contact.id });
    const res = await s.admin.patch(`/api/staff/tickets/${ticket.id}`, { requesterId: second.contact.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      requester: { id: second.contact.id },
      organization: { id: second.organization.id },
    });
    const events = (await s.admin.get(`/api/staff/tickets/${ticket.id}/events`)).json();
    expect(events.items).toEqual([
      expect.objectContaining({
        field: 'requesterId',
        oldValue: first.contact.id,
        newValue: second.contact.id,
      }),
    ]);
  });

  it('a description edit writes no event and leaves activity alone; a no-op writes nothing', async () => {
    const { contact } = await customer(db());
    const ticket = await createTicket(s.admin, { requesterId: contact.id });
    await backdate(ticket.id);
    const old = (await s.admin.get(`/api/staff/tickets/${ticket.id}`)).json() as TicketJson;
    const edited = (await s.admin.patch(`/api/staff/tickets/${ticket.id}`, { description: 'More' })).json();
    expect(edited).toMatchObject({ description: 'More', lastActivityAt: old.lastActivityAt });
    expect(Date.parse(edited.updatedAt)).toBeGreaterThan(Date.parse(old.updatedAt));
    const before = await snapshot(db());
    const same = await s.admin.patch(`/api/staff/tickets/${ticket.id}`, {
      description: 'More',
      status: 'open',
    });
    expect(same.json()).toEqual(edited);
    expect(await snapshot(db())).toEqual(before);
    const history = (await s.admin.get(`/api/staff/tickets/${ticket.id}/events`)).json();
    expect(history.items).toEqual([]);
  });

  it('refuses bad input with 422 and writes nothing', async () => {
    const { organization, contact } = await customer(db());
    const asset = await insertAsset(db(), organization.id);
    const ticket = await createTicket(s.admin, { requesterId: contact.id, assetId: asset.id });
    const elsewhere = await customer(db());
    const foreignAsset = await insertAsset(db(), elsewhere.organization.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ organizationId: elsewhere.organization.id }, 'body.organizationId'],
      [{ status: 'done' }, 'body.status'],
      [{ priority: 'LOW' }, 'body.priority'],
      [{ requesterId: MISSING_ID }, 'body.requesterId'],
      [{ assetId: MISSING_ID }, 'body.assetId'],
      [{ assetId: foreignAsset.id }, 'body.assetId'],
      // The linked asset would end up in another organization than the ticket.
      [{ requesterId: elsewhere.contact.id }, 'body.requesterId'],
      [{ requesterId: elsewhere.contact.id, assetId: asset.id }, 'body.assetId'],
    ];
    const before = await snapshot(db());
    for (const [body, path] of cases) {
      expectError(await s.admin.patch(`/api/staff/tickets/${ticket.id}`, body), 422, undefined, path);
    }
    expect(await snapshot(db())).toEqual(before);
    const moved = await s.admin.patch(`/api/staff/tickets/${ticket.id}`, {
      requesterId: elsewhere.contact.id,
      assetId: foreignAsset.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
  });

  it('a requester in the same organization keeps the asset', async () => {
    const { organization, contact } = await customer(db());
    const colleague = await createContact(db(), { organizationId: organization.id });
    const asset = await insertAsset(db(), organization.id);
    const ticket = await createTicket(s.admin, { requesterId: contact.id, assetId: asset.id });
    const res = await s.admin.patch(`/api/staff/tickets/${ticket.id}`, { requesterId: colleague.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().asset).toEqual({ id: asset.id, name: asset.name });
  });
});

describe('tickets: delete and history', () => {
  it('admin deletes a ticket with its records and an audit row', async () => {
    const { contact } = await customer(db());
    const ticket = await createTicket(s.admin, { requesterId: contact.id });
    await s.admin.post(`/api/staff/tickets/${ticket.id}/comments`, { body: 'hi', public: true });
    const res = await s.admin.delete(`/api/staff/tickets/${ticket.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expectError(await s.admin.get(`/api/staff/tickets/${ticket.id}`), 404);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'before'])
      .where('entity_id', '=', ticket.id)
      .where('action', '=', 'delete')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ id: ticket.id, subject: ticket.subject });
    expect(await db().selectFrom('ticket_comments').where('ticket_id', '=', ticket.id).execute()).toEqual([]);
  });

  it('pages through events by id, oldest first', async () => {
    const { contact } = await customer(db());
    const ticket = await createTicket(s.admin, { requesterId: contact.id });
    const priorities = ['low', 'high', 'urgent', 'normal', 'low', 'high', 'urgent'];
    for (const priority of priorities) await s.admin.patch(`/api/staff/tickets/${ticket.id}`, { priority });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/staff/tickets/${ticket.id}/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await s.admin.get(url)).json() as {
        items: Array<{ newValue: string }>;
        nextCursor: string | null;
      };
      seen.push(...page.items.map((e) => e.newValue));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(priorities);
    expectError(await s.admin.get(`/api/staff/tickets/${ticket.id}/events?cursor=nonsense`), 422);
  });
});
