import type { ChangeContext } from '../audit/change.ts';
import { checkedAmountCents } from '../quotes/lines.ts';
import { recordWrites } from '../shared/record-writes.ts';
import { columnsOf } from '../shared/wire-names.ts';
import { found } from '../shared/record-routes.ts';
import { chargeRecord, checkChargeLinks, findChargeInScope } from './repo.ts';
import type { ChargeCreate, ChargeOut, ChargeUpdate } from './schema.ts';

const charges = recordWrites({ ...chargeRecord, entityType: 'charge' });

/** The server computes the amount: round(quantity × unit price), 422 when out of range. */
const amountOf = (quantity: number, unitPriceCents: number) =>
  checkedAmountCents(quantity, unitPriceCents, 'body.unitPriceCents');

export async function createCharge(ctx: ChangeContext, body: ChargeCreate): Promise<ChargeOut> {
  const amount = amountOf(body.quantity, body.unitPriceCents);
  await checkChargeLinks(ctx.trx, ctx.staff, body.ticketId ?? null, body.contractId ?? null);
  const created = await chargeRecord.insert(ctx.trx, { ...columnsOf(body), amount_cents: amount });
  return charges.created(ctx, created);
}

/** A charge on a ticket outside the staff user's scope is not found, for writes as for reads. */
const inScope = async (ctx: ChangeContext, id: string) =>
  found(await findChargeInScope(ctx.trx, id, ctx.staff), chargeRecord.noun);

export async function updateCharge(ctx: ChangeContext, id: string, body: ChargeUpdate): Promise<ChargeOut> {
  await inScope(ctx, id);
  return charges.update(ctx, id, async (before) => {
    if (body.ticketId !== undefined || body.contractId !== undefined)
      await checkChargeLinks(
        ctx.trx,
        ctx.staff,
        body.ticketId !== undefined ? body.ticketId : before.ticket_id,
        body.contractId !== undefined ? body.contractId : before.contract_id,
      );
    const amount = amountOf(body.quantity ?? before.quantity, body.unitPriceCents ?? before.unit_price_cents);
    return chargeRecord.update(ctx.trx, id, { ...columnsOf(body), amount_cents: amount });
  });
}

export async function deleteCharge(ctx: ChangeContext, id: string): Promise<void> {
  await inScope(ctx, id);
  return charges.remove(ctx, id, (before) => chargeRecord.remove(ctx.trx, before.id));
}
