import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateOnly, DateTime, Id, RequiredText } from '../../http/schema-types.ts';
import { LineOut, LinesIn } from './lines.ts';
import { Currency } from '../shared/money.ts';

export const QuoteStatus = z.enum(['draft', 'sent', 'accepted', 'declined']);

/** A quote in a list: everything but its lines; its amounts are in `currency`. */
export const QuoteSummary = z.object({
  id: Id,
  number: z.number().int(),
  organizationId: Id,
  contactId: Id.nullable(),
  title: z.string(),
  status: QuoteStatus,
  totalCents: z.number().int(),
  currency: Currency,
  validUntil: DateOnly.nullable(),
  sentAt: DateTime.nullable(),
  decidedAt: DateTime.nullable(),
  decidedByContactId: Id.nullable(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type QuoteSummary = z.infer<typeof QuoteSummary>;

export const QuoteOut = QuoteSummary.extend({ lines: z.array(LineOut.extend({ currency: Currency })) });
export type QuoteOut = z.infer<typeof QuoteOut>;

export const QuoteListQuery = PageQuery.extend({
  organizationId: Id.optional(),
  status: QuoteStatus.optional(),
});
export type QuoteListQuery = z.infer<typeof QuoteListQuery>;

export const QuoteCreate = z.strictObject({
  organizationId: Id,
  contactId: Id.nullable().optional(),
  title: RequiredText(200),
  validUntil: DateOnly.nullable().optional(),
  lines: LinesIn,
});
export type QuoteCreate = z.infer<typeof QuoteCreate>;

/**
 * Drafts only. The organization is fixed; the status moves through /send (staff) and the
 * contact's decision (portal), so neither is a field here.
 */
export const QuoteUpdate = z
  .strictObject({
    contactId: Id.nullable(),
    title: RequiredText(200),
    validUntil: DateOnly.nullable(),
    lines: LinesIn,
  })
  .partial();
export type QuoteUpdate = z.infer<typeof QuoteUpdate>;
