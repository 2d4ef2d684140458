import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id } from '../../http/schema-types.ts';

export const InboundStatus = z.enum(['processed', 'held', 'refused', 'accepted', 'rejected']);

/** What one intake did with a message (the webhook's answer, printed by `portico mail-inbound`). */
export const IntakeOutcomeOut = z.object({
  id: Id.nullable(),
  status: z.enum(['processed', 'held', 'refused', 'duplicate']),
  reason: z.string(),
});

export const InboundMailOut = z.object({
  id: Id,
  messageId: z.string(),
  fromAddress: z.string(),
  subject: z.string(),
  status: InboundStatus,
  /** A short word: reply, new_ticket, staff_reply, unknown_sender, automatic, forged_sender, … */
  reason: z.string(),
  detail: z.string(),
  source: z.string(),
  sizeBytes: z.number().int(),
  hasOriginal: z.boolean(),
  ticketId: Id.nullable(),
  contactId: Id.nullable(),
  receivedAt: DateTime,
  decidedAt: DateTime.nullable(),
});
export type InboundMailOut = z.infer<typeof InboundMailOut>;

/** One message with its text (read from the kept original), for deciding on a held one. */
export const InboundMailDetail = InboundMailOut.extend({ text: z.string() });

export const InboundListQuery = PageQuery.extend({ status: InboundStatus.optional() });

/** Accept a held message: as a new ticket of a contact, or as a public reply on a ticket. */
export const InboundAccept = z
  .strictObject({ contactId: Id.optional(), ticketId: Id.optional() })
  .refine((b) => (b.contactId === undefined) !== (b.ticketId === undefined), {
    message: 'give either contactId or ticketId',
    path: ['contactId'],
  });
