// Invoice status transitions, and invoicing an accepted quote.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { conflict, notFound } from '../../errors.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { copyQuoteLines } from '../quotes/lines.ts';
import { findQuote } from '../quotes/repo.ts';
import { NoFields } from '../quotes/schema.ts';
import { findInvoice, findInvoiceOut } from './repo.ts';
import { InvoiceOut } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['invoices'];

type Transition = { from: 'draft' | 'issued'; to: 'issued' | 'void'; action: 'issue' | 'void' };

/**
 * One conditional UPDATE: the status moves only from the expected one, so of two concurrent
 * requests (or a payment completing the invoice meanwhile) exactly one wins; the other gets 409.
 */
async function transition(trx: Transaction<DB>, id: string, t: Transition) {
  const moved = await trx
    .updateTable('invoices')
    .set({
      status: t.to,
      ...(t.to === 'issued' ? { issued_on: sql<string>`coalesce(issued_on, current_date)` } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', t.from)
    .returning('id')
    .executeTakeFirst();
  if (!moved) {
    const row = await findInvoice(trx, id);
    if (!row) throw notFound('Invoice');
    throw conflict(`Only a ${t.from} invoice can be ${t.to}; this one is ${row.status}.`);
  }
  return findInvoiceOut(trx, id);
}

const TRANSITIONS: Transition[] = [
  { from: 'draft', to: 'issued', action: 'issue' },
  { from: 'issued', to: 'void', action: 'void' },
];

const invoiceActionsRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const t of TRANSITIONS) {
    app.post(
      `/api/staff/invoices/:id/${t.action}`,
      { config: STAFF, schema: { tags, params: IdParams, body: NoFields, response: { 200: InvoiceOut } } },
      async (request) => {
        const staff = requireStaff(request);
        const { id } = request.params;
        return app.db.transaction().execute(async (trx) => {
          const after = await transition(trx, id, t);
          await recordAudit(
            trx,
            staff,
            {
              action: t.action,
              entityType: 'invoice',
              entityId: id,
              before: { status: t.from },
              after: { status: after.status, issuedOn: after.issuedOn },
            },
            request.ip,
          );
          return after;
        });
      },
    );
  }

  app.post(
    '/api/staff/quotes/:id/invoice',
    {
      config: STAFF,
      schema: { tags: ['quotes', ...tags], params: IdParams, body: NoFields, response: { 201: InvoiceOut } },
    },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const out = await app.db.transaction().execute(async (trx) => {
        // The lock queues concurrent requests for the same quote, so only one invoice comes out.
        const quote = await findQuote(trx, id, true);
        if (!quote) throw notFound('Quote');
        if (quote.status !== 'accepted')
          throw conflict(`Only an accepted quote can be invoiced; this one is ${quote.status}.`);
        const existing = await trx
          .selectFrom('invoices')
          .select('number')
          .where('quote_id', '=', id)
          .where('status', '<>', 'void')
          .executeTakeFirst();
        if (existing) throw conflict(`The quote is already invoiced (invoice ${existing.number}).`);
        const created = await trx
          .insertInto('invoices')
          .values({ organization_id: quote.organization_id, quote_id: id, total_cents: quote.total_cents })
          .returning('id')
          .executeTakeFirstOrThrow();
        await copyQuoteLines(trx, id, created.id);
        const after = await findInvoiceOut(trx, created.id);
        await recordAudit(
          trx,
          staff,
          { action: 'create_from_quote', entityType: 'invoice', entityId: created.id, after },
          request.ip,
        );
        return after;
      });
      return reply.status(201).send(out);
    },
  );
};

export default invoiceActionsRoutes;
