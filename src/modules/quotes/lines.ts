// Money and line items, shared by quotes, invoices (lines) and charges (one priced row).
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { Id, RequiredText } from '../../http/schema-types.ts';
import type { Db } from '../../db/database.ts';

/** Amounts and totals stay well inside 2^53, so cents survive JSON and Number exactly. */
export const MAX_AMOUNT_CENTS = 1e15;

/** Positive, at most two decimals (the columns are numeric(12, 2)). */
export const Quantity = z
  .number()
  .positive()
  .max(1_000_000)
  .refine((q) => Math.round(q * 100) / 100 === q, 'must have at most 2 decimals')
  .describe('Positive, at most 2 decimals.');

/** Integer cents; negative for credits and discounts. */
export const UnitPriceCents = z.number().int().min(-MAX_AMOUNT_CENTS).max(MAX_AMOUNT_CENTS);

/**
 * round(quantity × unitPriceCents), exactly: the quantity as whole hundredths, BigInt for the
 * product, halves rounded away from zero so a credit mirrors its charge.
 */
export function amountCents(quantity: number, unitPriceCents: number): number {
  const product = BigInt(Math.round(quantity * 100)) * BigInt(unitPriceCents);
  const magnitude = ((product < 0n ? -product : product) + 50n) / 100n;
  return Number(product < 0n ? -magnitude : magnitude);
}

/** The amount of one priced row, or 422 at `path` when it is out of range. */
export function checkedAmountCents(quantity: number, unitPriceCents: number, path: string): number {
  const amount = amountCents(quantity, unitPriceCents);
  if (Math.abs(amount) > MAX_AMOUNT_CENTS) throw invalid(path, 'the amount is too large');
  return amount;
}

export const LineIn = z.strictObject({
  description: RequiredText(500),
  quantity: Quantity,
  unitPriceCents: UnitPriceCents,
});
export type LineIn = z.infer<typeof LineIn>;
export const LinesIn = z.array(LineIn).min(1).max(200);

export const LineOut = z.object({
  id: Id,
  position: z.number().int(),
  description: z.string(),
  quantity: z.number(),
  unitPriceCents: z.number().int(),
  amountCents: z.number().int(),
});
export type LineOut = z.infer<typeof LineOut>;

export type LineRow = {
  position: number;
  description: string;
  quantity: number;
  unit_price_cents: number;
  amount_cents: number;
};

/** Numbers the lines from 1 and prices them; the total is computed here, never taken from a client. */
export function priceLines(lines: LineIn[], path = 'body.lines'): { rows: LineRow[]; totalCents: number } {
  const rows = lines.map((line, i) => ({
    position: i + 1,
    description: line.description,
    quantity: line.quantity,
    unit_price_cents: line.unitPriceCents,
    amount_cents: checkedAmountCents(line.quantity, line.unitPriceCents, `${path}.${i}`),
  }));
  const totalCents = rows.reduce((sum, row) => sum + row.amount_cents, 0);
  if (Math.abs(totalCents) > MAX_AMOUNT_CENTS) throw invalid(path, 'the total is too large');
  return { rows, totalCents };
}

/** Whose lines: a quote's or an invoice's. */
export type LineOwner = { kind: 'quote'; id: string } | { kind: 'invoice'; id: string };

/** Replaces every line of the owner with `rows` (an owner always has at least one line). */
export async function replaceLines(trx: Transaction<DB>, owner: LineOwner, rows: LineRow[]) {
  if (owner.kind === 'quote') {
    await trx.deleteFrom('quote_lines').where('quote_id', '=', owner.id).execute();
    await trx
      .insertInto('quote_lines')
      .values(rows.map((row) => ({ ...row, quote_id: owner.id })))
      .execute();
  } else {
    await trx.deleteFrom('invoice_lines').where('invoice_id', '=', owner.id).execute();
    await trx
      .insertInto('invoice_lines')
      .values(rows.map((row) => ({ ...row, invoice_id: owner.id })))
      .execute();
  }
}

const LINE_COLUMNS = [
  'id',
  'position',
  'description',
  'quantity',
  'unit_price_cents',
  'amount_cents',
] as const;

export async function readLines(db: Db, owner: LineOwner): Promise<LineOut[]> {
  const rows =
    owner.kind === 'quote'
      ? await db
          .selectFrom('quote_lines')
          .select(LINE_COLUMNS)
          .where('quote_id', '=', owner.id)
          .orderBy('position')
          .execute()
      : await db
          .selectFrom('invoice_lines')
          .select(LINE_COLUMNS)
          .where('invoice_id', '=', owner.id)
          .orderBy('position')
          .execute();
  return rows.map((row) => ({
    id: row.id,
    position: row.position,
    description: row.description,
    quantity: row.quantity,
    unitPriceCents: row.unit_price_cents,
    amountCents: row.amount_cents,
  }));
}

/** Copies a quote's lines, as they are, to an invoice (one INSERT … SELECT). */
export async function copyQuoteLines(trx: Transaction<DB>, quoteId: string, invoiceId: string) {
  await sql`
    insert into invoice_lines (invoice_id, position, description, quantity, unit_price_cents, amount_cents)
    select ${invoiceId}::uuid, position, description, quantity, unit_price_cents, amount_cents
    from quote_lines where quote_id = ${quoteId}::uuid
    order by position`.execute(trx);
}
