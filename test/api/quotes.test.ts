import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../support/factories.ts';
import {
  auditActions,
  customer,
  expectRefused,
  MISSING_ID,
  startRecordsApp,
  TAMPERED_CURSOR,
  type Ctx,
} from './records-helpers.ts';

let c: Ctx;
beforeAll(async () => {
  c = await startRecordsApp();
});
afterAll(async () => c.t.close());

type Line = {
  id: string;
  position: number;
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
};
type Quote = {
  id: string;
  number: number;
  organizationId: string;
  contactId: string | null;
  status: string;
  totalCents: number;
  sentAt: string | null;
  lines: Line[];
};

const LINES = [
  { description: 'Laptop', quantity: 3, unitPriceCents: 89_900 },
  { description: 'Setup hours', quantity: 2.5, unitPriceCents: 7_999 },
  { description: 'Loyalty discount', quantity: 1, unitPriceCents: -10_000 },
];
// 269 700 + round(19 997.5) = 19 998 → - 10 000
const LINES_TOTAL = 269_700 + 19_998 - 10_000;

async function createQuote(body: Record<string, unknown> = {}) {
  const { organization, contact } = await customer(c.db);
  const res = await c.admin.post('/api/staff/quotes', {
    organizationId: organization.id,
    contactId: contact.id,
    title: 'New laptops',
    validUntil: '2030-06-30',
    lines: LINES,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { quote: res.json() as Quote, organization, contact };
}

describe('quotes: authentication', () => {
  it('answers 401 without a session on every route', async () => {
    const { quote, organization } = await createQuote();
    const url = `/api/staff/quotes/${quote.id}`;
    await expectRefused(c.db, 401, () => c.anon.get('/api/staff/quotes'));
    await expectRefused(c.db, 401, () => c.anon.get(url));
    await expectRefused(c.db, 401, () =>
      c.anon.post('/api/staff/quotes', { organizationId: organization.id, title: 'x', lines: LINES }),
    );
    await expectRefused(c.db, 401, () => c.anon.patch(url, { title: 'x' }));
    await expectRefused(c.db, 401, () => c.anon.post(`${url}/send`));
    await expectRefused(c.db, 401, () => c.anon.delete(url));
  });
});

describe('quotes: create and read', () => {
  it('computes line amounts and the total, numbers the lines, audits', async () => {
    const { quote, organization, contact } = await createQuote();
    expect(quote).toMatchObject({
      organizationId: organization.id,
      contactId: contact.id,
      title: 'New laptops',
      status: 'draft',
      validUntil: '2030-06-30',
      totalCents: LINES_TOTAL,
      sentAt: null,
      decidedAt: null,
    });
    expect(quote.number).toEqual(expect.any(Number));
    expect(quote.lines.map((l) => [l.position, l.description, l.amountCents])).toEqual([
      [1, 'Laptop', 269_700],
      [2, 'Setup hours', 19_998],
      [3, 'Loyalty discount', -10_000],
    ]);
    const got = await c.agent.get(`/api/staff/quotes/${quote.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(quote);
    expect(await auditActions(c.db, 'quote', quote.id)).toEqual(['create']);
  });

  it('refuses bad input with 422 at the path, writing nothing', async () => {
    const { organization } = await customer(c.db);
    const stranger = await createContact(c.db);
    const base = { organizationId: organization.id, title: 'Q', lines: LINES };
    const post = (body: Record<string, unknown>) => () => c.admin.post('/api/staff/quotes', body);
    await expectRefused(c.db, 422, post({ ...base, organizationId: MISSING_ID }), 'body.organizationId');
    await expectRefused(c.db, 422, post({ ...base, contactId: stranger.id }), 'body.contactId');
    await expectRefused(c.db, 422, post({ ...base, contactId: MISSING_ID }), 'body.contactId');
    await expectRefused(c.db, 422, post({ ...base, lines: [] }), 'body.lines');
    const tooMany = Array.from({ length: 201 }, () => LINES[0]);
    await expectRefused(c.db, 422, post({ ...base, lines: tooMany }), 'body.lines');
    await expectRefused(c.db, 422, post({ ...base, totalCents: 1 }), 'body.totalCents');
    await expectRefused(c.db, 422, post({ ...base, status: 'accepted' }), 'body.status');
    await expectRefused(
      c.db,
      422,
      post({ ...base, lines: [{ ...LINES[0], amountCents: 1 }] }),
      'body.lines.0.amountCents',
    );
    await expectRefused(
      c.db,
      422,
      post({ ...base, lines: [{ ...LINES[0], quantity: 0.001 }] }),
      'body.lines.0.quantity',
    );
    await expectRefused(
      c.db,
      422,
      post({ ...base, lines: [{ ...LINES[0], unitPriceCents: 0.5 }] }),
      'body.lines.0.unitPriceCents',
    );
    const huge = { description: 'x', quantity: 1_000_000, unitPriceCents: 1e15 };
    await expectRefused(c.db, 422, post({ ...base, lines: [huge] }), 'body.lines.0');
    await expectRefused(c.db, 422, post({ ...base, validUntil: '30/06/2030' }), 'body.validUntil');
  });

  it('200 lines are fine', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => ({
      description: `L${i}`,
      quantity: 1,
      unitPriceCents: 1,
    }));
    const { quote } = await createQuote({ lines });
    expect(quote.totalCents).toBe(200);
    expect(quote.lines.map((l) => l.position)).toEqual(lines.map((_, i) => i + 1));
  });

  it('unknown and malformed ids are 404 on every route', async () => {
    const url = `/api/staff/quotes/${MISSING_ID}`;
    expect((await c.admin.get(url)).statusCode).toBe(404);
    expect((await c.admin.get('/api/staff/quotes/x')).statusCode).toBe(404);
    await expectRefused(c.db, 404, () => c.admin.patch(url, { title: 'x' }));
    await expectRefused(c.db, 404, () => c.admin.delete(url));
    await expectRefused(c.db, 404, () => c.admin.post(`${url}/send`));
    await expectRefused(c.db, 404, () => c.admin.post('/api/staff/quotes/x/send'));
  });
});

describe('quotes: list', () => {
  it('filters by organization and status, newest first, without lines', async () => {
    const { quote: first, organization } = await createQuote();
    const res = await c.admin.post('/api/staff/quotes', {
      organizationId: organization.id,
      title: 'Two',
      lines: LINES,
    });
    const second = res.json() as Quote;
    await c.admin.post(`/api/staff/quotes/${first.id}/send`);
    const list = async (query: string) => {
      const r = await c.admin.get(`/api/staff/quotes?${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { items: Array<Record<string, unknown>>; nextCursor: string | null };
    };
    const all = await list(`organizationId=${organization.id}`);
    expect(all.items.map((q) => q.id)).toEqual([second.id, first.id]);
    expect(all.items[0]).not.toHaveProperty('lines');
    expect((await list(`organizationId=${organization.id}&status=sent`)).items.map((q) => q.id)).toEqual([
      first.id,
    ]);
    const page1 = await list(`organizationId=${organization.id}&limit=1`);
    expect(page1.items.map((q) => q.id)).toEqual([second.id]);
    const page2 = await list(`organizationId=${organization.id}&limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items.map((q) => q.id)).toEqual([first.id]);
    expect(page2.nextCursor).toBeNull();
    expect((await c.admin.get('/api/staff/quotes?status=won')).statusCode).toBe(422);
    expect((await c.admin.get(`/api/staff/quotes?cursor=${TAMPERED_CURSOR}`)).statusCode).toBe(422);
  });
});

describe('quotes: editing drafts', () => {
  it('PATCH replaces the lines and recomputes the total', async () => {
    const { quote } = await createQuote();
    const res = await c.agent.patch(`/api/staff/quotes/${quote.id}`, {
      title: 'Fewer laptops',
      contactId: null,
      validUntil: null,
      lines: [{ description: 'Laptop', quantity: 1, unitPriceCents: 89_900 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const updated = res.json() as Quote;
    expect(updated).toMatchObject({
      title: 'Fewer laptops',
      contactId: null,
      validUntil: null,
      totalCents: 89_900,
    });
    expect(updated.lines).toHaveLength(1);
    expect(
      await c.db.selectFrom('quote_lines').select('id').where('quote_id', '=', quote.id).execute(),
    ).toHaveLength(1);
    const titleOnly = await c.agent.patch(`/api/staff/quotes/${quote.id}`, { title: 'Just the title' });
    expect(titleOnly.json()).toMatchObject({ totalCents: 89_900, lines: updated.lines });
    expect(await auditActions(c.db, 'quote', quote.id)).toEqual(['create', 'update', 'update']);
  });

  it('PATCH cannot set the status, the organization or the total', async () => {
    const { quote, organization } = await createQuote();
    const url = `/api/staff/quotes/${quote.id}`;
    await expectRefused(c.db, 422, () => c.admin.patch(url, { status: 'accepted' }), 'body.status');
    await expectRefused(c.db, 422, () => c.admin.patch(url, { status: 'sent' }), 'body.status');
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(url, { organizationId: organization.id }),
      'body.organizationId',
    );
    await expectRefused(c.db, 422, () => c.admin.patch(url, { totalCents: 0 }), 'body.totalCents');
    await expectRefused(c.db, 422, () => c.admin.patch(url, { lines: [] }), 'body.lines');
    const stranger = await createContact(c.db);
    await expectRefused(c.db, 422, () => c.admin.patch(url, { contactId: stranger.id }), 'body.contactId');
  });

  it('deletes a draft with its lines', async () => {
    const { quote } = await createQuote();
    expect((await c.agent.delete(`/api/staff/quotes/${quote.id}`)).statusCode).toBe(204);
    expect((await c.agent.get(`/api/staff/quotes/${quote.id}`)).statusCode).toBe(404);
    expect(
      await c.db.selectFrom('quote_lines').select('id').where('quote_id', '=', quote.id).execute(),
    ).toEqual([]);
    expect(await auditActions(c.db, 'quote', quote.id)).toEqual(['create', 'delete']);
  });
});

describe('quotes: sending', () => {
  it('send moves draft → sent once; a sent quote can no longer be edited or deleted (409)', async () => {
    const { quote } = await createQuote();
    const url = `/api/staff/quotes/${quote.id}`;
    const res = await c.agent.post(`${url}/send`);
    expect(res.statusCode, res.body).toBe(200);
    const sent = res.json() as Quote;
    expect(sent.status).toBe('sent');
    expect(new Date(sent.sentAt ?? 0).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(sent.lines).toEqual(quote.lines);
    await expectRefused(c.db, 409, () => c.admin.post(`${url}/send`));
    await expectRefused(c.db, 409, () => c.admin.patch(url, { title: 'Changed' }));
    await expectRefused(c.db, 409, () => c.admin.delete(url));
    expect(await auditActions(c.db, 'quote', quote.id)).toEqual(['create', 'send']);
  });

  it('accepted and declined quotes are not sent again or edited (409)', async () => {
    for (const status of ['accepted', 'declined'] as const) {
      const { quote } = await createQuote();
      await c.db.updateTable('quotes').set({ status }).where('id', '=', quote.id).execute();
      const url = `/api/staff/quotes/${quote.id}`;
      await expectRefused(c.db, 409, () => c.admin.post(`${url}/send`));
      await expectRefused(c.db, 409, () => c.admin.patch(url, { title: 'x' }));
      await expectRefused(c.db, 409, () => c.admin.delete(url));
    }
  });

  it('send takes no fields, and works without a body', async () => {
    const { quote } = await createQuote();
    const url = `/api/staff/quotes/${quote.id}/send`;
    await expectRefused(c.db, 422, () => c.admin.post(url, { status: 'accepted' }), 'body.status');
    const res = await c.admin.request('POST', url);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('two concurrent sends: one wins, the other is 409', async () => {
    const { quote } = await createQuote();
    const url = `/api/staff/quotes/${quote.id}/send`;
    const results = await Promise.all([c.admin.post(url), c.agent.post(url)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await auditActions(c.db, 'quote', quote.id)).toEqual(['create', 'send']);
  });
});
