import { sql, type Expression, type SqlBool } from 'kysely';

import type { Rule } from '../../authz/rules.ts';
import {
  membersOfGroups,
  membershipReasons,
  isMember,
  type MembershipReason,
} from '../../authz/membership.ts';
import { afterCursor, toPage, type PageQuery } from '../../http/pagination.ts';
import type { Db } from '../../db/database.ts';

/**
 * Who is in a user group and why, all decided in SQL by src/authz/membership.ts and
 * portico_rule_matches: nothing here loads contacts to filter them in JavaScript.
 */

type Group = { id: string; always: boolean };

const RULE_SAMPLE_SIZE = 10;

/** Contacts (alias `c`) that are members of the group; every contact for an always-group. */
function memberOf(group: Group): Expression<SqlBool> {
  if (group.always) return sql<SqlBool>`true`;
  return sql<SqlBool>`c.id in ${membersOfGroups([group.id])}`;
}

export async function listGroupMembers(db: Db, group: Group, page: PageQuery) {
  let query = db
    .selectFrom('contacts as c')
    .select([
      'c.id',
      'c.name',
      'c.email',
      'c.organization_id',
      membershipReasons(sql.ref('c.id'), sql.ref('c.organization_id'), sql<string>`${group.id}::uuid`).as(
        'reasons',
      ),
    ])
    .where(memberOf(group));
  if (page.cursor) query = query.where(afterCursor(['c.id'], page.cursor, 'asc'));
  const rows = await query
    .orderBy('c.id')
    .limit(page.limit + 1)
    .execute();
  return toPage(
    rows,
    page.limit,
    (r) => [r.id],
    (r) => ({
      contact: { id: r.id, name: r.name, email: r.email, organizationId: r.organization_id },
      reasons: r.reasons,
    }),
  );
}

/** The groups the contact is a member of, each with the reasons, by name. */
export async function groupsOfContact(db: Db, contact: { id: string; organization_id: string }) {
  const contactId = sql<string>`${contact.id}::uuid`;
  const organizationId = sql<string>`${contact.organization_id}::uuid`;
  // Not `g`: the membership SQL uses that alias inside and would capture an outer `g.id`.
  const groupId = sql.ref<string>('ug.id');
  const rows = await db
    .selectFrom('user_groups as ug')
    .select(['ug.id', 'ug.name', membershipReasons(contactId, organizationId, groupId).as('reasons')])
    .where(isMember(contactId, organizationId, groupId))
    .orderBy(sql`lower(ug.name)`)
    .orderBy('ug.id')
    .execute();
  return rows.map((r) => ({ group: { id: r.id, name: r.name }, reasons: r.reasons as MembershipReason[] }));
}

/** How many contacts a rule matches now, with a few of them (the editor's live "matches N contacts"). */
export async function previewRule(db: Db, rule: Rule) {
  const matches = sql<SqlBool>`portico_rule_matches(${JSON.stringify(rule)}::jsonb, c)`;
  const count = await db
    .selectFrom('contacts as c')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(matches)
    .executeTakeFirstOrThrow();
  const sample = await db
    .selectFrom('contacts as c')
    .select(['c.id', 'c.name', 'c.email'])
    .where(matches)
    .orderBy(sql`lower(c.name)`)
    .orderBy('c.id')
    .limit(RULE_SAMPLE_SIZE)
    .execute();
  return { matchCount: count.n, sample };
}
