import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../support/factories.ts';
import {
  auditActions,
  customer,
  expectRefused,
  INVOICE_LINES,
  INVOICE_TOTAL,
  invoiceHelpers,
  MISSING_ID,
  startRecordsApp,
  TAMPERED_CURSOR,
  today,
  type Ctx,
  type InvoiceJson,
} from './records-helpers.ts';

let c: Ctx;
beforeAll(async () => {
  c = await startRecordsApp();
});
afterAll(async () => c.t.close());

type Invoice = InvoiceJson;
const LINES = INVOICE_LINES;
const TOTAL = INVOICE_TOTAL;
const { createInvoice, issuedInvoice, pay, getInvoice, acceptedQuote } = invoiceHelpers(() => c);

describe('invoices: authentication', () => {
  it('answers 401 without a session on every route', async () => {
    const invoice = await createInvoice();
    const url = `/api/staff/invoices/${invoice.id}`;
    await expectRefused(c.db, 401, () => c.anon.get('/api/staff/invoices'));
    await expectRefused(c.db, 401, () => c.anon.get(url));
    await expectRefused(c.db, 401, () =>
      c.anon.post('/api/staff/invoices', { organizationId: invoice.organizationId, lines: LINES }),
    );
    await expectRefused(c.db, 401, () => c.anon.patch(url, { notes: 'x' }));
    await expectRefused(c.db, 401, () => c.anon.delete(url));
    await expectRefused(c.db, 401, () => c.anon.post(`${url}/issue`));
    await expectRefused(c.db, 401, () => c.anon.post(`${url}/void`));
    await expectRefused(c.db, 401, () => c.anon.post(`/api/staff/quotes/${MISSING_ID}/invoice`));
  });
});

describe('invoices: drafts', () => {
  it('creates a draft with computed totals, nothing paid yet', async () => {
    const { organization } = await customer(c.db);
    const invoice = await createInvoice({
      organizationId: organization.id,
      notes: 'Thanks!',
      issuedOn: '2025-05-01',
      dueOn: '2025-05-31',
    });
    expect(invoice).toMatchObject({
      status: 'draft',
      quoteId: null,
      totalCents: TOTAL,
      paidCents: 0,
      balanceCents: TOTAL,
      notes: 'Thanks!',
      issuedOn: '2025-05-01',
      dueOn: '2025-05-31',
    });
    expect(invoice.lines.map((l) => [l.position, l.amountCents])).toEqual([
      [1, 50_000],
      [2, 5_001],
    ]);
    expect(await getInvoice(invoice.id)).toEqual(invoice);
    expect(await auditActions(c.db, 'invoice', invoice.id)).toEqual(['create']);
  });

  it('refuses bad input with 422 at the path, writing nothing', async () => {
    const { organization } = await customer(c.db);
    const other = await createOrganization(c.db);
    const foreignQuote = await acceptedQuote(other.id);
    const base = { organizationId: organization.id, lines: LINES };
    const post = (body: Record<string, unknown>) => () => c.admin.post('/api/staff/invoices', body);
    await expectRefused(c.db, 422, post({ ...base, organizationId: MISSING_ID }), 'body.organizationId');
    await expectRefused(c.db, 422, post({ ...base, quoteId: MISSING_ID }), 'body.quoteId');
    await expectRefused(c.db, 422, post({ ...base, quoteId: foreignQuote.id }), 'body.quoteId');
    await expectRefused(
      c.db,
      422,
      post({ ...base, issuedOn: '2025-05-02', dueOn: '2025-05-01' }),
      'body.dueOn',
    );
    await expectRefused(c.db, 422, post({ ...base, lines: [] }), 'body.lines');
    await expectRefused(c.db, 422, post({ ...base, status: 'paid' }), 'body.status');
    await expectRefused(c.db, 422, post({ ...base, paidCents: 5 }), 'body.paidCents');
  });

  it('PATCH edits a draft and recomputes the total; unknown ids are 404', async () => {
    const invoice = await createInvoice();
    const quote = await acceptedQuote(invoice.organizationId);
    const url = `/api/staff/invoices/${invoice.id}`;
    const res = await c.agent.patch(url, {
      notes: 'Updated',
      quoteId: quote.id,
      dueOn: '2025-07-01',
      lines: [{ description: 'One thing', quantity: 3, unitPriceCents: 333 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      notes: 'Updated',
      quoteId: quote.id,
      totalCents: 999,
      balanceCents: 999,
    });
    expect((res.json() as Invoice).lines).toHaveLength(1);
    await expectRefused(c.db, 422, () => c.admin.patch(url, { issuedOn: '2025-07-02' }), 'body.dueOn');
    await expectRefused(c.db, 422, () => c.admin.patch(url, { status: 'issued' }), 'body.status');
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(url, { organizationId: MISSING_ID }),
      'body.organizationId',
    );
    await expectRefused(c.db, 404, () => c.admin.patch(`/api/staff/invoices/${MISSING_ID}`, { notes: 'x' }));
    await expectRefused(c.db, 404, () => c.admin.delete(`/api/staff/invoices/${MISSING_ID}`));
    expect((await c.admin.get('/api/staff/invoices/nope')).statusCode).toBe(404);
  });

  it('deletes a draft with its lines', async () => {
    const invoice = await createInvoice();
    expect((await c.agent.delete(`/api/staff/invoices/${invoice.id}`)).statusCode).toBe(204);
    expect((await c.agent.get(`/api/staff/invoices/${invoice.id}`)).statusCode).toBe(404);
    const lines = await c.db
      .selectFrom('invoice_lines')
      .select('id')
      .where('invoice_id', '=', invoice.id)
      .execute();
    expect(lines).toEqual([]);
    expect(await auditActions(c.db, 'invoice', invoice.id)).toEqual(['create', 'delete']);
  });

  it('lists by organization and status, with paid and balance', async () => {
    const organization = await createOrganization(c.db);
    const a = await issuedInvoice({ organizationId: organization.id });
    const b = await createInvoice({ organizationId: organization.id });
    expect((await pay(a, 1_000)).statusCode).toBe(201);
    const list = async (query: string) =>
      (await c.admin.get(`/api/staff/invoices?${query}`)).json() as {
        items: Invoice[];
        nextCursor: string | null;
      };
    const all = await list(`organizationId=${organization.id}`);
    expect(all.items.map((i) => [i.id, i.paidCents, i.balanceCents])).toEqual([
      [b.id, 0, TOTAL],
      [a.id, 1_000, TOTAL - 1_000],
    ]);
    expect(all.items[0]).not.toHaveProperty('lines');
    expect(
      (await list(`organizationId=${organization.id}&status=partially_paid`)).items.map((i) => i.id),
    ).toEqual([a.id]);
    const page1 = await list(`organizationId=${organization.id}&limit=1`);
    expect(
      (await list(`organizationId=${organization.id}&limit=1&cursor=${page1.nextCursor}`)).items[0]?.id,
    ).toBe(a.id);
    expect((await c.admin.get(`/api/staff/invoices?cursor=${TAMPERED_CURSOR}`)).statusCode).toBe(422);
  });
});

describe('invoices: status transitions', () => {
  it('issue: draft → issued, dated today when no date was set; then locked (409)', async () => {
    const invoice = await issuedInvoice();
    expect(invoice).toMatchObject({ status: 'open', issuedOn: await today(c.db) });
    const url = `/api/staff/invoices/${invoice.id}`;
    await expectRefused(c.db, 409, () => c.admin.post(`${url}/issue`));
    await expectRefused(c.db, 409, () => c.admin.patch(url, { notes: 'x' }));
    await expectRefused(c.db, 409, () => c.admin.delete(url));
    expect(await auditActions(c.db, 'invoice', invoice.id)).toEqual(['create', 'issue']);
  });

  it('issue keeps a date that was set', async () => {
    const invoice = await issuedInvoice({ issuedOn: '2024-12-31' });
    expect(invoice.issuedOn).toBe('2024-12-31');
  });

  it('void: issued → void only; a draft or void invoice cannot be voided (409)', async () => {
    const draft = await createInvoice();
    await expectRefused(c.db, 409, () => c.admin.post(`/api/staff/invoices/${draft.id}/void`));
    const invoice = await issuedInvoice();
    const res = await c.agent.post(`/api/staff/invoices/${invoice.id}/void`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'void' });
    await expectRefused(c.db, 409, () => c.admin.post(`/api/staff/invoices/${invoice.id}/void`));
    await expectRefused(c.db, 409, () => c.admin.post(`/api/staff/invoices/${invoice.id}/issue`));
    await expectRefused(c.db, 404, () => c.admin.post(`/api/staff/invoices/${MISSING_ID}/void`));
    await expectRefused(c.db, 404, () => c.admin.post(`/api/staff/invoices/${MISSING_ID}/issue`));
    await expectRefused(
      c.db,
      422,
      () => c.admin.post(`/api/staff/invoices/${draft.id}/issue`, { on: 'x' }),
      'body.on',
    );
  });
});

