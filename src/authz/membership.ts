import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * User-group membership (permission-model §3). A contact is a member of a group through the
 * sources below, declared once: explicit membership, its organization (with sub-organizations
 * when the group says so, via organization_closure), the group's rule (user_group_rule_members,
 * kept by triggers), or the group being an always-group. Every form (one pair, the groups of a
 * contact, the members of groups, the reasons) is derived from SOURCES, so a new source is one
 * entry here. Property tests compare the set forms with isMember pair by pair
 * (test/api/access-preview.test.ts).
 *
 * Always-groups reach every contact: isMember and membershipReasons include them; the set forms
 * leave them to the caller, who would otherwise list every contact.
 */

export type MembershipReason = 'explicit' | 'organization' | 'rule' | 'always';
const REASON_ORDER: readonly MembershipReason[] = ['explicit', 'organization', 'rule', 'always'];

/**
 * A table (or join) whose rows make members: `group` the group id column; `member` either the
 * member contact's id column, or an organization id column whose contacts are all members.
 * `a` is the alias prefix of the rows, chosen by the caller so that no outer alias is captured.
 */
type Source = {
  reason: Exclude<MembershipReason, 'always'>;
  from: (a: string) => RawBuilder<unknown>;
  group: (a: string) => string;
  member: { contact: (a: string) => string } | { organization: (a: string) => string };
};

type OrganizationSource = Source & { member: { organization: (a: string) => string } };

const ORGANIZATION: OrganizationSource = {
  reason: 'organization',
  from: (a) => sql`user_group_organizations ${sql.raw(a)}
      join organization_closure ${sql.raw(a)}_oc on ${sql.raw(a)}_oc.ancestor_id = ${sql.raw(a)}.organization_id
        and (${sql.raw(a)}.include_sub_organizations or ${sql.raw(a)}_oc.depth = 0)`,
  group: (a) => `${a}.user_group_id`,
  member: { organization: (a) => `${a}_oc.descendant_id` },
};

// Cheapest first: the exists() tests of isMember stop at the first source that holds.
const SOURCES: readonly Source[] = [
  {
    reason: 'explicit',
    from: (a) => sql`user_group_contacts ${sql.raw(a)}`,
    group: (a) => `${a}.user_group_id`,
    member: { contact: (a) => `${a}.contact_id` },
  },
  {
    reason: 'rule',
    from: (a) => sql`user_group_rule_members ${sql.raw(a)}`,
    group: (a) => `${a}.user_group_id`,
    member: { contact: (a) => `${a}.contact_id` },
  },
  ORGANIZATION,
];

/** A comparison applied to a column, e.g. sql`= any(${ids})`. */
type Test = RawBuilder<unknown>;

/**
 * The rows of one source as (user_group_id, contact_id), or one of the two columns, filtered by
 * group and/or contact (at least one). Organization members are the contacts of the organizations.
 */
function sourceRows(
  s: Source,
  a: string,
  want: 'pair' | 'group' | 'contact',
  where: { group?: Test; contact?: Test },
): RawBuilder<unknown> {
  const group = sql.ref(s.group(a));
  const groupTest = where.group && sql`${group} ${where.group}`;
  const c = sql.raw(`${a}_c`);
  if ('organization' in s.member && want === 'contact' && !where.contact)
    // Members of groups: the organizations' contacts, as one semi-join on contacts' organization index.
    return sql`select ${c}.id as contact_id from contacts ${c} where ${c}.organization_id in (
      select ${sql.ref(s.member.organization(a))} from ${s.from(a)} where ${groupTest})`;
  const { from, contact } =
    'contact' in s.member
      ? { from: s.from(a), contact: sql.ref(s.member.contact(a)) }
      : {
          from: sql`${s.from(a)} join contacts ${c} on ${c}.organization_id = ${sql.ref(s.member.organization(a))}`,
          contact: sql`${c}.id`,
        };
  const columns = {
    pair: sql`${group} as user_group_id, ${contact} as contact_id`,
    group: sql`${group} as user_group_id`,
    contact: sql`${contact} as contact_id`,
  }[want];
  const tests = [groupTest, where.contact && sql`${contact} ${where.contact}`].filter((t) => t !== undefined);
  return sql`select ${columns} from ${from} where ${sql.join(tests, sql` and `)}`;
}

/** Every source's rows, UNION ALL (a member reached several ways repeats). */
const allRows = (a: string, want: 'pair' | 'group' | 'contact', where: { group?: Test; contact?: Test }) =>
  sql.join(
    SOURCES.map((s, i) => sourceRows(s, `${a}${i}`, want, where)),
    sql` union all `,
  );

/** Does one source make the contact (id and organization id expressions) a member of the group? */
function memberThrough(
  s: Source,
  a: string,
  contactId: Expression<string>,
  organizationId: Expression<string>,
  groupId: Expression<string>,
): Expression<SqlBool> {
  const member =
    'contact' in s.member
      ? sql`${sql.ref(s.member.contact(a))} = ${contactId}`
      : sql`${sql.ref(s.member.organization(a))} = ${organizationId}`;
  return sql<SqlBool>`exists (select 1 from ${s.from(a)} where ${sql.ref(s.group(a))} = ${groupId} and ${member})`;
}

