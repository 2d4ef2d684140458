-- Derived tables for the permission model (docs/adr/0001-membership.md): the organization tree's
-- closure and the contacts that match each user group's rule. Both are maintained by triggers in
-- the same transaction as the change, whichever code path makes it, so they are never stale.

create table organization_closure (
  ancestor_id uuid not null references organizations(id) on delete cascade,
  descendant_id uuid not null references organizations(id) on delete cascade,
  depth integer not null,
  primary key (ancestor_id, descendant_id)
);
create index organization_closure_descendant_idx on organization_closure (descendant_id, ancestor_id);

insert into organization_closure (ancestor_id, descendant_id, depth)
with recursive tree(ancestor_id, descendant_id, depth) as (
  select id, id, 0 from organizations
  union all
  select t.ancestor_id, o.id, t.depth + 1 from tree t join organizations o on o.parent_id = t.descendant_id
)
select ancestor_id, descendant_id, depth from tree;

create function portico_org_closure_insert() returns trigger language plpgsql as $$
begin
  insert into organization_closure (ancestor_id, descendant_id, depth)
  select new.id, new.id, 0
  union all
  select c.ancestor_id, new.id, c.depth + 1 from organization_closure c where c.descendant_id = new.parent_id;
  return null;
end $$;

create trigger organizations_closure_insert after insert on organizations
  for each row execute function portico_org_closure_insert();

-- Moving an organization moves its whole subtree: cut the links from the old ancestors to every
-- node of the subtree, then link the new parent's ancestors to them.
create function portico_org_closure_move() returns trigger language plpgsql as $$
begin
  delete from organization_closure link
  using organization_closure sub, organization_closure up
  where sub.ancestor_id = new.id
    and link.descendant_id = sub.descendant_id
    and up.descendant_id = new.id and up.ancestor_id <> new.id
    and link.ancestor_id = up.ancestor_id;
  if new.parent_id is not null then
    insert into organization_closure (ancestor_id, descendant_id, depth)
    select p.ancestor_id, sub.descendant_id, p.depth + sub.depth + 1
    from organization_closure p join organization_closure sub on sub.ancestor_id = new.id
    where p.descendant_id = new.parent_id;
  end if;
  return null;
end $$;

create trigger organizations_closure_move after update of parent_id on organizations
  for each row when (old.parent_id is distinct from new.parent_id)
  execute function portico_org_closure_move();

-- Rule evaluation (permission-model §3). Text comparisons are case-insensitive; a missing field
-- or attribute is the empty string.
create function portico_contact_field(c contacts, field text) returns text
language sql immutable as $$
  select lower(coalesce(case
    when field = 'email' then c.email
    when field = 'title' then c.title
    when field = 'department' then c.department
    when field = 'name' then c.name
    when field = 'phone' then c.phone
    when field = 'organizationId' then c.organization_id::text
    when field like 'attributes.%' then c.attributes ->> substr(field, 12)
  end, ''))
$$;

create function portico_condition_matches(v text, op text, value jsonb) returns boolean
language sql immutable as $$
  select case op
    when 'equals' then v = lower(value #>> '{}')
    when 'not_equals' then v <> lower(value #>> '{}')
    when 'contains' then strpos(v, lower(value #>> '{}')) > 0
    when 'starts_with' then starts_with(v, lower(value #>> '{}'))
    when 'ends_with' then right(v, length(lower(value #>> '{}'))) = lower(value #>> '{}')
    when 'in' then v in (select lower(x) from jsonb_array_elements_text(value) x)
    when 'is_empty' then v = ''
    when 'is_not_empty' then v <> ''
    else false
  end
$$;

create function portico_rule_matches(rule jsonb, c contacts) returns boolean
language sql stable as $$
  select case
    when rule is null or jsonb_array_length(rule -> 'conditions') = 0 then false
    when rule ->> 'operator' = 'any' then bool_or(m)
    else bool_and(m)
  end
  from (
    select portico_condition_matches(portico_contact_field(c, cond ->> 'field'), cond ->> 'op', cond -> 'value') as m
    from jsonb_array_elements(rule -> 'conditions') cond
  ) matches
$$;

create table user_group_rule_members (
  user_group_id uuid not null references user_groups(id) on delete cascade,
  contact_id uuid not null references contacts(id) on delete cascade,
  primary key (user_group_id, contact_id)
);
create index user_group_rule_members_contact_idx on user_group_rule_members (contact_id, user_group_id);

-- A contact's fields changed (or it is new): re-evaluate every rule for it.
create function portico_refresh_contact_rules() returns trigger language plpgsql as $$
begin
  delete from user_group_rule_members where contact_id = new.id;
  insert into user_group_rule_members (user_group_id, contact_id)
  select g.id, new.id from user_groups g where g.rule is not null and portico_rule_matches(g.rule, new);
  return null;
end $$;

create trigger contacts_rule_membership after insert or update of email, title, department, name, phone, organization_id, attributes
  on contacts for each row execute function portico_refresh_contact_rules();

-- A group's rule changed (or the group is new): re-evaluate it for every contact. The share lock
-- waits for contact writes in flight and holds new ones until this commits, so a contact saved
-- concurrently is never judged by the old rule after the new one is in place.
create function portico_refresh_group_rule() returns trigger language plpgsql as $$
begin
  lock table contacts in share mode;
  delete from user_group_rule_members where user_group_id = new.id;
  if new.rule is not null then
    insert into user_group_rule_members (user_group_id, contact_id)
    select new.id, c.id from contacts c where portico_rule_matches(new.rule, c);
  end if;
  return null;
end $$;

create trigger user_groups_rule_membership after insert or update of rule on user_groups
  for each row execute function portico_refresh_group_rule();

-- Grants are looked up by contact on every portal request.
create index access_grants_contact_live_idx on access_grants (contact_id, user_group_id, level, expires_at);
create index module_allowed_groups_group_idx on module_allowed_groups (user_group_id);
create index tickets_requester_private_idx on tickets (requester_id) include (private, organization_id);
