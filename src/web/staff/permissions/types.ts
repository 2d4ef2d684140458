// What the permission configuration API sends and takes (src/modules/{privilege-groups,user-groups,
// access-grants,module-visibility,access}/schema.ts).
import type { MembershipReason, Scope } from '../types.ts';

export type { AccessGrant, MembershipReason, PrivilegeGroup, Scope } from '../types.ts';

export type Level = 'read' | 'write';

export type Privilege = { name: string; description: string };

export type PrivilegeGroupInput = {
  name: string;
  description: string;
  privileges: string[];
  ticketScope: Scope;
  recordScope: Scope;
  scopeLevel: Level;
};

export const RULE_OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'starts_with',
  'ends_with',
  'in',
  'is_empty',
  'is_not_empty',
] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export type RuleCondition = { field: string; op: RuleOperator; value?: string | string[] };
export type Rule = { operator: 'all' | 'any'; conditions: RuleCondition[] };

export type MemberOrganization = { organizationId: string; name: string; includeSubOrganizations: boolean };

export type UserGroup = {
  id: string;
  name: string;
  description: string;
  always: boolean;
  rule: Rule | null;
  memberOrganizations: MemberOrganization[];
  explicitMemberCount: number;
  createdAt: string;
  updatedAt: string;
};

export type GroupMember = {
  contact: { id: string; name: string; email: string; organizationId: string };
  reasons: MembershipReason[];
};

export type ContactRef = { id: string; name: string; email: string };

export type RulePreview = { matchCount: number; sample: ContactRef[] };

export const MODULES = [
  'tickets',
  'assets',
  'contracts',
  'charges',
  'quotes',
  'invoices',
  'payments',
  'documents',
  'kb',
] as const;
export type Module = (typeof MODULES)[number];

export type ModuleVisibility = { module: Module; allowedGroups: { id: string; name: string }[] };

/** POST /api/staff/access/preview: a change to the permission configuration, not saved. */
export type AccessChange =
  | { kind: 'add_grant'; contactId: string; userGroupId: string; level: Level; expiresAt?: string | null }
  | { kind: 'remove_grant'; grantId: string }
  | { kind: 'add_member'; userGroupId: string; contactId: string }
  | { kind: 'remove_member'; userGroupId: string; contactId: string }
  | { kind: 'set_rule'; userGroupId: string; rule: Rule | null }
  | {
      kind: 'add_group_organization';
      userGroupId: string;
      organizationId: string;
      includeSubOrganizations: boolean;
    }
  | { kind: 'remove_group_organization'; userGroupId: string; organizationId: string }
  | {
      kind: 'update_privilege_group';
      privilegeGroupId: string;
      privileges?: string[];
      ticketScope?: Scope;
      recordScope?: Scope;
      scopeLevel?: Level;
    }
  | { kind: 'set_module_groups'; module: Module; allowedGroupIds: string[] }
  | { kind: 'move_contact'; contactId: string; organizationId: string }
  | { kind: 'move_organization'; organizationId: string; parentId: string | null }
  | { kind: 'set_privilege_group'; contactId: string; privilegeGroupId: string };

type Samples<K extends string> = {
  gaining: ({ contact: ContactRef } & Record<K, number>)[];
  losing: ({ contact: ContactRef } & Record<K, number>)[];
};

export type RecordPart = {
  contactsGaining: number;
  contactsLosing: number;
  recordsGained: { pairs: number; records: number };
  recordsLost: { pairs: number; records: number };
  samples: Samples<'records'>;
};

export const RECORD_KINDS = ['assets', 'contracts', 'quotes', 'invoices', 'payments', 'documents'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type Preview = {
  affectedContacts: number;
  counted: { tickets: boolean; records: boolean };
  contactsGaining: number;
  contactsLosing: number;
  ticketsGained: { pairs: number; tickets: number };
  ticketsLost: { pairs: number; tickets: number };
  samples: Samples<'tickets'>;
  records: Record<RecordKind, RecordPart> | null;
};
