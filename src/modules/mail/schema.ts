import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id } from '../../http/schema-types.ts';

export const MailStatus = z.enum(['queued', 'sending', 'sent', 'failed']);

/** One message on the mail queue page. */
export const MailOut = z.object({
  id: Id,
  messageId: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  status: MailStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  ticketId: Id.nullable(),
  contactId: Id.nullable(),
  batchId: Id.nullable(),
  createdAt: DateTime,
  nextAttemptAt: DateTime,
  sentAt: DateTime.nullable(),
});
export type MailOut = z.infer<typeof MailOut>;

/** The same with what the message says. */
export const MailDetailOut = MailOut.extend({
  text: z.string(),
  html: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
});

export const MailListQuery = PageQuery.extend({
  status: MailStatus.optional(),
  kind: z.string().trim().min(1).max(50).optional(),
  ticketId: Id.optional(),
});

export const MailBatchParams = z.strictObject({ batchId: Id });

/** A batch's progress (a group e-mail): how many of its messages are where. */
export const MailBatchOut = z.object({
  batchId: Id,
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
});

export const MailSettingsOut = z.object({
  /** false: SMTP_URL is not set; messages stay queued until it is. */
  smtpConfigured: z.boolean(),
});
