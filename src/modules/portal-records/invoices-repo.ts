import { balanceOf, paidCentsOf, stateOf } from '../invoices/state.ts';
import type { ContactActor } from '../../authz/actor.ts';
import { visibleOrganizationRecords } from '../../authz/records/condition.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { ORGANIZATION_COLUMNS, organizationOf } from '../portal-shared/refs.ts';
import { LINE_COLUMNS, toLine } from './lines.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import type { Db } from '../../db/database.ts';
import type { PortalInvoice, PortalInvoiceDetail, PortalLine, PortalPayment } from './schema.ts';
import { visibleInvoices, visibleQuotes } from '../../authz/records/condition.ts';

// ---- invoices: every read ANDs visibleInvoices (the record scope, never a draft) ----

const paid = paidCentsOf('i');

function visible(db: Db, actor: ContactActor) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .leftJoin('quotes as vq', (join) => join.onRef('vq.id', '=', 'i.quote_id').on(visibleQuotes(actor, 'vq')))
    .select([
      'i.id',
      'i.number',
      'i.status',
      'i.issued_on',
      'i.due_on',
      'i.total_cents',
      'i.currency',
      'i.notes',
      'i.created_at',
      'i.updated_at',
      ...ORGANIZATION_COLUMNS,
      'vq.id as quote_id',
      'vq.number as quote_number',
      // The sum of every payment, whether or not the contact may list payments.
      paid.as('paid_cents'),
      balanceOf('i', paid).as('balance_cents'),
      stateOf('i', paid).as('state'),
    ])
    .where(visibleInvoices(actor, 'i'));
}

const toInvoice = (r: RowOf<typeof visible>): PortalInvoice => ({
  id: r.id,
  number: r.number,
  // visibleInvoices never matches a draft.
  status: r.state as PortalInvoice['status'],
  issuedOn: r.issued_on,
  dueOn: r.due_on,
  totalCents: r.total_cents,
  paidCents: r.paid_cents,
  balanceCents: r.balance_cents,
  currency: r.currency,
  organization: organizationOf(r),
  ...(r.quote_id !== null && r.quote_number !== null
    ? { quote: { id: r.quote_id, number: r.quote_number } }
    : {}),
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listPortalInvoices(
  db: Db,
  actor: ContactActor,
  status: PortalInvoice['status'] | undefined,
  page: PageQuery,
) {
  let query = visible(db, actor);
  if (status) query = query.where(stateOf('i', paid), '=', status);
  return pageById(query, 'i.id', 'desc', page, toInvoice);
}

async function invoiceLines(db: Db, actor: ContactActor, id: string): Promise<PortalLine[]> {
  const rows = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select([...LINE_COLUMNS, 'i.currency'])
    .where('l.invoice_id', '=', id)
    .where(visibleInvoices(actor, 'i'))
    .orderBy('l.position')
    .execute();
  return rows.map(toLine);
}

export async function findPortalInvoice(
  db: Db,
  actor: ContactActor,
  id: string,
): Promise<PortalInvoiceDetail | undefined> {
  const row = await visible(db, actor).where('i.id', '=', id).executeTakeFirst();
  return row && { ...toInvoice(row), lines: await invoiceLines(db, actor, id) };
}

// ---- payments: every read ANDs visibleOrganizationRecords(actor, 'payments') ----

function visiblePayments(db: Db, actor: ContactActor) {
  return db
    .selectFrom('payments as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .leftJoin('invoices as vi', (join) =>
      join.onRef('vi.id', '=', 'p.invoice_id').on(visibleInvoices(actor, 'vi')),
    )
    .select([
      'p.id',
      'p.amount_cents',
      'p.currency',
      'p.method',
      'p.reference',
      'p.received_on',
      'p.created_at',
      ...ORGANIZATION_COLUMNS,
      'vi.id as invoice_id',
      'vi.number as invoice_number',
    ])
    .where(visibleOrganizationRecords(actor, 'payments', 'p'));
}

const toPayment = (r: RowOf<typeof visiblePayments>): PortalPayment => ({
  id: r.id,
  amountCents: r.amount_cents,
  currency: r.currency,
  method: r.method,
  reference: r.reference,
  receivedOn: r.received_on,
  organization: organizationOf(r),
  ...(r.invoice_id !== null && r.invoice_number !== null
    ? { invoice: { id: r.invoice_id, number: r.invoice_number } }
    : {}),
  createdAt: r.created_at,
});

export async function listPortalPayments(db: Db, actor: ContactActor, page: PageQuery) {
  return pageById(visiblePayments(db, actor), 'p.id', 'desc', page, toPayment);
}

export async function findPortalPayment(db: Db, actor: ContactActor, id: string) {
  const row = await visiblePayments(db, actor).where('p.id', '=', id).executeTakeFirst();
  return row && toPayment(row);
}
