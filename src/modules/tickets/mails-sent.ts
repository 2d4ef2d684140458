import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id } from '../../http/schema-types.ts';
import { pageById } from '../shared/page-by-id.ts';
import { filedListRoute } from './filed-list-route.ts';

/** One message the outbox holds for the ticket: to whom, what, and how far it got. */
export const TicketMailOut = z.object({
  id: Id,
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(['queued', 'sending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: DateTime,
  sentAt: DateTime.nullable(),
});
export type TicketMailOut = z.infer<typeof TicketMailOut>;

/** The ticket's messages, newest first, over mail_messages_ticket_idx (ticket_id, id). */
export async function listTicketMails(db: Db, ticketId: string, page: PageQuery) {
  const query = db
    .selectFrom('mail_messages as mm')
    .select([
      'mm.id',
      'mm.kind',
      'mm.to_address',
      'mm.subject',
      'mm.status',
      'mm.attempts',
      'mm.last_error',
      'mm.created_at',
      'mm.sent_at',
    ])
    .where('mm.ticket_id', '=', ticketId);
  return pageById(query, 'mm.id', 'desc', page, (r): TicketMailOut => ({
    id: r.id,
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

/** GET /api/staff/tickets/:id/mails: "Mails sent" in the ticket's history (staff see every message). */
const mailsSentRoutes: FastifyPluginAsyncZod = async (app) => {
  filedListRoute(app, 'mails', TicketMailOut, listTicketMails);
};

export default mailsSentRoutes;