describe('invoices: from an accepted quote', () => {
  it('copies the lines and the total into a draft invoice, once', async () => {
    const { organization } = await customer(c.db);
    const quote = await acceptedQuote(organization.id);
    const res = await c.agent.post(`/api/staff/quotes/${quote.id}/invoice`);
    expect(res.statusCode, res.body).toBe(201);
    const invoice = res.json() as Invoice;
    expect(invoice).toMatchObject({
      organizationId: organization.id,
      quoteId: quote.id,
      status: 'draft',
      totalCents: quote.totalCents,
      balanceCents: quote.totalCents,
    });
    expect(
      invoice.lines.map(({ position, description, quantity, unitPriceCents, amountCents }) => ({
        position,
        description,
        quantity,
        unitPriceCents,
        amountCents,
      })),
    ).toEqual(LINES.map((l, i) => ({ ...l, position: i + 1, amountCents: [50_000, 5_001][i] })));
    expect(await auditActions(c.db, 'invoice', invoice.id)).toEqual(['create_from_quote']);
    await expectRefused(c.db, 409, () => c.admin.post(`/api/staff/quotes/${quote.id}/invoice`));
  });

  it('a quote that is not accepted is 409; an unknown one 404', async () => {
    const { organization } = await customer(c.db);
    const res = await c.admin.post('/api/staff/quotes', {
      organizationId: organization.id,
      title: 'T',
      lines: LINES,
    });
    const quote = res.json() as { id: string };
    await expectRefused(c.db, 409, () => c.admin.post(`/api/staff/quotes/${quote.id}/invoice`));
    await c.admin.post(`/api/staff/quotes/${quote.id}/send`);
    await expectRefused(c.db, 409, () => c.admin.post(`/api/staff/quotes/${quote.id}/invoice`));
    await expectRefused(c.db, 404, () => c.admin.post(`/api/staff/quotes/${MISSING_ID}/invoice`));
    await expectRefused(c.db, 404, () => c.admin.post('/api/staff/quotes/1/invoice'));
  });
});