// Inner aliases are prefixed m_ so an outer column passed in (sql.ref('g.id')) is never captured
// by a subquery alias of the same name.

const isAlways = (groupId: Expression<string>) =>
  sql<SqlBool>`exists (select 1 from user_groups m_g where m_g.id = ${groupId} and m_g.always)`;

/** Is the contact (given by id and organization id expressions) a member of the group (an id expression)? */
export function isMember(
  contactId: Expression<string>,
  organizationId: Expression<string>,
  groupId: Expression<string>,
): Expression<SqlBool> {
  const tests = SOURCES.map((s, i) => memberThrough(s, `m_${i}`, contactId, organizationId, groupId));
  return sql<SqlBool>`(${sql.join([isAlways(groupId), ...tests], sql` or `)})`;
}

/** Why the contact is a member of the group, as an array of reasons (empty: not a member). */
export function membershipReasons(
  contactId: Expression<string>,
  organizationId: Expression<string>,
  groupId: Expression<string>,
): RawBuilder<MembershipReason[]> {
  const test = (reason: MembershipReason, i: number) => {
    const s = SOURCES.find((x) => x.reason === reason);
    const holds = s ? memberThrough(s, `m_${i}`, contactId, organizationId, groupId) : isAlways(groupId);
    return sql`case when ${holds} then ${sql.lit(reason)} end`;
  };
  return sql<MembershipReason[]>`array_remove(array[${sql.join(REASON_ORDER.map(test))}], null)::text[]`;
}

const groupIdArray = (groupIds: readonly string[]) => sql`${[...groupIds]}::uuid[]`;

/** Ids of the contacts that are members of any of the groups, as an uncorrelated subquery. Always-groups are the caller's. */
export function membersOfGroups(groupIds: readonly string[]): RawBuilder<{ contact_id: string }> {
  const rows = SOURCES.map((s, i) =>
    sourceRows(s, `m_${i}`, 'contact', { group: sql`= any(${groupIdArray(groupIds)})` }),
  );
  return sql<{ contact_id: string }>`(${sql.join(rows, sql` union `)})`;
}

/**
 * Contact ids of the members of the groups (an array expression, e.g. `m_g.ids`), with repeats:
 * for a caller that only asks for "at least N rows" or streams them (the granted groups' members
 * in src/authz/grants.ts). Always-groups are the caller's.
 */
export function membersOfGroupArray(ids: RawBuilder<unknown>): RawBuilder<{ contact_id: string }> {
  return sql<{ contact_id: string }>`(${allRows('m_s', 'contact', { group: sql`= any(${ids})` })})`;
}

/**
 * The groups the contact (an id expression, e.g. `t.requester_id`) is a member of, with repeats;
 * always-groups are the caller's. Each source is an index range on the contact: a contact is in
 * a handful of groups, so this is a few probes whatever the size of the groups.
 */
export function groupsOfContact(contactId: Expression<string>): RawBuilder<{ user_group_id: string }> {
  return sql<{ user_group_id: string }>`(${allRows('m_c', 'group', { contact: sql`= ${contactId}` })})`;
}

export type GroupMember = { user_group_id: string; contact_id: string };

/** (group, contact) for every member of the groups (a subquery of group ids), possibly repeated. */
export function groupMemberPairs(groupIds: RawBuilder<unknown>): RawBuilder<GroupMember> {
  // = any(array(...)): the ids are computed once and each source is read through its index.
  return sql<GroupMember>`(${allRows('mr_g', 'pair', { group: sql`= any(array(${groupIds}))` })})`;
}

/**
 * (group, contact) for every non-always group each of the contacts (a subquery of contact ids)
 * is a member of, possibly repeated: the reverse lookup, driven by the contacts' indexes.
 */
export function contactGroupPairs(contactIds: RawBuilder<unknown>): RawBuilder<GroupMember> {
  return sql<GroupMember>`(${allRows('mr_c', 'pair', { contact: sql`= any(array(${contactIds}))` })})`;
}

/**
 * The organization memberships through which the contact's organization (an id expression) is
 * in the group (an id expression), as rows (organization_id, include_sub_organizations): the
 * facts of the `organization` reason, for explain.
 */
export function organizationMembershipsOf(
  organizationId: Expression<string>,
  groupId: Expression<string>,
): RawBuilder<{ organization_id: string; include_sub_organizations: boolean }> {
  const s = ORGANIZATION;
  return sql`(select mo.organization_id, mo.include_sub_organizations from ${s.from('mo')}
    where ${sql.ref(s.group('mo'))} = ${groupId} and ${sql.ref(s.member.organization('mo'))} = ${organizationId})`;
}
