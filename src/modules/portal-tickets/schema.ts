import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id, RequiredText, SearchWords, Snippet, Text } from '../../http/schema-types.ts';

/**
 * The portal's view of tickets: only what a contact may see. Fields a contact may not see
 * (priority without tickets.priority.view, asset without tickets.asset.view) are left out of the
 * object, not sent as null.
 */

export const TicketStatus = z.enum(['open', 'pending', 'resolved', 'closed']);
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type TicketPriority = z.infer<typeof TicketPriority>;

const Ref = z.object({ id: Id, name: z.string() });

export const TicketSummary = z.object({
  id: Id,
  number: z.number().int(),
  subject: z.string(),
  status: TicketStatus,
  /** Only with tickets.priority.view. */
  priority: TicketPriority.optional(),
  private: z.boolean(),
  requester: Ref,
  organization: Ref,
  createdAt: DateTime,
  lastActivityAt: DateTime,
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const TicketAbilitiesOut = z.object({
  reply: z.boolean(),
  editDescription: z.boolean(),
  close: z.boolean(),
  reopen: z.boolean(),
  changePriority: z.boolean(),
  setAsset: z.boolean(),
  upload: z.boolean(),
  setPrivate: z.boolean(),
});

export const TicketDetail = TicketSummary.extend({
  description: z.string(),
  updatedAt: DateTime,
  closedAt: DateTime.nullable(),
  /** Only with tickets.asset.view. */
  asset: Ref.nullable().optional(),
  /**
   * Only with tickets.priority.view: the SLA's due times (null without a target), the one the desk
   * works towards now (null while the ticket waits on the customer or is done) and whether it is past.
   */
  sla: z
    .object({
      firstResponseDueAt: DateTime.nullable(),
      resolutionDueAt: DateTime.nullable(),
      nextDueAt: DateTime.nullable(),
      overdue: z.boolean(),
    })
    .optional(),
  /** What this contact may do on this ticket; the write endpoints allow exactly these. */
  abilities: TicketAbilitiesOut,
  /**
   * Only in a read-only "view portal as": what the contact itself may do here, which this view
   * hides (`abilities` are the view's own, all false but `setPrivate`).
   */
  contactAbilities: TicketAbilitiesOut.optional(),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

export const TicketView = z.enum(['mine', 'organization', 'groups', 'all']);

export const PortalTicketListQuery = PageQuery.extend({
  /** One of the views listed by GET /api/portal/me; another is 422. */
  view: TicketView.default('all'),
  /** open: open or pending; closed: resolved or closed. */
  status: z.enum(['open', 'closed', 'all']).default('all'),
  /** Subject contains this text; '#123' is the ticket numbered 123; '123' is either. */
  q: z.string().trim().max(200).optional(),
  /** Only tickets of this organization / this requester. Outside the view they list nothing. */
  organizationId: Id.optional(),
  requesterId: Id.optional(),
  /**
   * activity: newest activity first (default); activity_asc: least recently active first;
   * newest / oldest: by ticket number (when opened). A cursor belongs to its order.
   */
  sort: z.enum(['activity', 'activity_asc', 'newest', 'oldest']).default('activity'),
});

/** The filters of the list, for counting each view's open and closed tickets. */
export const PortalTicketCountsQuery = z.strictObject({
  organizationId: Id.optional(),
  requesterId: Id.optional(),
});

/** A count up to a cap: `more` means there are more than `count` (shown as "1,000+"). */
const CappedCount = z.object({ count: z.number().int(), more: z.boolean() });

export const PortalTicketCounts = z.object({
  items: z.array(z.object({ view: TicketView, open: CappedCount, closed: CappedCount })),
});
export type PortalTicketCounts = z.infer<typeof PortalTicketCounts>;

export const PortalTicketSearchQuery = PageQuery.extend({
  /** Words, "a phrase", or -word to leave out (a web search box's syntax); '#123' is ticket 123. */
  q: SearchWords,
  /** One of the views listed by GET /api/portal/me; another is 422. */
  view: TicketView.default('all'),
  status: z.enum(['open', 'closed', 'all']).default('all'),
});

/** A ticket found: its summary, the rank (higher is better) and a highlighted excerpt. */
export const PortalTicketSearchHit = TicketSummary.extend({ rank: z.number(), snippet: Snippet });
export type PortalTicketSearchHit = z.infer<typeof PortalTicketSearchHit>;

const Description = Text(20000);

/** The requester is always the contact and the organization its own: neither is a field. */
export const PortalTicketCreate = z.strictObject({
  subject: RequiredText(200),
  description: Description.optional(),
  priority: TicketPriority.optional(),
  assetId: Id.optional(),
  private: z.boolean().optional(),
});
export type PortalTicketCreate = z.infer<typeof PortalTicketCreate>;

export const PortalTicketUpdate = z.strictObject({
  description: Description.optional(),
  priority: TicketPriority.optional(),
  assetId: Id.nullable().optional(),
  /** closed: close; open: reopen a resolved or closed ticket (an open or pending ticket stays as it is). */
  status: z.enum(['open', 'closed']).optional(),
  private: z.boolean().optional(),
  /**
   * true: go ahead although making the ticket private takes access away from others (the people
   * a 409 `confirm_required` answer, or GET …/private-preview, names).
   */
  confirm: z.boolean().optional(),
});
export type PortalTicketUpdate = z.infer<typeof PortalTicketUpdate>;

/** Staff appear by display name only; nobody's e-mail address is shown. */
export const AuthorOut = z.object({ type: z.enum(['staff', 'contact']), name: z.string() });

export const PortalCommentOut = z.object({
  id: Id,
  body: z.string(),
  createdAt: DateTime,
  author: AuthorOut,
});
export type PortalCommentOut = z.infer<typeof PortalCommentOut>;

// Not trimmed: leading indentation can matter (pasted logs); blank is still refused.
export const PortalCommentCreate = z.strictObject({
  body: z
    .string()
    .min(1)
    .max(20000)
    .refine((s) => s.trim().length > 0, 'must not be blank'),
});

export const PortalAttachmentOut = z.object({
  id: Id,
  /** The reply it came with (shown there in the conversation); null: a file of the ticket. */
  commentId: Id.nullable(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: DateTime,
});
export type PortalAttachmentOut = z.infer<typeof PortalAttachmentOut>;

/** The text fields of a contact's upload: optionally the contact's own reply the file goes with. */
export const PortalAttachmentFields = z.strictObject({ commentId: Id.optional() });
