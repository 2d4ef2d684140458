import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { createContact } from '../support/factories.ts';
import { createTicket, customer, staffClients, type Staff, type TicketJson } from './ticket-helpers.ts';
import { expectError } from '../support/expect.ts';

let t: TestApp;
let s: Staff;
const db = () => t.testDb.database.db;
beforeAll(async () => {
  t = await startTestApp();
  s = await staffClients(t);
});
afterAll(async () => t.close());

type Page = { items: TicketJson[]; nextCursor: string | null };
const list = async (client: TestClient, query: string) => {
  const res = await client.get(`/api/staff/tickets?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};
const ids = (page: Page) => page.items.map((i) => i.id);

describe('ticket list: filters', () => {
  it('filters by status, priority, organization, requester and text or number', async () => {
    const a = await customer(db());
    const b = await customer(db());
    const colleague = await createContact(db(), { organizationId: a.organization.id });
    const t1 = await createTicket(s.admin, { requesterId: a.contact.id, subject: '100% broken_printer' });
    const t2 = await createTicket(s.admin, {
      requesterId: colleague.id,
      subject: '1000 broken printers',
      priority: 'urgent',
      status: 'pending',
    });
    const t3 = await createTicket(s.admin, { requesterId: b.contact.id, subject: 'Mail', status: 'closed' });
    const org = `organizationId=${a.organization.id}`;

    expect(ids(await list(s.agent, org)).sort()).toEqual([t1.id, t2.id].sort());
    expect(ids(await list(s.agent, `requesterId=${colleague.id}`))).toEqual([t2.id]);
    expect(ids(await list(s.agent, `${org}&status=pending`))).toEqual([t2.id]);
    expect(ids(await list(s.agent, `status=closed&organizationId=${b.organization.id}`))).toEqual([t3.id]);
    expect(ids(await list(s.agent, `${org}&priority=urgent`))).toEqual([t2.id]);
    expect(ids(await list(s.agent, `${org}&q=BROKEN`)).sort()).toEqual([t1.id, t2.id].sort());
    // % and _ are literal characters, not wildcards.
    expect(ids(await list(s.agent, `${org}&q=${encodeURIComponent('100%')}`))).toEqual([t1.id]);
    expect(ids(await list(s.agent, `${org}&q=n_p`))).toEqual([t1.id]);
    expect(ids(await list(s.agent, `${org}&q=n%20p`))).toEqual([t2.id]);
    // '#N' and bare digits name the ticket with that number, not subjects containing them.
    expect(ids(await list(s.agent, `q=${encodeURIComponent(`#${t3.number}`)}`))).toEqual([t3.id]);
    expect(ids(await list(s.agent, `q=${t2.number}`))).toEqual([t2.id]);
    expect(ids(await list(s.agent, `${org}&q=1000`))).toEqual([]);

    const item = (await list(s.agent, `requesterId=${colleague.id}`)).items[0];
    expect(item).toMatchObject({ number: t2.number, requester: { id: colleague.id } });
    expect(item).not.toHaveProperty('description');
  });

  it('refuses unknown filters, bad enums, bad limits and forged cursors with 422', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    for (const query of [
      'colour=red',
      'status=archived',
      'priority=critical',
      'organizationId=nope',
      'limit=0',
      'limit=101',
      'cursor=%%%',
      `cursor=${forged}`,
    ]) {
      expectError(await s.agent.get(`/api/staff/tickets?${query}`), 422);
    }
  });
});

/** Walks every page with limit 5, calling `between(pageNumber, seenSoFar)` after each fetch. */
async function walk(query: string, between: (page: number, seen: string[]) => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let page = 0;
  do {
    const result = await list(s.agent, `${query}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    expect(result.items.length).toBeLessThanOrEqual(5);
    seen.push(...ids(result));
    cursor = result.nextCursor;
    page += 1;
    if (cursor) await between(page, seen);
  } while (cursor);
  return seen;
}

/**
 * 23 tickets of one organization with activity in the past, three at a time sharing the very same
 * last_activity_at (the id breaks those ties), in the list's expected order.
 */
