-- The portal's ticket lists sorted by number (newest / oldest tickets, issue 13 §7): a requester's
-- and an organization's tickets in number order, so a list path reads its page from one index
-- walk (forward or backward) in either direction, like the activity order's indexes of 0001.
create index tickets_requester_number_idx on tickets (requester_id, number);
create index tickets_organization_number_idx on tickets (organization_id, number);
