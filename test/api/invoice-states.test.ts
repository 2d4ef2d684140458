// The invoice states (docs/billing.md) as one table: every due date × payments × lifecycle,
// through the API, the detail and the list filter agreeing. Runs on PGlite and PostgreSQL.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBillingSettings } from '../../src/db/billing-settings.ts';
import { issuePaths } from '../support/expect.ts';
import { createOrganization } from '../support/factories.ts';
import {
  expectRefused,
  INVOICE_TOTAL,
  invoiceHelpers,
  startRecordsApp,
  type Ctx,
  type InvoiceJson,
} from './records-helpers.ts';

let c: Ctx;
beforeAll(async () => {
  c = await startRecordsApp();
});
afterAll(async () => c.t.close());

const TOTAL = INVOICE_TOTAL;
const PARTIAL = 1_234;
const { createInvoice, issuedInvoice, pay, getInvoice } = invoiceHelpers(() => c);

/** 'YYYY-MM-DD' moved by whole days. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function billingToday(): Promise<string> {
  const { rows } = await sql<{ d: string }>`select portico_billing_today()::text as d`.execute(c.db);
  return rows[0]!.d;
}

type Due = 'past' | 'today' | 'future' | 'none';
type Paid = 'none' | 'partial' | 'exact' | 'over';
type Lifecycle = 'draft' | 'issued' | 'void';
type Expected = { status: string; balanceCents: number; paidCents: number };

/** The rule, written out case by case. */
function expected(due: Due, paid: Paid, lifecycle: Lifecycle): Expected {
  // An overpayment is refused (422), so it leaves the invoice as unpaid.
  const paidCents = paid === 'partial' ? PARTIAL : paid === 'exact' ? TOTAL : 0;
  if (lifecycle === 'draft') return { status: 'draft', balanceCents: TOTAL, paidCents: 0 };
  // A paid invoice cannot be voided (409): it stays paid.
  if (lifecycle === 'void' && paid !== 'exact') return { status: 'void', balanceCents: 0, paidCents };
  if (paidCents === TOTAL) return { status: 'paid', balanceCents: 0, paidCents };
  const balanceCents = TOTAL - paidCents;
  if (due === 'past') return { status: 'overdue', balanceCents, paidCents };
  return { status: paidCents > 0 ? 'partially_paid' : 'open', balanceCents, paidCents };
}

const DUES: Due[] = ['past', 'today', 'future', 'none'];
const PAIDS: Paid[] = ['none', 'partial', 'exact', 'over'];
const LIFECYCLES: Lifecycle[] = ['draft', 'issued', 'void'];
const CASES = DUES.flatMap((due) =>
  PAIDS.flatMap((paid) => LIFECYCLES.map((lifecycle) => ({ due, paid, lifecycle }))),
);

