import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireStaff } from '../../http/authenticate.ts';
import { conflict, notFound } from '../../errors.ts';
import { pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { requireContactOf, requireOrganization } from '../assets/org-records.ts';
import { recordAudit } from '../audit/record.ts';
import { priceLines, replaceLines } from './lines.ts';
import { findQuote, listQuotes, lockDraftQuote, toQuoteOut } from './repo.ts';
import { NoFields, QuoteCreate, QuoteListQuery, QuoteOut, QuoteSummary, QuoteUpdate } from './schema.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['quotes'];

const quotesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/quotes',
    {
      config: STAFF,
      schema: { tags, querystring: QuoteListQuery, response: { 200: pageOf(QuoteSummary) } },
    },
    async (request) => {
      const { organizationId, status, ...page } = request.query;
      return listQuotes(app.db, { organizationId, status }, page);
    },
  );

  app.get(
    '/api/staff/quotes/:id',
    { config: STAFF, schema: { tags, params: IdParams, response: { 200: QuoteOut } } },
    async (request) => {
      const row = await findQuote(app.db, request.params.id);
      if (!row) throw notFound('Quote');
      return toQuoteOut(app.db, row);
    },
  );

  app.post(
    '/api/staff/quotes',
    { config: STAFF, schema: { tags, body: QuoteCreate, response: { 201: QuoteOut } } },
    async (request, reply) => {
      const staff = requireStaff(request);
      const { organizationId, contactId, title, validUntil, lines } = request.body;
      const priced = priceLines(lines);
      const out = await app.db.transaction().execute(async (trx) => {
        await requireOrganization(trx, organizationId);
        if (contactId) await requireContactOf(trx, contactId, organizationId);
        const created = await trx
          .insertInto('quotes')
          .values({
            organization_id: organizationId,
            contact_id: contactId ?? null,
            title,
            valid_until: validUntil ?? null,
            total_cents: priced.totalCents,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await replaceLines(trx, { kind: 'quote', id: created.id }, priced.rows);
        const after = await toQuoteOut(trx, created);
        await recordAudit(
          trx,
          staff,
          { action: 'create', entityType: 'quote', entityId: created.id, after },
          request.ip,
        );
        return after;
      });
      return reply.status(201).send(out);
    },
  );

  app.patch(
    '/api/staff/quotes/:id',
    { config: STAFF, schema: { tags, params: IdParams, body: QuoteUpdate, response: { 200: QuoteOut } } },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const { contactId, title, validUntil, lines } = request.body;
      const priced = lines ? priceLines(lines) : undefined;
      return app.db.transaction().execute(async (trx) => {
        const before = await lockDraftQuote(trx, id);
        if (contactId) await requireContactOf(trx, contactId, before.organization_id);
        const beforeOut = await toQuoteOut(trx, before);
        if (priced) await replaceLines(trx, { kind: 'quote', id }, priced.rows);
        const updated = await trx
          .updateTable('quotes')
          .set({
            ...(contactId !== undefined ? { contact_id: contactId } : {}),
            ...(title !== undefined ? { title } : {}),
            ...(validUntil !== undefined ? { valid_until: validUntil } : {}),
            ...(priced ? { total_cents: priced.totalCents } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const after = await toQuoteOut(trx, updated);
        await recordAudit(
          trx,
          staff,
          { action: 'update', entityType: 'quote', entityId: id, before: beforeOut, after },
          request.ip,
        );
        return after;
      });
    },
  );

  app.delete(
    '/api/staff/quotes/:id',
    { config: STAFF, schema: { tags, params: IdParams } },
    async (request, reply) => {
      const staff = requireStaff(request);
      await app.db.transaction().execute(async (trx) => {
        const before = await toQuoteOut(trx, await lockDraftQuote(trx, request.params.id));
        // Lines go with it (ON DELETE CASCADE); an invoice that named it keeps its row (SET NULL).
        await trx.deleteFrom('quotes').where('id', '=', before.id).execute();
        await recordAudit(
          trx,
          staff,
          { action: 'delete', entityType: 'quote', entityId: before.id, before },
          request.ip,
        );
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/staff/quotes/:id/send',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: NoFields, response: { 200: QuoteOut } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      return app.db.transaction().execute(async (trx) => {
        // One conditional UPDATE: of two concurrent sends, exactly one finds the draft.
        const sent = await trx
          .updateTable('quotes')
          .set({ status: 'sent', sent_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
          .where('id', '=', id)
          .where('status', '=', 'draft')
          .returningAll()
          .executeTakeFirst();
        if (!sent) {
          const row = await findQuote(trx, id);
          if (!row) throw notFound('Quote');
          throw conflict(`Only a draft quote can be sent; this one is ${row.status}.`);
        }
        await recordAudit(
          trx,
          staff,
          {
            action: 'send',
            entityType: 'quote',
            entityId: id,
            before: { status: 'draft' },
            after: { status: sent.status, sentAt: sent.sent_at },
          },
          request.ip,
        );
        return toQuoteOut(trx, sent);
      });
    },
  );
};

export default quotesRoutes;
