-- Indexes for the portal's hot paths (ticket lists, single reads, the per-request access), from the benchmark (docs/benchmarks.md).
-- Open tickets (open or pending, about 30 % of all) are what portal lists show by default: these
-- partial indexes hold only them, ordered like the lists, and carry the columns the permission
-- paths test, so a page is read from the index alone. listTickets writes the status filter as
-- literals so the planner can match these predicates.

-- Walking open tickets newest first, testing each against a set of requesters or organizations
-- (large super customers, big organization trees).
create index tickets_open_activity_idx on tickets (last_activity_at desc, id desc)
  include (requester_id, organization_id, private) where status in ('open', 'pending');

-- A requester's newest open tickets (own tickets; each member of a small set of granted groups).
create index tickets_open_requester_idx on tickets (requester_id, last_activity_at desc, id desc)
  include (private) where status in ('open', 'pending');

-- An organization's newest open tickets (organization scope; each organization of a small tree).
create index tickets_open_organization_idx on tickets (organization_id, last_activity_at desc, id desc)
  include (requester_id, private) where status in ('open', 'pending');

-- "Is this contact an explicit member of one of these groups?" from the index alone, once per
-- ticket tested (single reads, write flags, lists of large super customers).
create index user_group_contacts_contact_group_idx on user_group_contacts (contact_id, user_group_id);

-- "Does the contact hold a grant on an always-group?" on every portal request
-- (src/authz/portal-access.ts): always-groups are few, so this starts from them.
create index user_groups_always_idx on user_groups (id) where always;
