// Shared by the record module tests (assets, contracts and charges, quotes, invoices and payments).
import type { LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import { signedInStaff, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, createStaffUser, TEST_PASSWORD } from '../support/factories.ts';
import { expectError, expectUnchanged } from '../support/expect.ts';

export const MISSING_ID = '01900000-0000-7000-8000-000000000000';

export type Ctx = {
  t: TestApp;
  db: Kysely<DB>;
  admin: TestClient;
  agent: TestClient;
  /** Not signed in. */
  anon: TestClient;
};

export async function startRecordsApp(): Promise<Ctx> {
  const t = await startTestApp();
  const db = t.testDb.database.db;
  const adminUser = await createStaffUser(db, { role: 'admin' });
  const agentUser = await createStaffUser(db, { role: 'agent' });
  return {
    t,
    db,
    admin: await signedInStaff(t.app, adminUser.email, TEST_PASSWORD),
    agent: await signedInStaff(t.app, agentUser.email, TEST_PASSWORD),
    anon: new TestClient(t.app),
  };
}

/** An organization with one contact. */
export async function customer(db: Kysely<DB>) {
  const organization = await createOrganization(db);
  const contact = await createContact(db, { organizationId: organization.id });
  return { organization, contact };
}

export async function insertTicket(db: Kysely<DB>, organizationId: string, requesterId: string) {
  return db
    .insertInto('tickets')
    .values({
      subject: 'Printer jam',
      requester_id: requesterId,
      organization_id: organizationId,
      asset_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const TABLES = [
  'assets',
  'contracts',
  'charges',
  'quotes',
  'quote_lines',
  'invoices',
  'invoice_lines',
  'payments',
  'tickets',
  'audit_log',
] as const;

/** A digest of every row of the record tables and the audit log: equal digests, nothing written. */
export async function snapshot(db: Kysely<DB>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const row = await sql<{ digest: string | null }>`
      select md5(string_agg(t::text, '|' order by t.id)) as digest from ${sql.table(table)} t`.execute(db);
    out[table] = row.rows[0]?.digest ?? 'empty';
  }
  return out;
}

/** Runs a request that must be refused with `status` and checks that it changed nothing. */
export async function expectRefused(
  db: Kysely<DB>,
  status: number,
  send: () => Promise<LightMyRequestResponse>,
  path?: string,
): Promise<LightMyRequestResponse> {
  const res = await expectUnchanged(() => snapshot(db), send);
  expectError(res, status, undefined, path);
  return res;
}

export async function auditActions(db: Kysely<DB>, entityType: string, entityId: string) {
  const rows = await db
    .selectFrom('audit_log')
    .select('action')
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

/** The database's today, as the server computes its defaults. */
export async function today(db: Kysely<DB>): Promise<string> {
  const row = await sql<{ d: string }>`select current_date::text as d`.execute(db);
  return row.rows[0]?.d ?? '';
}

/** A cursor whose value is not an id: 422, never a database cast error. */
export const TAMPERED_CURSOR = Buffer.from(JSON.stringify(['not-a-uuid'])).toString('base64url');

// Invoices and payments (invoices.test.ts, invoices-payments.test.ts).

export type InvoiceJson = {
  id: string;
  organizationId: string;
  quoteId: string | null;
  status: string;
  issuedOn: string | null;
  dueOn: string | null;
  totalCents: number;
  paidCents: number;
  balanceCents: number;
  currency: string;
  lines: Array<{
    position: number;
    description: string;
    quantity: number;
    unitPriceCents: number;
    amountCents: number;
  }>;
};
export type PaymentJson = {
  id: string;
  invoiceId: string | null;
  amountCents: number;
  method: string;
  receivedOn: string;
};

export const INVOICE_LINES = [
  { description: 'Monthly support', quantity: 1, unitPriceCents: 50_000 },
  { description: 'Extra hours', quantity: 0.5, unitPriceCents: 10_001 },
];
/** 50 000 + round(5 000.5) */
export const INVOICE_TOTAL = 50_000 + 5_001;

/** `ctx` is read on each call: the app starts in beforeAll, after these are made. */
export function invoiceHelpers(ctx: () => Ctx) {
  async function createInvoice(body: Record<string, unknown> = {}) {
    const organizationId =
      (body.organizationId as string | undefined) ?? (await createOrganization(ctx().db)).id;
    const res = await ctx().admin.post('/api/staff/invoices', {
      organizationId,
      lines: INVOICE_LINES,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as InvoiceJson;
  }
  async function issuedInvoice(body: Record<string, unknown> = {}) {
    const invoice = await createInvoice(body);
    const res = await ctx().admin.post(`/api/staff/invoices/${invoice.id}/issue`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as InvoiceJson;
  }
  const pay = (invoice: InvoiceJson, amountCents: number) =>
    ctx().agent.post('/api/staff/payments', {
      organizationId: invoice.organizationId,
      invoiceId: invoice.id,
      amountCents,
    });
  const getInvoice = async (id: string) =>
    (await ctx().admin.get(`/api/staff/invoices/${id}`)).json() as InvoiceJson;
  /** Contacts accept quotes in the portal; here the row is set directly. */
  async function acceptedQuote(organizationId: string) {
    const res = await ctx().admin.post('/api/staff/quotes', {
      organizationId,
      title: 'Upgrade',
      lines: INVOICE_LINES,
    });
    const quote = res.json() as { id: string; totalCents: number };
    await ctx().db.updateTable('quotes').set({ status: 'accepted' }).where('id', '=', quote.id).execute();
    return quote;
  }
  return { createInvoice, issuedInvoice, pay, getInvoice, acceptedQuote };
}
