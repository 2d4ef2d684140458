-- Issue 15 §4: contacts' read-only personal API tokens for the portal API.

-- The new privilege of the catalogue (§2): Full holds every privilege.
update privilege_groups set privileges = array_append(privileges, 'account.api_tokens')
where system_key = 'full' and not ('account.api_tokens' = any(privileges));

-- A contact's token always expires (at most a year ahead, checked by the service): a forgotten one
-- must not read for ever.
-- contract: the previous release writes staff tokens only (contact_id null), which this accepts.
alter table api_tokens add constraint api_tokens_contact_expires
  check (contact_id is null or expires_at is not null);
