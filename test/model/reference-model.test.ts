// The reference model on its own: the scenarios of the five seed documents as tables
// (persona × ticket → expected), plus the rule operators and the tree.
import { describe, expect, it } from 'vitest';
import {
  emptyWorld,
  NO_ABILITIES,
  ReferenceModel,
  SYSTEM_PRIVILEGES,
  type Condition,
  type Contact,
  type Grant,
  type Level,
  type PrivilegeGroup,
  type Scope,
  type Ticket,
  type UserGroup,
  type World,
} from './reference-model.ts';

const DAY = 86_400_000;
const NOW = new Date('2030-06-01T12:00:00Z');

function group(id: string, privileges: string[], ticketScope: Scope = 'own', scopeLevel: Level = 'read') {
  return { id, name: id, privileges, ticketScope, recordScope: ticketScope, scopeLevel } as PrivilegeGroup;
}

function contact(
  id: string,
  organizationId: string,
  privilegeGroupId = 'limited',
  more: Partial<Contact> = {},
) {
  return {
    id,
    name: id,
    email: `${id}@example.test`,
    title: '',
    department: '',
    attributes: {},
    organizationId,
    privilegeGroupId,
    disabled: false,
    ...more,
  } satisfies Contact;
}

function userGroup(id: string, more: Partial<UserGroup>): UserGroup {
  return { id, name: id, always: false, rule: null, memberContactIds: [], memberOrganizations: [], ...more };
}

function ticket(id: string, requesterId: string, organizationId: string, more: Partial<Ticket> = {}): Ticket {
  return { id, requesterId, organizationId, private: false, status: 'open', ...more };
}

function grant(contactId: string, userGroupId: string, level: Level, expiresAt: Date | null = null): Grant {
  return { id: `${contactId}->${userGroupId}`, contactId, userGroupId, level, expiresAt };
}

/** Web+Center's school district, RepairShopr/RangerMSP's system groups and MYC's vTiger company. */
function seedsWorld(): World {
  const w = emptyWorld();
  w.organizations.push(
    { id: 'district', name: 'Shoe String School District', parentId: null },
    { id: 'almond', name: 'Almond School', parentId: 'district' },
    { id: 'birch', name: 'Birch School', parentId: 'district' },
    { id: 'almond-annex', name: 'Almond Annex', parentId: 'almond' },
    { id: 'acme', name: 'Acme (vTiger customer)', parentId: null },
  );
  w.privilegeGroups.push(
    group('no_portal_access', SYSTEM_PRIVILEGES.no_portal_access),
    group('limited', SYSTEM_PRIVILEGES.limited),
    group('partial', SYSTEM_PRIVILEGES.partial),
    group('full', SYSTEM_PRIVILEGES.full, 'organization', 'write'),
    group('district-tree', SYSTEM_PRIVILEGES.limited, 'organization_tree', 'write'),
    group('org-readonly', [...SYSTEM_PRIVILEGES.limited, 'tickets.close'], 'organization', 'read'),
  );
  w.contacts.push(
    contact('teacher', 'almond'),
    contact('colleague', 'almond'),
    contact('almondSuper', 'almond'),
    contact('manager', 'almond'),
    contact('expiredSuper', 'almond'),
    contact('birchTeacher', 'birch'),
    contact('annexTeacher', 'almond-annex'),
    contact('districtSuper', 'district'),
    contact('districtTree', 'district', 'district-tree'),
    contact('orgReader', 'almond', 'org-readonly'),
    contact('noAccess', 'almond', 'no_portal_access'),
    contact('partialUser', 'almond', 'partial'),
    contact('fullUser', 'almond', 'full'),
    contact('disabledFull', 'almond', 'full', { disabled: true }),
    contact('accountant', 'acme', 'full', { department: 'Accounting' }),
    contact('technician', 'acme', 'full', { department: 'TECHNICAL' }),
    contact('salesman', 'acme', 'full', { department: 'sales' }),
  );
  w.userGroups.push(
    userGroup('Almond School Staff', {
      memberOrganizations: [{ organizationId: 'almond', includeSubOrganizations: false }],
    }),
    userGroup('Shoe String School District', {
      memberOrganizations: [{ organizationId: 'district', includeSubOrganizations: true }],
    }),
    userGroup('accounting', {
      rule: { operator: 'all', conditions: [{ field: 'department', op: 'equals', value: 'accounting' }] },
    }),
    userGroup('technical', {
      rule: { operator: 'all', conditions: [{ field: 'department', op: 'equals', value: 'technical' }] },
    }),
  );
  w.grants.push(
    grant('almondSuper', 'Almond School Staff', 'write'),
    grant('districtSuper', 'Shoe String School District', 'write'),
    grant('manager', 'Almond School Staff', 'read'),
    grant('expiredSuper', 'Almond School Staff', 'write', new Date(NOW.getTime() - DAY)),
  );
  w.moduleAllowedGroups = {
    invoices: ['accounting'],
    quotes: ['accounting'],
    payments: ['accounting'],
    tickets: ['accounting', 'technical', 'Almond School Staff', 'Shoe String School District'],
  };
  w.tickets.push(
    ticket('t-teacher', 'teacher', 'almond'),
    ticket('t-teacher-closed', 'teacher', 'almond', { status: 'closed' }),
    ticket('t-teacher-private', 'teacher', 'almond', { private: true }),
    ticket('t-colleague', 'colleague', 'almond', { status: 'pending' }),
    ticket('t-birch', 'birchTeacher', 'birch'),
    ticket('t-annex', 'annexTeacher', 'almond-annex'),
    ticket('t-district', 'districtSuper', 'district'),
    ticket('t-acme-tech', 'technician', 'acme'),
    ticket('t-acme-acc', 'accountant', 'acme'),
  );
  return w;
}

