import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateOnly, DateTime, Id, Text } from '../../http/schema-types.ts';
import { MAX_AMOUNT_CENTS } from '../quotes/lines.ts';
import { Currency } from '../shared/money.ts';

export const PaymentMethod = z.enum(['bank_transfer', 'card', 'cash', 'check', 'other']);

export const PaymentOut = z.object({
  id: Id,
  organizationId: Id,
  invoiceId: Id.nullable(),
  amountCents: z.number().int(),
  /** The invoice's currency, else the organization's. */
  currency: Currency,
  method: PaymentMethod,
  reference: z.string(),
  receivedOn: DateOnly,
  createdAt: DateTime,
});
export type PaymentOut = z.infer<typeof PaymentOut>;

export const PaymentListQuery = PageQuery.extend({
  organizationId: Id.optional(),
  invoiceId: Id.optional(),
});
export type PaymentListQuery = z.infer<typeof PaymentListQuery>;

/** Payments are recorded and deleted (admins), never edited. */
export const PaymentCreate = z.strictObject({
  organizationId: Id,
  invoiceId: Id.nullable().optional(),
  amountCents: z.number().int().positive().max(MAX_AMOUNT_CENTS),
  method: PaymentMethod.optional(),
  reference: Text(200).optional(),
  receivedOn: DateOnly.optional(),
});
export type PaymentCreate = z.infer<typeof PaymentCreate>;
