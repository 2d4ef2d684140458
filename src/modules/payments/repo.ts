import { sql, type Selectable, type Transaction } from 'kysely';
import type { DB, PaymentsTable } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { newestFirstPage } from '../../http/pagination.ts';
import type { PaymentListQuery, PaymentOut } from './schema.ts';
import type { Db } from '../../db/database.ts';
import { tableRecord } from '../shared/record-writes.ts';
import { wireRow } from '../shared/wire-names.ts';

export const toPaymentOut = (row: Selectable<PaymentsTable>): PaymentOut => wireRow(row);

/** One page of the payments the filters (all optional) match. */
export async function listPayments(db: Db, filter: PaymentListQuery) {
  let query = db.selectFrom('payments').selectAll();
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.invoiceId) query = query.where('invoice_id', '=', filter.invoiceId);
  return newestFirstPage(query, filter, toPaymentOut);
}

export const paymentRecord = tableRecord('payments', 'Payment', toPaymentOut);

const paidSoFar = (invoiceId: string) =>
  sql<number>`(select coalesce(sum(p.amount_cents), 0)::bigint from payments p where p.invoice_id = ${invoiceId}::uuid)`;

// Every change to an invoice's payments first takes the invoice's row lock with an UPDATE; the
// statements after it then see every payment committed before (READ COMMITTED takes a new
// snapshot per statement), so two concurrent payments cannot both miss the one that completes it.

/**
 * Locks the organization's invoice for a new payment of `amountCents`, which must fit in what is
 * still due: 422 (nothing changed) when the invoice is not the organization's, is a draft or void
 * (nothing is due), or the amount is more than its balance.
 */
export async function lockInvoiceForPayment(
  trx: Transaction<DB>,
  invoiceId: string,
  organizationId: string,
  amountCents: number,
) {
  const locked = await trx
    .updateTable('invoices')
    .set({ updated_at: sql<Date>`now()` })
    .where('id', '=', invoiceId)
    .returning(['organization_id', 'status', 'total_cents', 'currency'])
    .executeTakeFirst();
  if (!locked) throw invalid('body.invoiceId', 'no such invoice');
  if (locked.organization_id !== organizationId)
    throw invalid('body.invoiceId', 'is an invoice of another organization');
  if (locked.status === 'draft' || locked.status === 'void')
    throw invalid('body.invoiceId', `is a ${locked.status} invoice: nothing is due on it`);
  const { paid } = await trx.selectNoFrom(paidSoFar(invoiceId).as('paid')).executeTakeFirstOrThrow();
  const balance = Math.max(locked.total_cents - paid, 0);
  if (amountCents > balance)
    throw invalid(
      'body.amountCents',
      `is more than the invoice's balance (${balance} cents ${locked.currency}); overpayments are not recorded`,
    );
}

/** Takes the invoice's row lock before one of its payments is deleted. */
export async function lockInvoice(trx: Transaction<DB>, invoiceId: string): Promise<void> {
  await trx
    .updateTable('invoices')
    .set({ updated_at: sql<Date>`now()` })
    .where('id', '=', invoiceId)
    .execute();
}

/** issued → paid when the payments cover the total. True when it moved. */
export async function markPaidIfCovered(trx: Transaction<DB>, invoiceId: string): Promise<boolean> {
  const moved = await trx
    .updateTable('invoices')
    .set({ status: 'paid' })
    .where('id', '=', invoiceId)
    .where('status', '=', 'issued')
    .where('total_cents', '<=', paidSoFar(invoiceId))
    .returning('id')
    .executeTakeFirst();
  return moved !== undefined;
}

/** paid → issued when the payments no longer cover the total. True when it moved. */
export async function reopenIfUncovered(trx: Transaction<DB>, invoiceId: string): Promise<boolean> {
  const moved = await trx
    .updateTable('invoices')
    .set({ status: 'issued' })
    .where('id', '=', invoiceId)
    .where('status', '=', 'paid')
    .where('total_cents', '>', paidSoFar(invoiceId))
    .returning('id')
    .executeTakeFirst();
  return moved !== undefined;
}
