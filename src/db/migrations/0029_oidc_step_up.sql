-- Step-up through the provider (issue 15 §3): a login under way may be a re-authentication of a
-- session that already exists, rather than a new sign-in. Such a callback marks that session as
-- re-authenticated; it opens no session.
alter table oidc_logins add column step_up_session_id uuid references sessions(id) on delete cascade;
