import type { ChangeContext } from '../audit/change.ts';
import { checkedAmountCents } from '../quotes/lines.ts';
import { auditOf } from '../shared/audit-of.ts';
import { found } from '../shared/record-routes.ts';
import { checkChargeLinks, findCharge, toChargeOut } from './repo.ts';
import type { ChargeCreate, ChargeOut, ChargeUpdate } from './schema.ts';

const log = auditOf('charge');

export async function createCharge(ctx: ChangeContext, body: ChargeCreate): Promise<ChargeOut> {
  const amount = checkedAmountCents(body.quantity, body.unitPriceCents, 'body.unitPriceCents');
  await checkChargeLinks(ctx.trx, body.ticketId ?? null, body.contractId ?? null);
  const created = await ctx.trx
    .insertInto('charges')
    .values({
      ticket_id: body.ticketId ?? null,
      contract_id: body.contractId ?? null,
      description: body.description,
      quantity: body.quantity,
      unit_price_cents: body.unitPriceCents,
      amount_cents: amount,
      ...(body.chargedOn !== undefined ? { charged_on: body.chargedOn } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toChargeOut(created);
  await log.created(ctx, after);
  return after;
}

export async function updateCharge(ctx: ChangeContext, id: string, body: ChargeUpdate): Promise<ChargeOut> {
  const before = found(await findCharge(ctx.trx, id, true), 'Charge');
  const ticketId = body.ticketId !== undefined ? body.ticketId : before.ticket_id;
  const contractId = body.contractId !== undefined ? body.contractId : before.contract_id;
  if (body.ticketId !== undefined || body.contractId !== undefined)
    await checkChargeLinks(ctx.trx, ticketId, contractId);
  const quantity = body.quantity ?? before.quantity;
  const unitPriceCents = body.unitPriceCents ?? before.unit_price_cents;
  const updated = await ctx.trx
    .updateTable('charges')
    .set({
      ticket_id: ticketId,
      contract_id: contractId,
      description: body.description ?? before.description,
      quantity,
      unit_price_cents: unitPriceCents,
      amount_cents: checkedAmountCents(quantity, unitPriceCents, 'body.unitPriceCents'),
      charged_on: body.chargedOn ?? before.charged_on,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toChargeOut(updated);
  await log.updated(ctx, id, toChargeOut(before), after);
  return after;
}

export async function deleteCharge(ctx: ChangeContext, id: string): Promise<void> {
  const before = found(await findCharge(ctx.trx, id, true), 'Charge');
  await ctx.trx.deleteFrom('charges').where('id', '=', before.id).execute();
  await log.deleted(ctx, toChargeOut(before));
}
