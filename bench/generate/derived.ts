/**
 * Rebuilds the two trigger-maintained tables (ADR 0002) after a bulk load that ran with
 * session_replication_role = replica. Both use the migrations' own definitions: the closure is
 * the recursive walk of migration 0002, and rule membership is decided by portico_rule_matches
 * (the one place rules are evaluated). Candidates are narrowed with what the generator knows
 * about its rules (department equals/in, cohort equals), so each candidate pair is still judged
 * by the real function, but not all groups x contacts pairs are tried.
 */
export const REBUILD_DERIVED_SQL = [
  `delete from organization_closure`,
  `insert into organization_closure (ancestor_id, descendant_id, depth)
   with recursive tree(ancestor_id, descendant_id, depth) as (
     select id, id, 0 from organizations
     union all
     select t.ancestor_id, o.id, t.depth + 1 from tree t join organizations o on o.parent_id = t.descendant_id
   )
   select ancestor_id, descendant_id, depth from tree`,
  `delete from user_group_rule_members`,
  `insert into user_group_rule_members (user_group_id, contact_id)
   select distinct g.id, c.id
   from bench_rule_departments r
   join user_groups g on g.id = bench_uuid(3, r.group_idx)
   join contacts c on c.department = r.dept
   where portico_rule_matches(g.rule, c)`,
  `insert into user_group_rule_members (user_group_id, contact_id)
   select g.id, c.id from user_groups g join contacts c on c.attributes ? 'cohort'
   where g.description = 'lever' and g.rule is not null and portico_rule_matches(g.rule, c)`,
];

/**
 * A spot check that the narrowed rebuild equals full evaluation for a few rule groups: the
 * number of (group, contact) pairs that differ. Must be 0.
 */
export const RULE_REBUILD_CHECK_SQL = `
  with sample as (
    select g.id, g.rule from user_groups g where g.rule is not null order by g.id limit 3
  ), full_eval as (
    select s.id, c.id as contact_id from sample s join contacts c on portico_rule_matches(s.rule, c)
  ), stored as (
    select m.user_group_id as id, m.contact_id from user_group_rule_members m join sample s on s.id = m.user_group_id
  )
  select count(*)::int as diff from (
    (select * from full_eval except select * from stored)
    union all
    (select * from stored except select * from full_eval)
  ) d`;
