import type { Profile } from '../profiles.ts';

/**
 * Organizations, contacts, user groups, memberships and grants of a profile, as set-based SQL
 * (run with session_replication_role = replica: no per-row triggers or FK checks; the derived
 * tables are rebuilt afterwards by derived.ts).
 *
 * Shapes (perf-anchors §9.2): organization trees four levels deep (10/20/30/40 %); contacts per
 * organization Zipf-Mandelbrot (s 1.1, q 7: the largest organization holds ~2.3 % of contacts);
 * user groups 60 % explicit (Zipf sizes, largest ~contacts/10), 30 % organization (1-4
 * organizations, half with sub-organizations), 10 % rule (department equals / in); super
 * customers with Pareto-distributed grant counts (median 2-3, capped at 500), half read, half
 * write, 5 % expired. Plus two lever groups and one lever organization for scenario 5.
 */
export function populationSql(p: Profile): string[] {
  const N = p.organizations;
  const n0 = Math.floor(N / 10);
  const n1 = Math.floor(N / 5);
  const n2 = Math.floor((3 * N) / 10);
  const C = p.contacts;
  const L = p.leverSize;
  const G = p.userGroups;
  const departments = Math.max(10, Math.floor(C / 100));
  const largestGroup = Math.floor(C / 10);
  const stride = Math.floor((C - 3 * L) / p.superCustomers);
  return [
    `insert into organizations (id, name, parent_id)
     select bench_uuid(1, g), 'Org ' || g, case
       when g <= ${n0} then null
       when g <= ${n0 + n1} then bench_uuid(1, 1 + floor(bench_rand(g, 1) * ${n0})::int)
       when g <= ${n0 + n1 + n2} then bench_uuid(1, ${n0 + 1} + floor(bench_rand(g, 1) * ${n1})::int)
       else bench_uuid(1, ${n0 + n1 + 1} + floor(bench_rand(g, 1) * ${n2})::int) end
     from generate_series(1, ${N}) g`,
    `insert into organizations (id, name) values (bench_uuid(1, ${N + 1}), 'Bench lever organization')`,
    `insert into contacts (id, organization_id, privilege_group_id, name, email, title, department, attributes)
     select bench_uuid(2, g),
       case when g <= ${L} then bench_uuid(1, ${N + 1})
         else bench_uuid(1, bench_permute(bench_zipf(bench_rand(g, 2), ${N}, 1.1, 7), ${N})) end,
       (select id from privilege_groups where system_key = 'limited'),
       'Contact ' || g, 'c' || g || '@bench.test',
       (array['Teacher','Principal','Clerk','Engineer','Manager','Nurse','Analyst','Director'])[1 + floor(bench_rand(g, 3) * 8)::int],
       'dept-' || (1 + floor(bench_rand(g, 4) * ${departments})::int),
       case when g > ${L} and g <= ${2 * L} then '{"cohort":"a"}'
            when g > ${2 * L} and g <= ${3 * L} then '{"cohort":"b"}' else '{}' end::jsonb
     from generate_series(1, ${C}) g`,
    `create table bench_rule_departments (group_idx int not null, dept text not null, primary key (group_idx, dept))`,
    `insert into bench_rule_departments
     select distinct g, 'dept-' || (1 + floor(bench_rand(g::bigint * 10 + j, 26) * ${departments})::int)
     from generate_series(1, ${G}) g,
       lateral generate_series(1, case when bench_rand(g, 25) < 0.7 then 1 else 3 end) j
     where g % 10 = 9`,
    `insert into user_groups (id, name, description, rule)
     select bench_uuid(3, g), 'Group ' || g,
       case when g % 10 < 6 then 'explicit' when g % 10 < 9 then 'organization' else 'rule' end,
       (select case when count(*) = 1
          then jsonb_build_object('operator', 'any', 'conditions', jsonb_build_array(
            jsonb_build_object('field', 'department', 'op', 'equals', 'value', min(r.dept))))
          else jsonb_build_object('operator', 'any', 'conditions', jsonb_build_array(
            jsonb_build_object('field', 'department', 'op', 'in', 'value', jsonb_agg(r.dept)))) end
        from bench_rule_departments r where r.group_idx = g having count(*) > 0)
     from generate_series(1, ${G}) g`,
    `insert into user_groups (id, name, description, rule) values
       (bench_uuid(3, ${G + 1}), 'Bench lever: organization', 'lever', null),
       (bench_uuid(3, ${G + 2}), 'Bench lever: rule', 'lever',
        '{"operator":"all","conditions":[{"field":"attributes.cohort","op":"equals","value":"a"}]}')`,
    `insert into user_group_contacts (user_group_id, contact_id)
     select distinct bench_uuid(3, g), bench_uuid(2, 1 + floor(bench_rand(g::bigint * 1000003 + j, 21) * ${C})::int)
     from generate_series(1, ${G}) g,
       lateral generate_series(1, greatest(2, floor(${largestGroup} * power(bench_permute(g, ${G}), -1.1))::int)) j
     where g % 10 < 6`,
    `insert into user_group_organizations (user_group_id, organization_id, include_sub_organizations)
     select distinct on (g, o) bench_uuid(3, g), bench_uuid(1, o), bench_rand(g, 23) < 0.5
     from (select g, 1 + floor(bench_rand(g::bigint * 1000 + j, 22) * ${N})::int as o
           from generate_series(1, ${G}) g,
             lateral generate_series(1, 1 + floor(4 * power(bench_rand(g, 24), 3))::int) j
           where g % 10 between 6 and 8) x
     order by g, o`,
    `insert into access_grants (contact_id, user_group_id, level, expires_at)
     select distinct on (s, grp) bench_uuid(2, ${3 * L} + s * ${stride}), bench_uuid(3, grp),
       case when bench_rand(s::bigint * 1000 + j, 33) < 0.5 then 'read' else 'write' end,
       case when bench_rand(s::bigint * 1000 + j, 34) < 0.05 then now() - interval '1 day'
            when bench_rand(s::bigint * 1000 + j, 34) < 0.10 then now() + interval '365 days' end
     from (select s, j, 1 + floor(bench_rand(s::bigint * 1000 + j, 32) * ${G})::int as grp
           from generate_series(1, ${p.superCustomers}) s,
             lateral generate_series(1, least(500, ${G}, floor(power(1 - bench_rand(s, 31), -1.25))::int)) j) x
     order by s, grp, j`,
    // One restricted module, so resolving a contact's modules runs a real membership test.
    `insert into module_allowed_groups (module, user_group_id) values ('quotes', bench_uuid(3, 1))`,
  ];
}

/** Contact number of super customer s (1-based); persona code uses the first few. */
export function superCustomerIndex(p: Profile, s: number): number {
  return 3 * p.leverSize + s * Math.floor((p.contacts - 3 * p.leverSize) / p.superCustomers);
}
