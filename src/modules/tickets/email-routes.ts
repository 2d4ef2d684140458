import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireStaff } from '../../http/authenticate.ts';
import { notFound } from '../../errors.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { IdParams } from '../../http/schema-types.ts';
import { recordAudit } from '../audit/record.ts';
import { listTicketEmails, toTicketEmailOut } from './records-repo.ts';
import { PublicFlag, TicketEmailCreate, TicketEmailOut } from './records-schema.ts';
import { bumpActivity, ticketExists } from './repo.ts';
import { STAFF } from '../../http/route-policy.ts';

const tags = ['tickets'];

/** Records of mails filed under a ticket; contacts will only ever see those marked public. */
const emailRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/tickets/:id/emails',
    {
      config: STAFF,
      schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: pageOf(TicketEmailOut) } },
    },
    async (request) => {
      if (!(await ticketExists(app.db, request.params.id))) throw notFound('Ticket');
      return listTicketEmails(app.db, request.params.id, request.query);
    },
  );

  app.post(
    '/api/staff/tickets/:id/emails',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: TicketEmailCreate, response: { 201: TicketEmailOut } },
    },
    async (request, reply) => {
      requireStaff(request);
      const { fromAddress, toAddress, subject, body, sentAt } = request.body;
      const row = await app.db.transaction().execute(async (trx) => {
        if (!(await bumpActivity(trx, request.params.id))) throw notFound('Ticket');
        return trx
          .insertInto('ticket_emails')
          .values({
            ticket_id: request.params.id,
            from_address: fromAddress,
            to_address: toAddress,
            subject,
            body,
            public: request.body.public ?? false,
            sent_at: sentAt ?? sql<Date>`now()`,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      return reply.status(201).send(toTicketEmailOut(row));
    },
  );

  app.patch(
    '/api/staff/ticket-emails/:id',
    {
      config: STAFF,
      schema: { tags, params: IdParams, body: PublicFlag, response: { 200: TicketEmailOut } },
    },
    async (request) => {
      const staff = requireStaff(request);
      const { id } = request.params;
      const row = await app.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('ticket_emails')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('E-mail');
        if (before.public === request.body.public) return before;
        const after = await trx
          .updateTable('ticket_emails')
          .set({ public: request.body.public })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          trx,
          staff,
          {
            action: 'update',
            entityType: 'ticket_email',
            entityId: id,
            before: { public: before.public },
            after: { public: after.public },
          },
          request.ip,
        );
        return after;
      });
      return toTicketEmailOut(row);
    },
  );
};

export default emailRoutes;
