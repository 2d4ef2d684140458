import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  anonymous,
  createTicket,
  customer,
  MISSING_ID,
  snapshot,
  staffClients,
  type Staff,
  type TicketJson,
} from './ticket-helpers.ts';
import { expectError } from '../support/expect.ts';

let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;
let ticket: TicketJson;
beforeAll(async () => {
  t = await startTestApp();
  s = await staffClients(t);
  const { contact } = await customer(db());
  ticket = await createTicket(s.admin, { requesterId: contact.id });
});
afterAll(async () => t.close());

const backdate = (id: string) =>
  db()
    .updateTable('tickets')
    .set({ last_activity_at: sql`now() - interval '1 hour'` })
    .where('id', '=', id)
    .execute();
const activity = async (id: string) =>
  (await s.admin.get(`/api/staff/tickets/${id}`)).json().lastActivityAt as string;

describe('ticket comments', () => {
  it('answers 401 without a session and 404 for unknown or malformed tickets', async () => {
    const before = await snapshot(db());
    expectError(await anonymous(t.app, 'GET', `/api/staff/tickets/${ticket.id}/comments`), 401);
    expectError(await anonymous(t.app, 'POST', `/api/staff/tickets/${ticket.id}/comments`), 401);
    for (const id of [MISSING_ID, 'nope']) {
      expectError(await s.agent.get(`/api/staff/tickets/${id}/comments`), 404);
      expectError(await s.agent.post(`/api/staff/tickets/${id}/comments`, { body: 'x', public: true }), 404);
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses bad bodies with 422 and writes nothing', async () => {
    const before = await snapshot(db());
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ body: '', public: true }, 'body.body'],
      [{ body: '  \n ', public: true }, 'body.body'],
      [{ body: 'x'.repeat(20001), public: true }, 'body.body'],
      [{ body: 'x' }, 'body.public'],
      [{ body: 'x', public: 'true' }, 'body.public'],
      [{ body: 'x', public: true, authorStaffId: s.adminId }, 'body.authorStaffId'],
    ];
    for (const [body, path] of cases) {
      expectError(await s.agent.post(`/api/staff/tickets/${ticket.id}/comments`, body), 422, undefined, path);
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it('adds public replies and internal notes by the staff user, and bumps activity', async () => {
    await backdate(ticket.id);
    const old = await activity(ticket.id);
    const res = await s.agent.post(`/api/staff/tickets/${ticket.id}/comments`, {
      body: '  indented log line',
      public: false,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      ticketId: ticket.id,
      body: '  indented log line',
      public: false,
      author: { type: 'staff', id: s.agentId, name: 'Alex Agent' },
    });
    expect(Date.parse(await activity(ticket.id))).toBeGreaterThan(Date.parse(old));
    const long = await s.agent.post(`/api/staff/tickets/${ticket.id}/comments`, {
      body: 'y'.repeat(20000),
      public: true,
    });
    expect(long.statusCode).toBe(201);
  });

  it('lists comments oldest first with keyset pages, contact authors included', async () => {
    const { contact } = await customer(db());
    const other = await createTicket(s.admin, { requesterId: contact.id });
    const bodies = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'];
    for (const body of bodies)
      await s.admin.post(`/api/staff/tickets/${other.id}/comments`, { body, public: body !== 'four' });
    await db()
      .insertInto('ticket_comments')
      .values({ ticket_id: other.id, body: 'from the portal', public: true, author_contact_id: contact.id })
      .execute();
    const seen: Array<{ body: string; public: boolean; author: unknown }> = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/staff/tickets/${other.id}/comments?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await s.admin.get(url)).json() as { items: typeof seen; nextCursor: string | null };
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((c) => c.body)).toEqual([...bodies, 'from the portal']);
    expect(seen.find((c) => c.body === 'four')?.public).toBe(false);
    expect(seen.at(-1)?.author).toEqual({ type: 'contact', id: contact.id, name: contact.name });
    expect(seen[0]?.author).toEqual({ type: 'staff', id: s.adminId, name: 'Ada Admin' });
  });
});

