import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id, RequiredText, SearchWords, Snippet, Text } from '../../http/schema-types.ts';

export const TicketStatus = z.enum(['open', 'pending', 'closed']);
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);

/**
 * Who wrote a comment, uploaded a file or changed a field; null once that account is deleted.
 * `actingStaff`: the staff user who did it as this contact (write-mode impersonation); staff API only.
 */
export const PersonRef = z
  .object({
    type: z.enum(['staff', 'contact']),
    id: Id,
    name: z.string(),
    actingStaff: z.object({ id: Id, name: z.string() }).optional(),
  })
  .nullable();
export type PersonRef = z.infer<typeof PersonRef>;

const TicketBase = z.object({
  id: Id,
  number: z.number().int(),
  subject: z.string(),
  status: TicketStatus,
  priority: TicketPriority,
  private: z.boolean(),
  requester: z.object({ id: Id, name: z.string(), email: z.string() }),
  organization: z.object({ id: Id, name: z.string() }),
  asset: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: DateTime,
  updatedAt: DateTime,
  lastActivityAt: DateTime,
  closedAt: DateTime.nullable(),
});

/** List rows leave the (possibly long) description out. */
export const TicketListItem = TicketBase;
export type TicketListItem = z.infer<typeof TicketListItem>;

export const TicketOut = TicketBase.extend({ description: z.string() });
export type TicketOut = z.infer<typeof TicketOut>;

export const TicketListQuery = PageQuery.extend({
  status: TicketStatus.optional(),
  priority: TicketPriority.optional(),
  organizationId: Id.optional(),
  requesterId: Id.optional(),
  /** Subject contains this text, or '#123' / '123': the ticket with that number. */
  q: z.string().trim().max(200).optional(),
});

export const StaffTicketSearchQuery = PageQuery.extend({
  /** Words, "a phrase", or -word to leave out (a web search box's syntax); '#123' is ticket 123. */
  q: SearchWords,
  status: TicketStatus.optional(),
  priority: TicketPriority.optional(),
  organizationId: Id.optional(),
  requesterId: Id.optional(),
});

/** A ticket found: its list item, the rank (higher is better) and a highlighted excerpt. */
export const StaffTicketSearchHit = TicketListItem.extend({ rank: z.number(), snippet: Snippet });
export type StaffTicketSearchHit = z.infer<typeof StaffTicketSearchHit>;

const Subject = RequiredText(200);
const Description = Text(20000);

/** The organization is never sent: it is always the requester's. */
export const TicketCreate = z.strictObject({
  subject: Subject,
  description: Description.optional(),
  requesterId: Id,
  priority: TicketPriority.optional(),
  status: TicketStatus.optional(),
  assetId: Id.nullable().optional(),
  private: z.boolean().optional(),
});

export const TicketUpdate = z.strictObject({
  subject: Subject.optional(),
  description: Description.optional(),
  status: TicketStatus.optional(),
  priority: TicketPriority.optional(),
  assetId: Id.nullable().optional(),
  private: z.boolean().optional(),
  requesterId: Id.optional(),
  /**
   * Making the ticket private although contacts would lose access (the people a 409
   * `confirm_required` answer, or GET …/private-preview, names): the same confirmation as the portal's.
   */
  confirm: z.boolean().optional(),
});
export type TicketUpdate = z.infer<typeof TicketUpdate>;

export const TicketEventOut = z.object({
  id: Id,
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  actor: PersonRef,
  createdAt: DateTime,
});
export type TicketEventOut = z.infer<typeof TicketEventOut>;
