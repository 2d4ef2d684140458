import type { Module } from '../authz/privileges.ts';
import { daysAgo, pick, uuidV7, type DemoContext } from './util.ts';

type UserGroupSpec = {
  key: string;
  name: string;
  description: string;
  always?: boolean;
  rule?: { operator: 'all' | 'any'; conditions: Array<{ field: string; op: string; value?: string }> };
  /** Member organizations: [organization key, include sub-organizations]. */
  organizations?: Array<[string, boolean]>;
  /** Explicit members (contact keys). */
  members?: string[];
};

const USER_GROUPS: UserGroupSpec[] = [
  {
    key: 'almond_staff',
    name: 'Almond School Staff',
    description: 'Everyone working at Almond School.',
    organizations: [['almond', false]],
  },
  {
    key: 'district',
    name: 'Shoe String School District',
    description: 'All district employees: the district office and every school below it.',
    organizations: [['district', true]],
  },
  {
    key: 'accounting',
    name: 'Accounting',
    description: 'Everyone whose department is accounting: membership follows the department on the contact.',
    rule: { operator: 'all', conditions: [{ field: 'department', op: 'equals', value: 'accounting' }] },
  },
  {
    key: 'technical',
    name: 'Technical',
    description: 'Everyone whose department is technical: membership follows the department on the contact.',
    rule: { operator: 'all', conditions: [{ field: 'department', op: 'equals', value: 'technical' }] },
  },
  {
    key: 'all',
    name: 'All customers',
    description: 'Every contact of every customer, now and in future.',
    always: true,
  },
  {
    key: 'billing',
    name: 'Billing contacts',
    description: 'People who approve quotes and receive invoices without being in an accounting department.',
    members: ['grace', 'oliver', 'margaret'],
  },
];

/** Module visibility: invoices, quotes and payments only for accounting (and named billing contacts). */
const MODULE_ALLOWED: Array<[Module, string[]]> = [
  ['invoices', ['accounting', 'billing']],
  ['quotes', ['accounting', 'billing']],
  ['payments', ['accounting', 'billing']],
];

/** Access grants (super customers): contact, group, level, expiry in days from now (negative: past). */
const GRANTS: Array<{ contact: string; group: string; level: 'read' | 'write'; expiresInDays?: number }> = [
  // Web+Center "User Group Read Access": the Almond office manager follows every Almond case.
  { contact: 'linda', group: 'almond_staff', level: 'write' },
  // The district-wide super-super customer: every case in the district, read-only.
  { contact: 'dana', group: 'district', level: 'read' },
  // Helen was acting principal at Almond last term; the grant has run out.
  { contact: 'helen', group: 'almond_staff', level: 'read', expiresInDays: -12 },
  // Kevin helps with the Almond Chromebook rollout for the next two weeks.
  { contact: 'kevin', group: 'almond_staff', level: 'write', expiresInDays: 14 },
];

export async function seedGroups(ctx: DemoContext): Promise<void> {
  const { trx, now } = ctx;
  for (const [i, g] of USER_GROUPS.entries()) {
    const at = daysAgo(now, 370 - i);
    const row = await trx
      .insertInto('user_groups')
      .values({
        id: uuidV7(at),
        name: g.name,
        description: g.description,
        always: g.always ?? false,
        rule: g.rule ? JSON.stringify(g.rule) : null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.userGroups[g.key] = row.id;
    for (const [org, withSubs] of g.organizations ?? []) {
      await trx
        .insertInto('user_group_organizations')
        .values({
          user_group_id: row.id,
          organization_id: pick(ctx.orgs, org),
          include_sub_organizations: withSubs,
        })
        .execute();
    }
    for (const member of g.members ?? []) {
      await trx
        .insertInto('user_group_contacts')
        .values({ user_group_id: row.id, contact_id: pick(ctx.contacts, member).id })
        .execute();
    }
  }

  for (const [module, groups] of MODULE_ALLOWED) {
    for (const group of groups) {
      await trx
        .insertInto('module_allowed_groups')
        .values({ module, user_group_id: pick(ctx.userGroups, group) })
        .execute();
    }
  }

  for (const [i, g] of GRANTS.entries()) {
    const at = daysAgo(now, 60 - i * 5);
    await trx
      .insertInto('access_grants')
      .values({
        id: uuidV7(at),
        contact_id: pick(ctx.contacts, g.contact).id,
        user_group_id: pick(ctx.userGroups, g.group),
        level: g.level,
        expires_at: g.expiresInDays === undefined ? null : daysAgo(now, -g.expiresInDays),
        created_at: at,
      })
      .execute();
  }
}
