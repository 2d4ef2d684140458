import { z } from 'zod';
import { DateTime, Id, RequiredText } from '../../http/schema-types.ts';
import { PersonRef } from './schema.ts';

export const CommentOut = z.object({
  id: Id,
  ticketId: Id,
  body: z.string(),
  public: z.boolean(),
  author: PersonRef,
  /** The colleagues an internal note mentions (stored by id when it was written). */
  mentions: z.array(z.object({ id: Id, name: z.string() })),
  createdAt: DateTime,
});
export type CommentOut = z.infer<typeof CommentOut>;

// Not trimmed: leading indentation can matter (pasted logs, code); blank is still refused.
export const CommentCreate = z.strictObject({
  body: z
    .string()
    .min(1)
    .max(20000)
    .refine((s) => s.trim().length > 0, 'must not be blank'),
  public: z.boolean(),
  /**
   * Staff user ids an internal note mentions (`@name` in the text); each must see the ticket, and
   * is mailed. Not allowed on a public reply.
   */
  mentions: z.array(Id).max(20).optional(),
});

export const AttachmentOut = z.object({
  id: Id,
  ticketId: Id,
  commentId: Id.nullable(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  public: z.boolean(),
  createdAt: DateTime,
  uploadedBy: PersonRef,
});
export type AttachmentOut = z.infer<typeof AttachmentOut>;

/** The text parts of the multipart upload, beside the `file` part. */
export const AttachmentFields = z.strictObject({
  public: z.enum(['true', 'false']).optional(),
  commentId: Id.optional(),
});

export const PublicFlag = z.strictObject({ public: z.boolean() });

export const TicketEmailOut = z.object({
  id: Id,
  ticketId: Id,
  fromAddress: z.string(),
  toAddress: z.string(),
  subject: z.string(),
  body: z.string(),
  public: z.boolean(),
  sentAt: DateTime,
  /** Filed from inbound mail: its original is at /api/staff/mail/inbound/{inboundId}/original. */
  inboundId: Id.nullable(),
});
export type TicketEmailOut = z.infer<typeof TicketEmailOut>;

// Header values as they were (display names, several recipients), bounded like a header line.
export const TicketEmailCreate = z.strictObject({
  fromAddress: RequiredText(998),
  toAddress: RequiredText(998),
  subject: z.string().trim().max(998),
  body: z.string().max(200_000),
  public: z.boolean().optional(),
  /** When the mail was sent; now when left out. */
  sentAt: DateTime.optional(),
});

export const MentionableQuery = z.strictObject({ q: z.string().trim().max(200).optional() });
export const MentionableOut = z.object({ items: z.array(z.object({ id: Id, name: z.string() })) });
