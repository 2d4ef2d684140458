import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id } from '../../http/schema-types.ts';

export const AuditEntryOut = z.object({
  id: Id,
  at: DateTime,
  actorType: z.enum(['staff', 'contact', 'system', 'anonymous']),
  actorId: Id.nullable(),
  actorLabel: z.string(),
  impersonatorStaffId: Id.nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: Id.nullable(),
  /** The entity as it was before and after the change (null for a create, a delete, an event). */
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string(),
});
export type AuditEntryOut = z.infer<typeof AuditEntryOut>;

export const AuditListQuery = PageQuery.extend({
  entityType: z.string().trim().min(1).max(100).optional(),
  entityId: Id.optional(),
  actorId: Id.optional(),
  action: z.string().trim().min(1).max(100).optional(),
});
