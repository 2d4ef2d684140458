// A small fixed world for the preview corners random worlds reach rarely (a rule losing members,
// a link narrowed to one organization, a moved subtree, a module restricted to one group…). Each
// change in SCENARIO_CHANGES changes what someone sees in a fresh copy of it.
//
//   District ── School 1 ── School 1a          H1: read grant on "Org group" (School 1 and below)
//            └─ School 2                         H2: read grant on "Rule group" (department accounting)
//                                                H3: write grant on "Explicit group" (M2)
//   M1 (School 1a, accounting): 2 tickets, 1 private      T (District): tree scopes
//   M2, M3 (School 2): 1 ticket each; quotes at School 1a and School 2
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { AccessChange } from '../../src/modules/access/preview/change.ts';
import { createContact, privilegeGroupId } from './factories.ts';

export type Scenario = Awaited<ReturnType<typeof buildScenario>>;

export async function buildScenario(db: Kysely<DB>) {
  const tag = randomBytes(4).toString('hex');
  await db.deleteFrom('module_allowed_groups').execute();
  const org = async (name: string, parent: string | null = null) =>
    (
      await db
        .insertInto('organizations')
        .values({ name: `${name} ${tag}`, parent_id: parent })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const d = await org('District');
  const s1 = await org('School 1', d);
  const s1a = await org('School 1a', s1);
  const s2 = await org('School 2', d);
  const group = async (
    name: string,
    privileges: string[],
    scope: 'own' | 'organization' | 'organization_tree',
  ) =>
    (
      await db
        .insertInto('privilege_groups')
        .values({ name: `${name} ${tag}`, privileges, ticket_scope: scope, record_scope: scope })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const viewer = ['portal.login', 'tickets.view', 'quotes.view', 'kb.view', 'charges.view'];
  const holderPg = await group('Holder', viewer, 'own');
  const memberPg = await group('Member', viewer, 'own');
  const treePg = await group('Tree', viewer, 'organization_tree');
  const person = async (name: string, organizationId: string, pg: string, department = '', title = '') =>
    (
      await createContact(db, {
        name: `${name} ${tag}`,
        organizationId,
        privilegeGroupId: pg,
        department,
        title,
      })
    ).id;
  const h1 = await person('H1', d, holderPg);
  const h2 = await person('H2', d, holderPg);
  const h3 = await person('H3', d, holderPg);
  const t = await person('T', d, treePg);
  const m1 = await person('M1', s1a, memberPg, 'accounting');
  const m2 = await person('M2', s2, memberPg, '', 'Teacher');
  const m3 = await person('M3', s2, memberPg);
  const userGroup = async (name: string, rule?: object) =>
    (
      await db
        .insertInto('user_groups')
        .values({ name: `${name} ${tag}`, rule: rule ? JSON.stringify(rule) : null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const orgGroup = await userGroup('Org group');
  await db
    .insertInto('user_group_organizations')
    .values({ user_group_id: orgGroup, organization_id: s1, include_sub_organizations: true })
    .execute();
  const ruleGroup = await userGroup('Rule group', {
    operator: 'all',
    conditions: [{ field: 'department', op: 'equals', value: 'accounting' }],
  });
  const explicitGroup = await userGroup('Explicit group');
  await db
    .insertInto('user_group_contacts')
    .values({ user_group_id: explicitGroup, contact_id: m2 })
    .execute();
  const grant = async (contact_id: string, user_group_id: string, level: 'read' | 'write') =>
    (
      await db
        .insertInto('access_grants')
        .values({ contact_id, user_group_id, level })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const h1Grant = await grant(h1, orgGroup, 'read');
  await grant(h2, ruleGroup, 'read');
  await grant(h3, explicitGroup, 'write');
  const ticket = (requester_id: string, organization_id: string, isPrivate = false) =>
    db
      .insertInto('tickets')
      .values({ subject: `S ${tag}`, requester_id, organization_id, private: isPrivate })
      .execute();
  await ticket(m1, s1a);
  await ticket(m1, s1a);
  await ticket(m1, s1a, true);
  await ticket(m2, s2);
  await ticket(m3, s2);
  for (const organization_id of [s1a, s2])
    await db
      .insertInto('quotes')
      .values({ organization_id, title: `Q ${tag}`, status: 'sent' })
      .execute();
  const full = await privilegeGroupId(db, 'full');
  return {
    d,
    s1,
    s1a,
    s2,
    h1,
    h2,
    h3,
    t,
    m1,
    m2,
    m3,
    orgGroup,
    ruleGroup,
    explicitGroup,
    h1Grant,
    memberPg,
    treePg,
    full,
  };
}

const TEACHERS = {
  operator: 'all' as const,
  conditions: [{ field: 'title', op: 'contains' as const, value: 'teacher' }],
};

export const SCENARIO_CHANGES: Record<string, (s: Scenario) => AccessChange> = {
  'a rule removed: its members leave': (s) => ({ kind: 'set_rule', userGroupId: s.ruleGroup, rule: null }),
  'a rule replaced: members leave and join': (s) => ({
    kind: 'set_rule',
    userGroupId: s.ruleGroup,
    rule: TEACHERS,
  }),
  'a link narrowed to the organization itself': (s) => ({
    kind: 'add_group_organization',
    userGroupId: s.orgGroup,
    organizationId: s.s1,
    includeSubOrganizations: false,
  }),
  'a link added with sub-organizations': (s) => ({
    kind: 'add_group_organization',
    userGroupId: s.orgGroup,
    organizationId: s.s2,
    includeSubOrganizations: true,
  }),
  'a link removed': (s) => ({
    kind: 'remove_group_organization',
    userGroupId: s.orgGroup,
    organizationId: s.s1,
  }),
  'an explicit member removed': (s) => ({
    kind: 'remove_member',
    userGroupId: s.explicitGroup,
    contactId: s.m2,
  }),
  'an explicit member added': (s) => ({ kind: 'add_member', userGroupId: s.explicitGroup, contactId: s.m3 }),
  'a contact moved into a linked subtree': (s) => ({
    kind: 'move_contact',
    contactId: s.m2,
    organizationId: s.s1a,
  }),
  'a subtree moved out of a link': (s) => ({
    kind: 'move_organization',
    organizationId: s.s1a,
    parentId: s.s2,
  }),
  'a subtree moved under a link': (s) => ({
    kind: 'move_organization',
    organizationId: s.s2,
    parentId: s.s1,
  }),
  'a subtree moved away from a tree scope': (s) => ({
    kind: 'move_organization',
    organizationId: s.s1,
    parentId: null,
  }),
  'tickets restricted to a group': (s) => ({
    kind: 'set_module_groups',
    module: 'tickets',
    allowedGroupIds: [s.orgGroup],
  }),
  'quotes restricted to a rule group': (s) => ({
    kind: 'set_module_groups',
    module: 'quotes',
    allowedGroupIds: [s.ruleGroup],
  }),
  'a ticket scope widened': (s) => ({
    kind: 'update_privilege_group',
    privilegeGroupId: s.memberPg,
    ticketScope: 'organization',
  }),
  'a view privilege dropped': (s) => ({
    kind: 'update_privilege_group',
    privilegeGroupId: s.treePg,
    privileges: ['portal.login', 'quotes.view'],
  }),
  'a contact given Full': (s) => ({ kind: 'set_privilege_group', contactId: s.m2, privilegeGroupId: s.full }),
  'a grant removed': (s) => ({ kind: 'remove_grant', grantId: s.h1Grant }),
  'a grant added': (s) => ({ kind: 'add_grant', contactId: s.h3, userGroupId: s.orgGroup, level: 'read' }),
  'a read grant made write': (s) => ({ kind: 'update_grant', grantId: s.h1Grant, level: 'write' }),
  'the knowledge base restricted to a group': (s) => ({
    kind: 'set_module_groups',
    module: 'kb',
    allowedGroupIds: [s.orgGroup],
  }),
  'charges restricted to a group': (s) => ({
    kind: 'set_module_groups',
    module: 'charges',
    allowedGroupIds: [s.orgGroup],
  }),
  'a department changed: the contact joins a rule group': (s) => ({
    kind: 'update_contact_fields',
    contactId: s.m3,
    department: 'accounting',
  }),
  'a contact disabled': (s) => ({ kind: 'update_contact_fields', contactId: s.m2, disabled: true }),
};
