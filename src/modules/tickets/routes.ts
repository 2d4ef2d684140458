import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import attachmentRoutes from './attachment-routes.ts';
import { startAutoClose } from './auto-close.ts';
import commentRoutes from './comment-routes.ts';
import emailRoutes from './email-routes.ts';
import mailsSentRoutes from './mails-sent.ts';
import ticketRoutes from './ticket-routes.ts';

/** The staff API of tickets: tickets and their history, comments, attachments, filed e-mails and the mails sent. */
const ticketsRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(ticketRoutes);
  await app.register(commentRoutes);
  await app.register(attachmentRoutes);
  await app.register(emailRoutes);
  await app.register(mailsSentRoutes);
  // Resolved tickets close by themselves after TICKET_AUTO_CLOSE_DAYS.
  startAutoClose(app, app.config.ticketAutoClose);
};

export default ticketsRoutes;