describe('invoice states: every due date × payments × lifecycle', () => {
  it('answers the expected state and balance in the detail, and the list filter agrees', async () => {
    const organization = await createOrganization(c.db);
    const today = await billingToday();
    const dueOn: Record<Due, string | null> = {
      past: addDays(today, -1),
      today,
      future: addDays(today, 1),
      none: null,
    };
    const made: Array<{ name: string; invoice: InvoiceJson; want: Expected }> = [];
    for (const { due, paid, lifecycle } of CASES) {
      const name = `${due}/${paid}/${lifecycle}`;
      const body = { organizationId: organization.id, issuedOn: '2020-01-02', dueOn: dueOn[due] };
      const invoice = lifecycle === 'draft' ? await createInvoice(body) : await issuedInvoice(body);
      const amount = { none: 0, partial: PARTIAL, exact: TOTAL, over: TOTAL + 1 }[paid];
      if (amount > 0) {
        const res = await pay(invoice, amount);
        const refused = lifecycle === 'draft' || paid === 'over';
        expect(res.statusCode, `${name}: ${res.body}`).toBe(refused ? 422 : 201);
        if (refused)
          expect(issuePaths(res.json()), name).toEqual([
            lifecycle === 'draft' ? 'body.invoiceId' : 'body.amountCents',
          ]);
      }
      if (lifecycle === 'void') {
        const res = await c.admin.post(`/api/staff/invoices/${invoice.id}/void`);
        expect(res.statusCode, `${name}: ${res.body}`).toBe(paid === 'exact' ? 409 : 200);
      }
      made.push({ name, invoice, want: expected(due, paid, lifecycle) });
    }

    for (const { name, invoice, want } of made) {
      const got = await getInvoice(invoice.id);
      expect({ status: got.status, balanceCents: got.balanceCents, paidCents: got.paidCents }, name).toEqual(
        want,
      );
      expect(got.currency, name).toBe('EUR');
    }

    for (const status of ['draft', 'open', 'overdue', 'partially_paid', 'paid', 'void']) {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const query = `organizationId=${organization.id}&status=${status}&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await c.admin.get(`/api/staff/invoices?${query}`)).json() as {
          items: InvoiceJson[];
          nextCursor: string | null;
        };
        ids.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      const want = made.filter((m) => m.want.status === status).map((m) => m.invoice.id);
      expect(ids.sort(), status).toEqual(want.sort());
      expect(want.length, status).toBeGreaterThan(0);
    }
  });

  it('a void invoice takes no payment (422, nothing recorded) and owes nothing', async () => {
    const invoice = await issuedInvoice({ dueOn: '2020-12-01', issuedOn: '2020-11-01' });
    await c.admin.post(`/api/staff/invoices/${invoice.id}/void`);
    await expectRefused(c.db, 422, () => pay(invoice, 100), 'body.invoiceId');
    expect(await getInvoice(invoice.id)).toMatchObject({ status: 'void', balanceCents: 0, paidCents: 0 });
  });
});

describe('overdue is judged in BILLING_TIME_ZONE', () => {
  it('the same due date is overdue east of the date line and due today west of it', async () => {
    // UTC+14 and UTC-11 are 25 hours apart: their calendar dates always differ.
    const west = 'Pacific/Pago_Pago';
    const east = 'Pacific/Kiritimati';
    try {
      await applyBillingSettings(c.db, { defaultCurrency: 'EUR', timeZone: west });
      const westToday = await billingToday();
      const invoice = await issuedInvoice({ issuedOn: '2020-01-02', dueOn: westToday });
      expect((await getInvoice(invoice.id)).status).toBe('open');
      await applyBillingSettings(c.db, { defaultCurrency: 'EUR', timeZone: east });
      expect(await billingToday()).not.toBe(westToday);
      expect((await getInvoice(invoice.id)).status).toBe('overdue');
    } finally {
      await applyBillingSettings(c.db, { defaultCurrency: 'EUR', timeZone: 'UTC' });
    }
  });

  it('an unknown time zone stops the start', async () => {
    await expect(
      applyBillingSettings(c.db, { defaultCurrency: 'EUR', timeZone: 'Mars/Olympus' }),
    ).rejects.toThrow(/BILLING_TIME_ZONE/);
  });
});

describe('currencies', () => {
  it('an organization bills in its own currency, else the default; it is fixed once money is recorded', async () => {
    const chf = (
      await c.admin.post('/api/staff/organizations', { name: `Swiss ${Date.now()}`, currency: 'chf' })
    ).json() as { id: string; currency: string };
    expect(chf.currency).toBe('CHF');
    const invoice = await issuedInvoice({ organizationId: chf.id });
    expect(invoice.currency).toBe('CHF');
    const payment = (await pay(invoice, 100)).json() as { currency: string };
    expect(payment.currency).toBe('CHF');
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(`/api/staff/organizations/${chf.id}`, { currency: 'EUR' }),
      'body.currency',
    );
    await expectRefused(
      c.db,
      422,
      () => c.admin.post('/api/staff/organizations', { name: 'Bad', currency: 'EURO' }),
      'body.currency',
    );
    const plain = await createOrganization(c.db);
    expect((await createInvoice({ organizationId: plain.id })).currency).toBe('EUR');
    // Before anything is recorded, the currency may change.
    const fresh = await createOrganization(c.db);
    const res = await c.admin.patch(`/api/staff/organizations/${fresh.id}`, { currency: 'USD' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await createInvoice({ organizationId: fresh.id })).currency).toBe('USD');
  });
});