describe('ticket e-mails', () => {
  const mail = {
    fromAddress: 'Pat <pat@example.test>',
    toAddress: 'help@portico.test',
    subject: 'Re: x',
    body: 'Hi',
  };

  it('answers 401 without a session and 404 for unknown ids', async () => {
    expectError(await anonymous(t.app, 'GET', `/api/staff/tickets/${ticket.id}/emails`), 401);
    expectError(await anonymous(t.app, 'POST', `/api/staff/tickets/${ticket.id}/emails`), 401);
    expectError(await anonymous(t.app, 'PATCH', `/api/staff/ticket-emails/${MISSING_ID}`), 401);
    for (const id of [MISSING_ID, 'nope']) {
      expectError(await s.agent.get(`/api/staff/tickets/${id}/emails`), 404);
      expectError(await s.agent.post(`/api/staff/tickets/${id}/emails`, mail), 404);
      expectError(await s.agent.patch(`/api/staff/ticket-emails/${id}`, { public: true }), 404);
    }
  });

  it('files, lists and publishes e-mails; refuses bad bodies with 422', async () => {
    const before = await snapshot(db());
    for (const [body, path] of [
      [{ ...mail, fromAddress: '' }, 'body.fromAddress'],
      [{ ...mail, public: 'yes' }, 'body.public'],
      [{ ...mail, ticketId: ticket.id }, 'body.ticketId'],
      [{ ...mail, sentAt: 'yesterday' }, 'body.sentAt'],
    ] as const) {
      expectError(await s.agent.post(`/api/staff/tickets/${ticket.id}/emails`, body), 422, undefined, path);
    }
    expect(await snapshot(db())).toEqual(before);

    await backdate(ticket.id);
    const old = await activity(ticket.id);
    const created = await s.agent.post(`/api/staff/tickets/${ticket.id}/emails`, {
      ...mail,
      sentAt: '2024-05-01T08:00:00.000Z',
    });
    expect(created.statusCode, created.body).toBe(201);
    const email = created.json();
    expect(email).toMatchObject({
      ...mail,
      ticketId: ticket.id,
      public: false,
      sentAt: '2024-05-01T08:00:00.000Z',
    });
    expect(Date.parse(await activity(ticket.id))).toBeGreaterThan(Date.parse(old));
    const second = (
      await s.agent.post(`/api/staff/tickets/${ticket.id}/emails`, { ...mail, public: true })
    ).json();
    expect(second.public).toBe(true);

    const list = (await s.agent.get(`/api/staff/tickets/${ticket.id}/emails?limit=1`)).json();
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([email.id]);
    const next = (
      await s.agent.get(`/api/staff/tickets/${ticket.id}/emails?cursor=${list.nextCursor}`)
    ).json();
    expect(next.items.map((e: { id: string }) => e.id)).toEqual([second.id]);

    const refused = await snapshot(db());
    expectError(
      await s.agent.patch(`/api/staff/ticket-emails/${email.id}`, { public: 'true' }),
      422,
      undefined,
      'body.public',
    );
    expectError(
      await s.agent.patch(`/api/staff/ticket-emails/${email.id}`, { public: true, x: 1 }),
      422,
      undefined,
      'body.x',
    );
    expect(await snapshot(db())).toEqual(refused);

    const published = await s.agent.patch(`/api/staff/ticket-emails/${email.id}`, { public: true });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ id: email.id, public: true });
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'before', 'after', 'actor_id'])
      .where('entity_id', '=', email.id)
      .execute();
    expect(audit).toEqual([
      {
        action: 'update',
        entity_type: 'ticket_email',
        before: { public: false },
        after: { public: true },
        actor_id: s.agentId,
      },
    ]);
  });
});
