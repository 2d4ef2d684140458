// Tickets and what hangs on them; files are stored once and referenced from here and elsewhere.
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, CreatedAt, Id } from './columns.ts';

export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface TicketsTable {
  id: Id;
  number: ColumnType<number, never, never>;
  subject: string;
  description: Generated<string>;
  status: Generated<TicketStatus>;
  priority: Generated<TicketPriority>;
  requester_id: string;
  organization_id: string;
  asset_id: string | null;
  private: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  last_activity_at: Timestamp;
  closed_at: Date | null;
  /** The staff team the ticket belongs to (permission model §6b); null: no team. */
  team_id: ColumnType<string | null, string | null | undefined, string | null>;
  assignee_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Who spoke last in the conversation; null before anyone did (or before migration 0013). */
  last_spoke: ColumnType<LastSpoke | null, LastSpoke | null | undefined, LastSpoke | null>;
  customer_replied_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When the ticket became resolved (the auto-close job counts from it); null unless resolved. */
  resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** SLA due times (migration 0018), set by src/modules/sla/ticket-sla.ts; null without a target. */
  first_response_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  first_responded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  resolution_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Since when the SLA clock is stopped (pending, resolved, closed); null while it runs. */
  sla_paused_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Business seconds the clock was stopped, in total. */
  sla_paused_seconds: Generated<number>;
  /** The due time the clock runs towards (first response until met, else resolution); null when stopped. */
  sla_next_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type LastSpoke = 'customer' | 'staff';
export type AutoAssign = 'none' | 'round_robin' | 'least_loaded';

export interface StaffTeamsTable {
  id: Id;
  name: string;
  sees_all_tickets: Generated<boolean>;
  auto_assign: Generated<AutoAssign>;
  last_assigned_staff_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** The desk's settings, one row (migration 0026). */
export interface DeskSettingsTable {
  id: Generated<boolean>;
  /** The team of tickets contacts open whose organization (tree) names none. */
  default_team_id: string | null;
  updated_at: Timestamp;
}

export interface StaffTeamMembersTable {
  team_id: string;
  staff_user_id: string;
  created_at: CreatedAt;
}

export interface TicketCommentsTable {
  id: Id;
  ticket_id: string;
  body: string;
  public: boolean;
  author_staff_id: string | null;
  author_contact_id: string | null;
  /** The staff user who wrote it while impersonating the author contact (write mode). */
  acting_staff_id: string | null;
  created_at: CreatedAt;
}

/** A staff user mentioned in an internal note (migration 0019). */
export interface TicketCommentMentionsTable {
  comment_id: string;
  staff_user_id: string;
}

/** Text for replies with {{placeholders}}; team_id null: global. */
export interface CannedResponsesTable {
  id: Id;
  team_id: string | null;
  title: string;
  body: string;
  created_by_staff_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AttachmentsTable {
  id: Id;
  ticket_id: string;
  comment_id: string | null;
  file_id: string;
  public: boolean;
  uploaded_by_staff_id: string | null;
  uploaded_by_contact_id: string | null;
  /** The staff user who uploaded it while impersonating the contact (write mode). */
  acting_staff_id: string | null;
  created_at: CreatedAt;
}

export interface TicketEmailsTable {
  id: Id;
  ticket_id: string;
  from_address: string;
  to_address: string;
  subject: string;
  body: string;
  public: Generated<boolean>;
  sent_at: Timestamp;
  /** The inbound message it was filed from (mail_inbound), whose original staff may download. */
  inbound_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A contact taking part in a ticket beside its requester (permission-model §6a). */
export interface TicketParticipantsTable {
  ticket_id: string;
  contact_id: string;
  added_by_contact_id: string | null;
  added_by_staff_id: string | null;
  /** The staff user who added it while impersonating the contact (write mode). */
  acting_staff_id: string | null;
  added_at: CreatedAt;
}

export interface TicketEventsTable {
  id: Id;
  ticket_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  actor_staff_id: string | null;
  actor_contact_id: string | null;
  /** The staff user who made the change while impersonating the contact (write mode). */
  acting_staff_id: string | null;
  created_at: CreatedAt;
}

export interface FilesTable {
  id: Id;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  data: Uint8Array;
  created_at: CreatedAt;
}
