import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateOnly, DateTime, Id, RequiredText } from '../../http/schema-types.ts';
import { Quantity, UnitPriceCents } from '../quotes/lines.ts';
import { Currency } from '../shared/money.ts';

export const ChargeOut = z.object({
  id: Id,
  ticketId: Id.nullable(),
  contractId: Id.nullable(),
  description: z.string(),
  quantity: z.number(),
  unitPriceCents: z.number().int(),
  amountCents: z.number().int(),
  /** The currency of the ticket's or contract's organization. */
  currency: Currency,
  chargedOn: DateOnly,
  createdAt: DateTime,
});
export type ChargeOut = z.infer<typeof ChargeOut>;

export const ChargeListQuery = PageQuery.extend({
  ticketId: Id.optional(),
  contractId: Id.optional(),
});
export type ChargeListQuery = z.infer<typeof ChargeListQuery>;

/** amountCents is computed by the server: a client that sends it gets a 422 (unknown field). */
const fields = {
  ticketId: Id.nullable(),
  contractId: Id.nullable(),
  description: RequiredText(500),
  quantity: Quantity,
  unitPriceCents: UnitPriceCents,
  chargedOn: DateOnly,
};

export const ChargeCreate = z.strictObject({
  ticketId: fields.ticketId.optional(),
  contractId: fields.contractId.optional(),
  description: fields.description,
  quantity: fields.quantity.default(1),
  unitPriceCents: fields.unitPriceCents,
  chargedOn: fields.chargedOn.optional(),
});
export type ChargeCreate = z.infer<typeof ChargeCreate>;

export const ChargeUpdate = z.strictObject(fields).partial();
export type ChargeUpdate = z.infer<typeof ChargeUpdate>;
