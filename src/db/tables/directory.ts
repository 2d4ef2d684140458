// LDAP / Active Directory (migration 0022): the configuration and the contacts it manages.
import type { Generated, JSONColumnType } from 'kysely';
import type { Timestamp } from './columns.ts';

/** A directory DN mapped to a Portico record (user group, privilege group or organization). */
export type DirectoryMapping = { dn: string; id: string };

/** Directory groups no mapping names become user groups made by the sync (migration 0025). */
export type DirectoryCreateGroups = { enabled: boolean; underDn: string; namePrefix: string };

export interface DirectorySettingsTable {
  id: Generated<boolean>;
  enabled: boolean;
  url: string;
  bind_dn: string;
  bind_password: string;
  base_dn: string;
  user_filter: string;
  group_filter: string;
  email_attribute: string;
  name_attribute: string;
  disabled_filter: string;
  attribute_map: JSONColumnType<Record<string, string>, string | undefined, string>;
  group_map: JSONColumnType<DirectoryMapping[], string | undefined, string>;
  privilege_map: JSONColumnType<DirectoryMapping[], string | undefined, string>;
  organization_map: JSONColumnType<DirectoryMapping[], string | undefined, string>;
  create_groups: JSONColumnType<DirectoryCreateGroups, string | undefined, string>;
  default_organization_id: string | null;
  default_privilege_group_id: string | null;
  sync_minutes: number;
  last_sync_at: Date | null;
  last_sync_error: string | null;
  updated_at: Timestamp;
}

export interface DirectoryAccountsTable {
  contact_id: string;
  dn: string;
  disabled_by_directory: Generated<boolean>;
  synced_at: Timestamp;
}
