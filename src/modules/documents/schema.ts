import { z } from 'zod';
import { DateTime, Id, RequiredText, Text } from '../../http/schema-types.ts';
import { PageQuery } from '../../http/pagination.ts';

export const DocumentFileOut = z.object({
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
});

export const DocumentOut = z.object({
  id: Id,
  organizationId: Id,
  title: z.string(),
  description: z.string(),
  public: z.boolean(),
  file: DocumentFileOut,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type DocumentOut = z.infer<typeof DocumentOut>;

export const DocumentListQuery = PageQuery.extend({
  organizationId: Id.optional(),
  public: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(200).optional(),
});

/** The text fields of the multipart upload that creates a document (all form fields are strings). */
export const DocumentUploadFields = z.strictObject({
  organizationId: Id,
  title: RequiredText(200),
  description: Text(5000).optional(),
  public: z.enum(['true', 'false']).optional(),
});
export type DocumentUploadFields = z.infer<typeof DocumentUploadFields>;

export const DocumentUpdate = z.strictObject({
  organizationId: Id.optional(),
  title: RequiredText(200).optional(),
  description: Text(5000).optional(),
  public: z.boolean().optional(),
});
export type DocumentUpdate = z.infer<typeof DocumentUpdate>;
