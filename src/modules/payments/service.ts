import { notFound } from '../../errors.ts';
import { requireOrganization } from '../assets/org-records.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { recordWrites } from '../shared/record-writes.ts';
import { columnsOf } from '../shared/wire-names.ts';
import {
  lockInvoice,
  lockInvoiceForPayment,
  markPaidIfCovered,
  paymentRecord,
  reopenIfUncovered,
  toPaymentOut,
} from './repo.ts';
import type { PaymentCreate, PaymentOut } from './schema.ts';

const payments = recordWrites({ ...paymentRecord, entityType: 'payment' });
const invoiceLog = auditOf('invoice');

/** Records a payment; one that completes its invoice marks the invoice paid (its own audit row). */
export async function createPayment(ctx: ChangeContext, body: PaymentCreate): Promise<PaymentOut> {
  const { organizationId, invoiceId } = body;
  await requireOrganization(ctx.trx, organizationId);
  if (invoiceId) await lockInvoiceForPayment(ctx.trx, invoiceId, organizationId, body.amountCents);
  const created = await paymentRecord.insert(ctx.trx, columnsOf(body));
  const after = await payments.created(ctx, created);
  if (invoiceId && (await markPaidIfCovered(ctx.trx, invoiceId)))
    await invoiceLog.changed(
      ctx,
      'mark_paid',
      invoiceId,
      { status: 'issued' },
      { status: 'paid', paymentId: created.id },
    );
  return after;
}

/** Deletes a payment; an invoice it leaves uncovered goes back to issued (its own audit row). */
export async function deletePayment(ctx: ChangeContext, id: string): Promise<void> {
  const found = await paymentRecord.find(ctx.trx, id);
  if (!found) throw notFound('Payment');
  if (found.invoice_id) await lockInvoice(ctx.trx, found.invoice_id);
  // Under the invoice's lock: a concurrent delete of the same payment finds nothing here.
  const before = await ctx.trx.deleteFrom('payments').where('id', '=', id).returningAll().executeTakeFirst();
  if (!before) throw notFound('Payment');
  await payments.log.deleted(ctx, toPaymentOut(before));
  if (before.invoice_id && (await reopenIfUncovered(ctx.trx, before.invoice_id)))
    await invoiceLog.changed(
      ctx,
      'mark_unpaid',
      before.invoice_id,
      { status: 'paid' },
      { status: 'issued', deletedPaymentId: id },
    );
}
