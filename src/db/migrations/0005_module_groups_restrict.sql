-- Deleting a user group that a module is restricted to would silently open the module to every
-- contact; refuse it in the database too, whatever code path deletes the group.
alter table module_allowed_groups drop constraint module_allowed_groups_user_group_id_fkey;
alter table module_allowed_groups add constraint module_allowed_groups_user_group_id_fkey
  foreign key (user_group_id) references user_groups(id) on delete restrict;
