import type { PortalLine } from './schema.ts';

/**
 * The lines of a quote or an invoice, joined as `l`: read in position order through the parent's
 * scope, with the parent's currency.
 */
export const LINE_COLUMNS = [
  'l.position',
  'l.description',
  'l.quantity',
  'l.unit_price_cents',
  'l.amount_cents',
] as const;

type LineRow = {
  position: number;
  description: string;
  quantity: number;
  unit_price_cents: number;
  amount_cents: number;
  currency: string;
};

export const toLine = (l: LineRow): PortalLine => ({
  position: l.position,
  description: l.description,
  quantity: l.quantity,
  unitPriceCents: l.unit_price_cents,
  amountCents: l.amount_cents,
  currency: l.currency,
});
