// Who may see what: privilege groups, user groups and their three member sources (explicit,
// organization with its sub-organizations, rule), grants and module visibility.
import type { Generated, JSONColumnType } from 'kysely';
import type { Timestamp, CreatedAt, Id } from './columns.ts';

export type TicketScope = 'own' | 'organization' | 'organization_tree';
export type ScopeLevel = 'read' | 'write';

export interface PrivilegeGroupsTable {
  id: Id;
  name: string;
  description: Generated<string>;
  system_key: string | null;
  privileges: Generated<string[]>;
  ticket_scope: Generated<TicketScope>;
  record_scope: Generated<TicketScope>;
  scope_level: Generated<ScopeLevel>;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UserGroupsTable {
  id: Id;
  name: string;
  description: Generated<string>;
  always: Generated<boolean>;
  rule: JSONColumnType<object, string | null, string | null> | null;
  /** Made by the directory sync (migration 0025): its group's normalized DN; null when an admin made it. */
  directory_dn: Generated<string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UserGroupContactsTable {
  user_group_id: string;
  contact_id: string;
  /** Made by the directory sync (migration 0022), which adds and removes only these. */
  directory_managed: Generated<boolean>;
}

export interface UserGroupOrganizationsTable {
  user_group_id: string;
  organization_id: string;
  include_sub_organizations: Generated<boolean>;
}

export interface UserGroupRuleMembersTable {
  user_group_id: string;
  contact_id: string;
}

export interface OrganizationClosureTable {
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface AccessGrantsTable {
  id: Id;
  contact_id: string;
  user_group_id: string;
  level: ScopeLevel;
  expires_at: Date | null;
  created_at: CreatedAt;
}

export interface ModuleAllowedGroupsTable {
  module: string;
  user_group_id: string;
}
