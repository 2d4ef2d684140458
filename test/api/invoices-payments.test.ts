import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../support/factories.ts';
import {
  auditActions,
  expectRefused,
  INVOICE_TOTAL,
  invoiceHelpers,
  MISSING_ID,
  startRecordsApp,
  today,
  type Ctx,
  type PaymentJson,
} from './records-helpers.ts';

let c: Ctx;
beforeAll(async () => {
  c = await startRecordsApp();
});
afterAll(async () => c.t.close());

const TOTAL = INVOICE_TOTAL;
const { createInvoice, issuedInvoice, pay, getInvoice } = invoiceHelpers(() => c);
type Payment = PaymentJson;

describe('payments', () => {
  it('answers 401 without a session on every route', async () => {
    const invoice = await issuedInvoice();
    const created = await pay(invoice, 100);
    const payment = created.json() as Payment;
    await expectRefused(c.db, 401, () => c.anon.get('/api/staff/payments'));
    await expectRefused(c.db, 401, () => c.anon.get(`/api/staff/payments/${payment.id}`));
    await expectRefused(c.db, 401, () =>
      c.anon.post('/api/staff/payments', { organizationId: invoice.organizationId, amountCents: 1 }),
    );
    await expectRefused(c.db, 401, () => c.anon.delete(`/api/staff/payments/${payment.id}`));
  });

  it('records a payment without an invoice, with defaults', async () => {
    const organization = await createOrganization(c.db);
    const res = await c.agent.post('/api/staff/payments', {
      organizationId: organization.id,
      amountCents: 12_345,
    });
    expect(res.statusCode, res.body).toBe(201);
    const payment = res.json() as Payment;
    expect(payment).toMatchObject({
      invoiceId: null,
      amountCents: 12_345,
      method: 'bank_transfer',
      receivedOn: await today(c.db),
    });
    expect((await c.agent.get(`/api/staff/payments/${payment.id}`)).json()).toEqual(payment);
    expect(await auditActions(c.db, 'payment', payment.id)).toEqual(['create']);
  });

  it('refuses bad payments: 422 for bad fields, references, an invoice not issued, an overpayment', async () => {
    const invoice = await issuedInvoice();
    const draft = await createInvoice({ organizationId: invoice.organizationId });
    const other = await createOrganization(c.db);
    const post = (body: Record<string, unknown>) => () =>
      c.admin.post('/api/staff/payments', {
        organizationId: invoice.organizationId,
        amountCents: 100,
        ...body,
      });
    await expectRefused(c.db, 422, post({ organizationId: MISSING_ID }), 'body.organizationId');
    await expectRefused(c.db, 422, post({ invoiceId: MISSING_ID }), 'body.invoiceId');
    await expectRefused(
      c.db,
      422,
      post({ organizationId: other.id, invoiceId: invoice.id }),
      'body.invoiceId',
    );
    await expectRefused(c.db, 422, post({ amountCents: 0 }), 'body.amountCents');
    await expectRefused(c.db, 422, post({ amountCents: -5 }), 'body.amountCents');
    await expectRefused(c.db, 422, post({ amountCents: 10.5 }), 'body.amountCents');
    await expectRefused(c.db, 422, post({ method: 'bitcoin' }), 'body.method');
    await expectRefused(c.db, 422, post({ receivedOn: '2025-13-01' }), 'body.receivedOn');
    await expectRefused(c.db, 422, post({ status: 'paid' }), 'body.status');
    await expectRefused(c.db, 422, post({ invoiceId: draft.id }), 'body.invoiceId');
    await expectRefused(
      c.db,
      422,
      post({ invoiceId: invoice.id, amountCents: TOTAL + 1 }),
      'body.amountCents',
    );
    await c.admin.post(`/api/staff/invoices/${invoice.id}/void`);
    await expectRefused(c.db, 422, post({ invoiceId: invoice.id }), 'body.invoiceId');
  });

  it('the payment that covers the total marks the invoice paid; later payments are 422', async () => {
    const invoice = await issuedInvoice();
    const first = await pay(invoice, 5_000);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ amountCents: 5_000, currency: 'EUR' });
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'partially_paid',
      paidCents: 5_000,
      balanceCents: TOTAL - 5_000,
      currency: 'EUR',
    });
    const second = await c.agent.post('/api/staff/payments', {
      organizationId: invoice.organizationId,
      invoiceId: invoice.id,
      amountCents: TOTAL - 5_000,
      method: 'card',
      reference: 'AUTH-778',
      receivedOn: '2025-06-01',
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ method: 'card', reference: 'AUTH-778', receivedOn: '2025-06-01' });
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'paid', paidCents: TOTAL, balanceCents: 0 });
    expect(await auditActions(c.db, 'invoice', invoice.id)).toEqual(['create', 'issue', 'mark_paid']);
    await expectRefused(c.db, 422, () => pay(invoice, 1), 'body.amountCents');
    await expectRefused(c.db, 409, () => c.admin.post(`/api/staff/invoices/${invoice.id}/void`));
  });

  it('concurrent payments: the invoice ends paid, and none overpays it', async () => {
    const invoice = await issuedInvoice();
    // Any two of these but the two larger ones add up to the total; those two would overpay.
    const small = Math.floor(TOTAL / 2);
    const large = TOTAL - small;
    const results = await Promise.all([pay(invoice, small), pay(invoice, large), pay(invoice, large)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 422]);
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'paid', paidCents: TOTAL, balanceCents: 0 });
  });

  it('lists by organization and invoice, newest first', async () => {
    const invoice = await issuedInvoice();
    const loose = (
      await c.admin.post('/api/staff/payments', { organizationId: invoice.organizationId, amountCents: 7 })
    ).json() as Payment;
    const p1 = (await pay(invoice, 10)).json() as Payment;
    const p2 = (await pay(invoice, 20)).json() as Payment;
    const ids = async (query: string) =>
      ((await c.admin.get(`/api/staff/payments?${query}`)).json() as { items: Payment[] }).items.map(
        (p) => p.id,
      );
    expect(await ids(`organizationId=${invoice.organizationId}`)).toEqual([p2.id, p1.id, loose.id]);
    expect(await ids(`invoiceId=${invoice.id}`)).toEqual([p2.id, p1.id]);
    expect(await ids(`organizationId=${invoice.organizationId}&limit=1`)).toEqual([p2.id]);
    expect((await c.admin.get('/api/staff/payments?invoiceId=nope')).statusCode).toBe(422);
    expect((await c.admin.get(`/api/staff/payments/${MISSING_ID}`)).statusCode).toBe(404);
  });

  it('delete is for admins: agents get 403; deleting reopens an invoice no longer covered', async () => {
    const invoice = await issuedInvoice();
    const small = (await pay(invoice, 1_000)).json() as Payment;
    const rest = (await pay(invoice, TOTAL - 1_000)).json() as Payment;
    expect((await getInvoice(invoice.id)).status).toBe('paid');
    await expectRefused(c.db, 403, () => c.agent.delete(`/api/staff/payments/${small.id}`));
    await expectRefused(c.db, 404, () => c.admin.delete(`/api/staff/payments/${MISSING_ID}`));
    await expectRefused(c.db, 404, () => c.admin.delete('/api/staff/payments/x'));
    expect((await c.admin.delete(`/api/staff/payments/${small.id}`)).statusCode).toBe(204);
    expect(await getInvoice(invoice.id)).toMatchObject({
      status: 'partially_paid',
      paidCents: TOTAL - 1_000,
      balanceCents: 1_000,
    });
    expect(await auditActions(c.db, 'payment', small.id)).toEqual(['create', 'delete']);
    expect(await auditActions(c.db, 'invoice', invoice.id)).toEqual([
      'create',
      'issue',
      'mark_paid',
      'mark_unpaid',
    ]);
    expect((await c.admin.get(`/api/staff/payments/${small.id}`)).statusCode).toBe(404);
    await expectRefused(c.db, 404, () => c.admin.delete(`/api/staff/payments/${small.id}`));
    // Paying the gap again completes it again.
    expect((await pay(invoice, 1_000)).statusCode).toBe(201);
    expect((await getInvoice(invoice.id)).status).toBe('paid');
    expect(rest.amountCents).toBe(TOTAL - 1_000);
  });

  it('deleting a payment of a void invoice leaves it void', async () => {
    const voided = await issuedInvoice();
    const p = (await pay(voided, 100)).json() as Payment;
    await c.admin.post(`/api/staff/invoices/${voided.id}/void`);
    expect((await c.admin.delete(`/api/staff/payments/${p.id}`)).statusCode).toBe(204);
    expect((await getInvoice(voided.id)).status).toBe('void');
  });

  it('an organization with invoices and payments cannot be deleted (409)', async () => {
    const invoice = await issuedInvoice();
    await pay(invoice, 1);
    await expectRefused(c.db, 409, () =>
      c.admin.delete(`/api/staff/organizations/${invoice.organizationId}`),
    );
  });
});
