import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateOnly, DateTime, Id, Text } from '../../http/schema-types.ts';
import { LineOut, LinesIn } from '../quotes/lines.ts';

import { Currency } from '../shared/money.ts';
import { InvoiceState } from './state.ts';

/**
 * An invoice in a list: everything but its lines. Its status (one of the derived states), paid
 * and balance come from its payments and due date; every amount is in `currency`.
 */
export const InvoiceSummary = z.object({
  id: Id,
  number: z.number().int(),
  organizationId: Id,
  quoteId: Id.nullable(),
  status: InvoiceState,
  issuedOn: DateOnly.nullable(),
  dueOn: DateOnly.nullable(),
  totalCents: z.number().int(),
  paidCents: z.number().int(),
  balanceCents: z.number().int(),
  currency: Currency,
  notes: z.string(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type InvoiceSummary = z.infer<typeof InvoiceSummary>;

export const InvoiceOut = InvoiceSummary.extend({ lines: z.array(LineOut.extend({ currency: Currency })) });
export type InvoiceOut = z.infer<typeof InvoiceOut>;

export const InvoiceListQuery = PageQuery.extend({
  organizationId: Id.optional(),
  status: InvoiceState.optional(),
});
export type InvoiceListQuery = z.infer<typeof InvoiceListQuery>;

const fields = {
  quoteId: Id.nullable(),
  notes: Text(10_000),
  issuedOn: DateOnly.nullable(),
  dueOn: DateOnly.nullable(),
  lines: LinesIn,
};

export const InvoiceCreate = z.strictObject({
  organizationId: Id,
  quoteId: fields.quoteId.optional(),
  notes: fields.notes.optional(),
  issuedOn: fields.issuedOn.optional(),
  dueOn: fields.dueOn.optional(),
  lines: fields.lines,
});
export type InvoiceCreate = z.infer<typeof InvoiceCreate>;

/** Drafts only; the organization is fixed and the status moves through /issue and /void. */
export const InvoiceUpdate = z.strictObject(fields).partial();
export type InvoiceUpdate = z.infer<typeof InvoiceUpdate>;
