// Organizations, the people in them, staff, and how they sign in.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Timestamp, CreatedAt, Id } from './columns.ts';

export interface OrganizationsTable {
  id: Id;
  name: string;
  parent_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** Unknown senders from this domain may become its contacts (MAIL_UNKNOWN_SENDERS=create). */
  mail_domain: ColumnType<string | null, string | null | undefined, string | null>;
  /** ISO 4217 code of its amounts; null: DEFAULT_CURRENCY (migration 0024). */
  currency: ColumnType<string | null, string | null | undefined, string | null>;
  /** The team of tickets its contacts open; null: its parent's, else the desk's (migration 0026). */
  default_team_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ContactsTable {
  id: Id;
  organization_id: string;
  privilege_group_id: string;
  name: string;
  email: string;
  phone: Generated<string>;
  title: Generated<string>;
  department: Generated<string>;
  attributes: JSONColumnType<Record<string, string>, string | undefined, string>;
  disabled: Generated<boolean>;
  password_hash: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface StaffUsersTable {
  id: Id;
  email: string;
  name: string;
  role: 'admin' | 'agent';
  can_impersonate: Generated<boolean>;
  disabled: Generated<boolean>;
  password_hash: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: Id;
  token_hash: string;
  csrf_hash: string;
  staff_user_id: string | null;
  contact_id: string | null;
  ip: Generated<string>;
  user_agent: Generated<string>;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date;
  impersonator_staff_id: ColumnType<string | null, string | null | undefined, string | null>;
  impersonator_session_id: ColumnType<string | null, string | null | undefined, string | null>;
  impersonation_mode: ColumnType<
    'read' | 'write' | null,
    'read' | 'write' | null | undefined,
    'read' | 'write' | null
  >;
  impersonation_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last time the owner gave the password or a code (step-up). */
  reauthenticated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type ApiTokenScope = 'read' | 'tickets' | 'contacts' | 'permissions' | 'admin';

export interface ApiTokensTable {
  id: Id;
  staff_user_id: string | null;
  contact_id: ColumnType<string | null, string | null | undefined, never>;
  scopes: ColumnType<ApiTokenScope[], ApiTokenScope[] | undefined, ApiTokenScope[]>;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface PasswordTokensTable {
  id: Id;
  contact_id: string;
  purpose: 'invite' | 'reset';
  token_hash: string;
  created_by_staff_id: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Date;
  blocked_until: Date | null;
  blocks: Generated<number>;
}

export interface TwoFactorsTable {
  id: Id;
  staff_user_id: string | null;
  contact_id: string | null;
  secret: string;
  confirmed_at: Date | null;
  last_step: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
}

export interface SignInChallengesTable {
  id: Id;
  token_hash: string;
  staff_user_id: string | null;
  contact_id: string | null;
  purpose: 'second_factor' | 'enrol';
  attempts: Generated<number>;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface RecoveryCodesTable {
  id: Id;
  two_factor_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface SignInSettingsTable {
  id: Generated<boolean>;
  admins_require_two_factor: boolean;
  updated_at: Timestamp;
}
