// OpenID Connect sign-in: providers, the identities they vouch for, sign-ins under way, and the
// memberships their claims gave (migration 0021).
import type { ColumnType, JSONColumnType } from 'kysely';
import type { CreatedAt, Id, Timestamp } from './columns.ts';

export type OidcAudience = 'portal' | 'staff' | 'both';

export interface OidcProvidersTable {
  id: Id;
  name: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  audience: OidcAudience;
  allowed_domains: ColumnType<string[], string[] | undefined, string[]>;
  jit_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  jit_organization_id: string | null;
  jit_by_mail_domain: ColumnType<boolean, boolean | undefined, boolean>;
  /** `groups` claim value → user group id. */
  group_claims: JSONColumnType<Record<string, string>, string | undefined, string>;
  /** Claim value → privilege group, in order: the first the claims hold wins (migration 0025). */
  privilege_claims: JSONColumnType<{ claim: string; id: string }[], string | undefined, string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface OidcIdentitiesTable {
  id: Id;
  provider_id: string;
  subject: string;
  staff_user_id: string | null;
  contact_id: string | null;
  created_at: CreatedAt;
}

export interface OidcLoginsTable {
  id: Id;
  state_hash: string;
  browser_hash: string;
  provider_id: string;
  audience: 'portal' | 'staff';
  code_verifier: string;
  nonce: string;
  next_path: string;
  expires_at: Date;
  /** A step-up of this session (a re-login at the provider), not a sign-in. */
  step_up_session_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface OidcGroupMembershipsTable {
  provider_id: string;
  user_group_id: string;
  contact_id: string;
}