async function ticketsInThePast(requesterId: string): Promise<string[]> {
  const created: Array<{ id: string; at: number }> = [];
  for (let i = 0; i < 23; i++) {
    const ticket = await createTicket(s.admin, { requesterId, subject: `Ticket ${i}` });
    const at = Date.UTC(2024, 0, 1, 12, Math.floor(i / 3));
    await db()
      .updateTable('tickets')
      .set({ last_activity_at: new Date(at) })
      .where('id', '=', ticket.id)
      .execute();
    created.push({ id: ticket.id, at });
  }
  // UUIDs compare bytewise in PostgreSQL, which is the order of their lowercase hex text.
  return created.sort((x, y) => y.at - x.at || (y.id > x.id ? 1 : y.id < x.id ? -1 : 0)).map((c) => c.id);
}

describe('ticket list: keyset pagination', () => {
  it('pages in order, and tickets created between pages neither duplicate nor hide any', async () => {
    const { organization, contact } = await customer(db());
    const expected = await ticketsInThePast(contact.id);
    const added: string[] = [];
    const seen = await walk(`organizationId=${organization.id}`, async () => {
      for (let i = 0; i < 2; i++) added.push((await createTicket(s.admin, { requesterId: contact.id })).id);
    });
    // New tickets sort above every cursor already handed out, so this walk does not meet them.
    expect(seen).toEqual(expected);
    expect(added).toHaveLength(8);
    // A fresh walk starts with them, newest first, and then the same old tickets.
    const fresh = await walk(`organizationId=${organization.id}`, async () => {});
    expect(new Set(fresh.slice(0, added.length))).toEqual(new Set(added));
    expect(fresh.slice(added.length)).toEqual(expected);
  });

  it('activity moves a ticket to the top: seen once if already passed, skipped by this walk if not', async () => {
    const { organization, contact } = await customer(db());
    const expected = await ticketsInThePast(contact.id);
    const bumpedSeen: string[] = [];
    const bumpedUnseen: string[] = [];
    const added: string[] = [];
    const seen = await walk(`organizationId=${organization.id}`, async (page, soFar) => {
      if (page > 2) return;
      // The last ticket of the page (the one the cursor was made from) and one not reached yet.
      const passed = soFar[soFar.length - 1] ?? '';
      const ahead = expected[soFar.length + 7] ?? '';
      const comment = await s.agent.post(`/api/staff/tickets/${passed}/comments`, {
        body: 'x',
        public: false,
      });
      expect(comment.statusCode).toBe(201);
      const patch = await s.agent.patch(`/api/staff/tickets/${ahead}`, { priority: 'high' });
      expect(patch.statusCode).toBe(200);
      bumpedSeen.push(passed);
      bumpedUnseen.push(ahead);
      added.push((await createTicket(s.admin, { requesterId: contact.id })).id);
    });

    // No ticket twice; every untouched ticket exactly once, in its order.
    expect(new Set(seen).size).toBe(seen.length);
    const touched = new Set([...bumpedSeen, ...bumpedUnseen]);
    expect(seen.filter((id) => !touched.has(id))).toEqual(expected.filter((id) => !touched.has(id)));
    // A ticket bumped after it was listed is not listed again (it moved above the cursor) ...
    for (const id of bumpedSeen) expect(seen.filter((x) => x === id)).toHaveLength(1);
    // ... and one bumped before the walk reached it jumped over the cursor: this walk misses it.
    for (const id of bumpedUnseen) expect(seen).not.toContain(id);
    for (const id of added) expect(seen).not.toContain(id);

    // The next walk from the top shows all of them first, by newest activity.
    const top = ids(await list(s.agent, `organizationId=${organization.id}&limit=6`));
    expect(new Set(top)).toEqual(new Set([...bumpedSeen, ...bumpedUnseen, ...added]));
  });

  it('activity never moves a ticket down', async () => {
    const { contact } = await customer(db());
    const ticket = await createTicket(s.admin, { requesterId: contact.id });
    await db()
      .updateTable('tickets')
      .set({ last_activity_at: sql`now() + interval '1 day'` })
      .where('id', '=', ticket.id)
      .execute();
    const before = (await s.admin.get(`/api/staff/tickets/${ticket.id}`)).json() as TicketJson;
    await s.admin.post(`/api/staff/tickets/${ticket.id}/comments`, { body: 'late', public: true });
    await s.admin.patch(`/api/staff/tickets/${ticket.id}`, { status: 'pending' });
    const after = (await s.admin.get(`/api/staff/tickets/${ticket.id}`)).json() as TicketJson;
    expect(after.lastActivityAt).toBe(before.lastActivityAt);
  });
});