const model = () => new ReferenceModel(seedsWorld(), () => NOW);

// The Web+Center super customer and the district super-super customer.
// [persona, ticket, sees, writes]
const superCustomerTable: [string, string, boolean, boolean][] = [
  ['teacher', 't-teacher', true, true],
  ['teacher', 't-teacher-private', true, true],
  ['teacher', 't-colleague', false, false],
  ['colleague', 't-teacher', false, false],
  ['almondSuper', 't-colleague', true, true],
  ['almondSuper', 't-teacher-closed', true, true],
  ['almondSuper', 't-teacher-private', false, false],
  ['almondSuper', 't-annex', false, false], // the group lists Almond without sub-organizations
  ['almondSuper', 't-birch', false, false],
  ['manager', 't-colleague', true, false],
  ['manager', 't-teacher-private', false, false],
  ['expiredSuper', 't-colleague', false, false],
  ['districtSuper', 't-birch', true, true],
  ['districtSuper', 't-annex', true, true],
  ['districtSuper', 't-teacher', true, true],
  ['districtSuper', 't-teacher-private', false, false],
  ['districtSuper', 't-acme-tech', false, false],
  ['districtTree', 't-birch', true, true],
  ['districtTree', 't-annex', true, true],
  ['districtTree', 't-district', true, true],
  ['districtTree', 't-teacher-private', false, false],
  ['orgReader', 't-colleague', true, false],
  ['orgReader', 't-annex', false, false], // organization, not organization_tree
];

