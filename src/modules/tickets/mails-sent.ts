import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id } from '../../http/schema-types.ts';
import { pageById } from '../shared/page-by-id.ts';
import { wireRow } from '../shared/wire-names.ts';
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
  const columns = ['id', 'kind', 'to_address as to', 'subject', 'status', 'attempts', 'last_error'] as const;
  const query = db
    .selectFrom('mail_messages')
    .select([...columns, 'created_at', 'sent_at'])
    .where('ticket_id', '=', ticketId);
  return pageById(query, 'mail_messages.id', 'desc', page, (r): TicketMailOut => wireRow(r));
}

/** GET /api/staff/tickets/:id/mails: "Mails sent" in the ticket's history (staff see every message). */
const mailsSentRoutes: FastifyPluginAsyncZod = async (app) => {
  filedListRoute(app, 'mails', TicketMailOut, listTicketMails);
};

export default mailsSentRoutes;
