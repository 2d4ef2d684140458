// The mail outbox: messages to send and ticket events whose recipients are resolved at send time.
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Id, Timestamp } from './columns.ts';

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed';
export type MailTicketEventKind =
  'created' | 'public_reply' | 'status_changed' | 'priority_changed' | 'participant_added';

export interface MailMessagesTable {
  id: Id;
  message_id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** A JSON object of header name to value; written as JSON text. */
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  ticket_id: string | null;
  contact_id: string | null;
  staff_user_id: string | null;
  batch_id: string | null;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Date | null;
  /** When the worker may try (again): now for a new row, later after a temporary failure. */
  next_attempt_at: Generated<Date>;
  /** While status is 'sending': the claim's lease; after it a crashed worker's row is due again. */
  locked_until: Date | null;
}

/** A group e-mail: one row when queued, expanded into messages by the worker (0017). */
export interface MailBatchesTable {
  id: string;
  kind: string;
  user_group_id: string | null;
  subject: string;
  text_body: string;
  html_body: string | null;
  recipients: number;
  expanded_after: string | null;
  expanded_at: Date | null;
  created_by_staff_id: string | null;
  created_at: CreatedAt;
}

export interface MailTicketEventsTable {
  id: Id;
  ticket_id: string;
  event: MailTicketEventKind;
  comment_id: string | null;
  detail: string | null;
  actor_staff_id: string | null;
  actor_contact_id: string | null;
  created_at: CreatedAt;
  processed_at: Date | null;
}

export interface MailReplyTokensTable {
  token: string;
  ticket_id: string;
  contact_id: string | null;
  staff_user_id: string | null;
  created_at: CreatedAt;
}

export type MailInboundStatus = 'processed' | 'held' | 'refused' | 'accepted' | 'rejected';

export interface MailInboundTable {
  id: Id;
  message_id: string;
  from_address: string;
  subject: Generated<string>;
  status: MailInboundStatus;
  reason: string;
  detail: Generated<string>;
  source: string;
  raw_file_id: string | null;
  size_bytes: Generated<number>;
  ticket_id: string | null;
  comment_id: string | null;
  contact_id: string | null;
  staff_user_id: string | null;
  decided_by_staff_id: string | null;
  received_at: CreatedAt;
  decided_at: Date | null;
}

export type ContactNotificationScope = 'none' | 'mine' | 'visible';
export type NotificationDelivery = 'immediate' | 'daily';
export type StaffNotificationScope = 'none' | 'commented' | 'all';

export interface ContactNotificationPreferencesTable {
  contact_id: string;
  scope: Generated<ContactNotificationScope>;
  delivery: Generated<NotificationDelivery>;
  last_digest_at: Date | null;
  updated_at: Timestamp;
}

export interface StaffNotificationPreferencesTable {
  staff_user_id: string;
  scope: Generated<StaffNotificationScope>;
  updated_at: Timestamp;
}