describe('reference model: super customers (Web+Center)', () => {
  it.each(superCustomerTable)('%s × %s → sees %s, writes %s', (persona, ticketId, sees, writes) => {
    const m = model();
    expect(m.maySee(persona, ticketId)).toBe(sees);
    expect(m.mayWrite(persona, ticketId)).toBe(writes);
    expect(m.readStatus(persona, ticketId)).toBe(sees ? 200 : 404);
    expect(m.replyStatus(persona, ticketId)).toBe(!sees ? 404 : writes ? 201 : 403);
  });

  it('offers the group views only with an unexpired grant, the organization view only with a scope', () => {
    const m = model();
    expect(m.views('teacher')).toEqual(['mine', 'all']);
    expect(m.views('almondSuper')).toEqual(['mine', 'groups', 'all']);
    expect(m.views('expiredSuper')).toEqual(['mine', 'all']);
    expect(m.views('districtTree')).toEqual(['mine', 'organization', 'all']);
  });

  it('lists per view and status', () => {
    const m = model();
    const ids = (c: string, v: 'mine' | 'groups' | 'all' | 'organization', s: 'open' | 'closed' | 'all') =>
      [...(m.visibleTicketIds(c, v, s) ?? ['<no such view>'])].sort();
    expect(ids('teacher', 'mine', 'open')).toEqual(['t-teacher', 't-teacher-private']);
    expect(ids('teacher', 'mine', 'closed')).toEqual(['t-teacher-closed']);
    expect(ids('almondSuper', 'groups', 'all')).toEqual(['t-colleague', 't-teacher', 't-teacher-closed']);
    expect(ids('almondSuper', 'groups', 'open')).toEqual(['t-colleague', 't-teacher']); // pending is open
    expect(ids('almondSuper', 'mine', 'all')).toEqual([]);
    expect(ids('almondSuper', 'organization', 'all')).toEqual(['<no such view>']);
    expect(ids('districtTree', 'organization', 'open')).toEqual([
      't-annex',
      't-birch',
      't-colleague',
      't-district',
      't-teacher',
    ]);
  });

  it('the read-only manager has no abilities; the writer has those of its privileges', () => {
    const m = model();
    expect(m.abilities('manager', 't-colleague')).toEqual(NO_ABILITIES);
    expect(m.abilities('almondSuper', 't-colleague')).toEqual({ ...NO_ABILITIES, reply: true });
    expect(m.abilities('teacher', 't-teacher')).toEqual({ ...NO_ABILITIES, reply: true, setPrivate: true });
    expect(m.abilities('fullUser', 't-teacher-closed')).toEqual({
      reply: true,
      editDescription: true,
      close: false,
      reopen: true,
      changePriority: true,
      setAsset: true,
      upload: true,
      setPrivate: false,
    });
    expect(m.abilities('fullUser', 't-teacher-private')).toEqual(NO_ABILITIES);
  });
});

// The system privilege groups (RepairShopr, RangerMSP). [persona, signs in, sees colleague's, writes]
const systemGroupTable: [string, boolean, boolean, boolean][] = [
  ['noAccess', false, false, false],
  ['teacher', true, false, false], // Limited: own tickets only
  ['partialUser', true, false, false],
  ['fullUser', true, true, true],
  ['disabledFull', false, false, false],
];

describe('reference model: system privilege groups', () => {
  it.each(systemGroupTable)(
    '%s: sign-in %s, sees a colleague ticket %s, writes %s',
    (p, signIn, sees, writes) => {
      const m = model();
      expect(m.canSignIn(p)).toBe(signIn);
      expect(m.maySee(p, 't-colleague')).toBe(sees);
      expect(m.mayWrite(p, 't-colleague')).toBe(writes);
    },
  );

  it('Partial sees priority, Limited does not; Full sees everything of its organization', () => {
    const m = model();
    expect(m.has('partialUser', 'tickets.priority.view')).toBe(true);
    expect(m.has('teacher', 'tickets.priority.view')).toBe(false);
    expect([...(m.visibleTicketIds('fullUser', 'organization', 'all') ?? [])].sort()).toEqual([
      't-colleague',
      't-teacher',
      't-teacher-closed',
    ]);
  });
});

// MYC/vTiger: profiles by department unlock modules. [persona, modules]
const vtigerTable: [string, string[]][] = [
  [
    'accountant',
    ['tickets', 'assets', 'contracts', 'charges', 'quotes', 'invoices', 'payments', 'documents', 'kb'],
  ],
  ['technician', ['tickets', 'assets', 'contracts', 'charges', 'documents', 'kb']],
  ['salesman', ['assets', 'contracts', 'charges', 'documents', 'kb']],
  ['noAccess', []],
  ['disabledFull', []],
];

