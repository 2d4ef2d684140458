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

/** The actions of signing in: left out of the log unless asked for (`signIns=true` or by name). */
export const SIGN_IN_ACTIONS = ['sign_in', 'sign_in_failed', 'sign_in_password_ok'] as const;

const Instant = z.iso.datetime({ offset: true });

const AuditFilterFields = z.strictObject({
  entityType: z.string().trim().min(1).max(100).optional(),
  entityId: Id.optional(),
  actorId: Id.optional(),
  action: z.string().trim().min(1).max(100).optional(),
  from: Instant.optional().describe('Entries at or after this time.'),
  to: Instant.optional().describe('Entries before this time (the end is not included).'),
  signIns: z
    .enum(['true', 'false'])
    .default('false')
    .describe('Sign-ins (and failed ones) are left out unless `true`, or unless `action` names one.'),
});

const rangeInOrder = (q: { from?: string | undefined; to?: string | undefined }) =>
  !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to);
const RANGE_ISSUE = { path: ['to'], message: 'must be after from' };

/** The filters of the CSV file; the list takes the same ones, and the same SQL applies them. */
export const AuditFilterQuery = AuditFilterFields.refine(rangeInOrder, RANGE_ISSUE);
export type AuditFilter = z.infer<typeof AuditFilterQuery>;

export const AuditListQuery = AuditFilterFields.extend(PageQuery.shape).refine(rangeInOrder, RANGE_ISSUE);
