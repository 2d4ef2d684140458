-- Issue 15: the directory creates user groups, and OIDC claims drive the same mapping as LDAP
-- (docs/directory.md#groups-the-directory-creates, docs/sign-in.md#claims-drive-the-mapping).

-- Directory groups that no mapping names become user groups made by the sync (off by default):
-- {"enabled": bool, "underDn": "" (anywhere under the base DN) or a DN, "namePrefix": ""}.
alter table directory_settings
  add column create_groups jsonb not null default '{"enabled": false, "underDn": "", "namePrefix": ""}';

-- A user group the directory made: the normalized DN of its directory group (lower case, no spaces
-- around separators). The sync renames and fills only these; null for every group an admin made.
alter table user_groups add column directory_dn text;
create unique index user_groups_directory_dn_idx on user_groups (directory_dn) where directory_dn is not null;

-- OIDC: claim value → privilege group, in order (the first the claims hold wins), like LDAP's
-- privilegeMappings: [{"claim": "...", "id": "<privilege group>"}].
alter table oidc_providers add column privilege_claims jsonb not null default '[]';