describe('reference model: module visibility (MYC customer profiles)', () => {
  it.each(vtigerTable)('%s uses %j', (persona, modules) => {
    expect(model().modules(persona)).toEqual(modules);
  });

  it('a contact without the tickets module sees no ticket, not even its own, and has no views', () => {
    const m = model();
    m.world.tickets.push(ticket('t-sales', 'salesman', 'acme'));
    expect(m.maySee('salesman', 't-sales')).toBe(false);
    expect(m.views('salesman')).toEqual([]);
    expect(m.readStatus('salesman', 't-sales')).toBe(404);
  });
});

describe('reference model: membership', () => {
  const base = () =>
    contact('x', 'almond-annex', 'limited', {
      email: 'Ann.Smith@Almond.Example',
      title: 'Head Teacher',
      department: 'Science',
      attributes: { campus: 'North', badge: '' },
    });
  // [field, op, value, expected]
  const conditions: [Condition['field'], Condition['op'], string | string[] | undefined, boolean][] = [
    ['department', 'equals', 'SCIENCE', true],
    ['department', 'equals', 'Scien', false],
    ['department', 'not_equals', 'science', false],
    ['department', 'not_equals', 'art', true],
    ['email', 'ends_with', '@almond.example', true],
    ['email', 'starts_with', 'ann.', true],
    ['email', 'starts_with', 'smith', false],
    ['title', 'contains', 'TEACH', true],
    ['title', 'contains', 'principal', false],
    ['title', 'in', ['principal', 'head teacher'], true],
    ['title', 'in', ['teacher'], false],
    ['attributes.campus', 'equals', 'north', true],
    ['attributes.badge', 'is_empty', undefined, true],
    ['attributes.missing', 'is_empty', undefined, true],
    ['attributes.missing', 'equals', '', true],
    ['attributes.missing', 'not_equals', 'x', true],
    ['attributes.campus', 'is_not_empty', undefined, true],
    ['attributes.missing', 'is_not_empty', undefined, false],
    ['organizationId', 'equals', 'ALMOND-ANNEX', true],
    ['organizationId', 'equals', 'almond', false],
  ];
  it.each(conditions)('%s %s %j → %s', (field, op, value, expected) => {
    const m = new ReferenceModel(seedsWorld(), () => NOW);
    expect(m.conditionHolds(base(), { field, op, ...(value === undefined ? {} : { value }) })).toBe(expected);
  });

  it('all needs every condition, any needs one; always-groups hold everyone', () => {
    const w = seedsWorld();
    w.contacts.push(base());
    const yes = { field: 'department', op: 'equals', value: 'science' } as const;
    const no = { field: 'department', op: 'equals', value: 'art' } as const;
    w.userGroups.push(
      userGroup('all', { rule: { operator: 'all', conditions: [yes, no] } }),
      userGroup('any', { rule: { operator: 'any', conditions: [yes, no] } }),
      userGroup('always', { always: true }),
      userGroup('explicit', { memberContactIds: ['x'] }),
    );
    const m = new ReferenceModel(w, () => NOW);
    expect(['all', 'any', 'always', 'explicit'].map((g) => m.isMember('x', g))).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(m.isMember('x', 'Almond School Staff')).toBe(false); // annex is below Almond, not Almond
    expect(m.isMember('x', 'Shoe String School District')).toBe(true);
  });

  it('membership is live: a changed field, organization or grant expiry is seen at once', () => {
    const m = model();
    expect(m.maySee('almondSuper', 't-colleague')).toBe(true);
    m.contact('colleague').organizationId = 'birch';
    expect(m.maySee('almondSuper', 't-colleague')).toBe(false); // the requester left the group
    expect(m.isMember('technician', 'technical')).toBe(true);
    m.contact('technician').department = 'support';
    expect(m.modules('technician')).not.toContain('tickets');
    const g = m.world.grants.find((x) => x.contactId === 'districtSuper')!;
    g.expiresAt = new Date(NOW.getTime() - 1);
    expect(m.maySee('districtSuper', 't-birch')).toBe(false);
    expect(m.views('districtSuper')).toEqual(['mine', 'all']);
  });
});
