import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireStaff } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { checkedAmountCents } from '../quotes/lines.ts';
import { checkChargeLinks, findCharge, listCharges, toChargeOut } from './repo.ts';
import { ChargeCreate, ChargeListQuery, ChargeOut, ChargeUpdate } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['charges'];

const chargesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/charges',
    { config: STAFF, schema: { tags, querystring: ChargeListQuery, response: { 200: pageOf(ChargeOut) } } },
    async (request) => {
      const { ticketId, contractId, ...page } = request.query;
      return listCharges(app.db, { ticketId, contractId }, page);
    },
  );

  app.get(
    '/api/staff/charges/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: ChargeOut } } },
    async (request) => {
      const row = await findCharge(app.db, request.params.id);
      if (!row) throw notFound('Charge');
      return toChargeOut(row);
    },
  );

  app.post(
    '/api/staff/charges',
    { config: STAFF, schema: { tags, body: ChargeCreate, response: { 201: ChargeOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const body = request.body;
      const amount = checkedAmountCents(body.quantity, body.unitPriceCents, 'body.unitPriceCents');
      const row = await app.db.transaction().execute(async (trx) => {
        await checkChargeLinks(trx, body.ticketId ?? null, body.contractId ?? null);
        const created = await trx
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
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'charge', entityId: created.id, after: toChargeOut(created) },
          request.ip,
        );
        return created;
      });
      return reply.status(201).send(toChargeOut(row));
    },
  );

  app.patch(
    '/api/staff/charges/:id',
    { config: STAFF, schema: { tags, params: IdParams, body: ChargeUpdate, response: { 200: ChargeOut } } },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const body = request.body;
      const row = await app.db.transaction().execute(async (trx) => {
        const before = await findCharge(trx, id, true);
        if (!before) throw notFound('Charge');
        const ticketId = body.ticketId !== undefined ? body.ticketId : before.ticket_id;
        const contractId = body.contractId !== undefined ? body.contractId : before.contract_id;
        if (body.ticketId !== undefined || body.contractId !== undefined)
          await checkChargeLinks(trx, ticketId, contractId);
        const quantity = body.quantity ?? before.quantity;
        const unitPriceCents = body.unitPriceCents ?? before.unit_price_cents;
        const updated = await trx
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
        await recordAudit(
          trx,
          staff,
          {
            action: 'update',
            entityType: 'charge',
            entityId: id,
            before: toChargeOut(before),
            after: toChargeOut(updated),
          },
          request.ip,
        );
        return updated;
      });
      return toChargeOut(row);
    },
  );

  app.delete(
    '/api/staff/charges/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await findCharge(trx, request.params.id, true);
        if (!before) throw notFound('Charge');
        await trx.deleteFrom('charges').where('id', '=', before.id).execute();
        await recordAudit(
          trx,
          staff,
          { action: 'delete', entityType: 'charge', entityId: before.id, before: toChargeOut(before) },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );
};

export default chargesRoutes;
