import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id, RequiredText, SearchWords, Snippet, Text } from '../../http/schema-types.ts';

/** resolved: answered; a customer reply reopens it, and it is closed after TICKET_AUTO_CLOSE_DAYS. */
export const TicketStatus = z.enum(['open', 'pending', 'resolved', 'closed']);
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export const LastSpoke = z.enum(['customer', 'staff']);

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
  /** The staff team and the staff user the ticket is assigned to (permission model §6b). */
  team: z.object({ id: Id, name: z.string() }).nullable(),
  assignee: z.object({ id: Id, name: z.string() }).nullable(),
  /** Who spoke last in the conversation: the customer (a contact) or staff; null before anyone did. */
  lastSpoke: LastSpoke.nullable(),
  /** When a contact's reply last reopened the ticket (it was pending or closed). */
  customerRepliedAt: DateTime.nullable(),
  /**
   * SLA due times (docs/desk.md, "SLAs"); null without a policy target. `nextDueAt`: what the clock
   * runs towards (first response until met, then resolution), null while it stands still
   * (`pausedSince`: pending, resolved or closed).
   */
  sla: z.object({
    firstResponseDueAt: DateTime.nullable(),
    firstRespondedAt: DateTime.nullable(),
    resolutionDueAt: DateTime.nullable(),
    nextDueAt: DateTime.nullable(),
    pausedSince: DateTime.nullable(),
  }),
});

/** List rows leave the (possibly long) description out. */
export const TicketListItem = TicketBase;
export type TicketListItem = z.infer<typeof TicketListItem>;

export const TicketOut = TicketBase.extend({ description: z.string() });
export type TicketOut = z.infer<typeof TicketOut>;

/**
 * The desk's queues (all within what the staff user may see): mine (assigned to me), unassigned
 * (and not closed), my_teams (of my teams), waiting_on_us (open, the customer spoke last or no one
 * has), waiting_on_customer (pending, or open with staff speaking last), breaching (the SLA clock
 * runs and the next due time is past or within SLA_WARNING_MINUTES; soonest due first), all.
 */
export const TicketQueue = z.enum([
  'mine',
  'unassigned',
  'my_teams',
  'waiting_on_us',
  'waiting_on_customer',
  'breaching',
  'all',
]);
export type TicketQueue = z.infer<typeof TicketQueue>;

export const TicketListQuery = PageQuery.extend({
  queue: TicketQueue.optional(),
  teamId: Id.optional(),
  assigneeId: Id.optional(),
  status: TicketStatus.optional(),
  priority: TicketPriority.optional(),
  organizationId: Id.optional(),
  requesterId: Id.optional(),
  /** Subject contains this text, or '#123' / '123': the ticket with that number. */
  q: z.string().trim().max(200).optional(),
});

/** The list's filters and queues, with words to search for instead of a subject text. */
export const StaffTicketSearchQuery = TicketListQuery.extend({
  /** Words, "a phrase", or -word to leave out (a web search box's syntax); '#123' is ticket 123. */
  q: SearchWords,
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
  /** One of the actor's teams (an admin: any team). Omitted with autoAssign on: the team picks the assignee. */
  teamId: Id.nullable().optional(),
  /** An enabled staff user; a member of the ticket's team when it has one. */
  assigneeId: Id.nullable().optional(),
});

export const TicketUpdate = z.strictObject({
  subject: Subject.optional(),
  description: Description.optional(),
  status: TicketStatus.optional(),
  priority: TicketPriority.optional(),
  assetId: Id.nullable().optional(),
  private: z.boolean().optional(),
  requesterId: Id.optional(),
  /** One of the actor's teams (an admin: any team); null: no team. */
  teamId: Id.nullable().optional(),
  /** An enabled staff user, a member of the ticket's team when it has one; null: unassigned. */
  assigneeId: Id.nullable().optional(),
  /**
   * Making the ticket private although contacts would lose access (the people a 409
   * `confirm_required` answer, or GET …/private-preview, names): the same confirmation as the portal's.
   */
  confirm: z.boolean().optional(),
});
export type TicketUpdate = z.infer<typeof TicketUpdate>;

/** What a bulk action sets on every ticket of a selection (at least one field). */
export const TicketBulkSet = TicketUpdate.pick({
  teamId: true,
  assigneeId: true,
  status: true,
  priority: true,
});

/** A bulk action: all tickets or none; each must be one the actor may see (else 404, nothing changed). */
export const TicketBulkAction = z.strictObject({
  ids: z.array(Id).min(1).max(200),
  set: TicketBulkSet.refine((s) => Object.keys(s).length > 0, { message: 'set at least one field' }),
});

export const TicketBulkOut = z.object({ tickets: z.array(TicketOut) });

export const TicketEventOut = z.object({
  id: Id,
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  actor: PersonRef,
  createdAt: DateTime,
});
export type TicketEventOut = z.infer<typeof TicketEventOut>;
