import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';

/**
 * The one set of invoice states (docs/billing.md). Each is computed in SQL by
 * portico_invoice_state() (migration 0024) from the stored lifecycle, the payments and the due
 * date against today in BILLING_TIME_ZONE, so lists filter on it and every reader (staff,
 * portal, PDF) gets the same word. There is no TypeScript copy of the rule.
 */
export const InvoiceState = z.enum(['draft', 'open', 'overdue', 'partially_paid', 'paid', 'void']);
export type InvoiceState = z.infer<typeof InvoiceState>;

/** The words the PDF prints, as the screens show them. */
export const STATE_LABELS: Record<InvoiceState, string> = {
  draft: 'Draft',
  open: 'Open',
  overdue: 'Overdue',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  void: 'Void',
};

/** The sum of an invoice's payments (payments_invoice_idx), `invoice` the invoices alias. */
export const paidCentsOf = (invoice: string): RawBuilder<number> =>
  sql<number>`(select coalesce(sum(p.amount_cents), 0)::bigint from payments p where p.invoice_id = ${sql.ref(`${invoice}.id`)})`;

/** The state and the balance of the invoices row `invoice` whose payments sum to `paid`. */
export const stateOf = (invoice: string, paid: RawBuilder<number>): RawBuilder<InvoiceState> =>
  sql<InvoiceState>`portico_invoice_state(${sql.ref(`${invoice}.status`)}, ${sql.ref(`${invoice}.total_cents`)}, ${paid}, ${sql.ref(`${invoice}.due_on`)})`;

export const balanceOf = (invoice: string, paid: RawBuilder<number>): RawBuilder<number> =>
  sql<number>`portico_invoice_balance(${sql.ref(`${invoice}.status`)}, ${sql.ref(`${invoice}.total_cents`)}, ${paid})`;
