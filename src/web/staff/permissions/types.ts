// What the permission configuration API sends and takes: names for the generated API types
// (shared/api-types.gen.ts).
import type { ApiBody, ApiItem, ApiResponse } from '../../shared/api-types.ts';
import type { PrivilegeGroup } from '../types.ts';

export type { AccessGrant, MembershipReason, PrivilegeGroup, Scope } from '../types.ts';

export type Level = PrivilegeGroup['scopeLevel'];

export type Privilege = ApiItem<'/api/staff/privileges'>;
export type PrivilegeName = Privilege['name'];

export type PrivilegeGroupInput = Required<ApiBody<'/api/staff/privilege-groups', 'post'>>;

export type UserGroup = ApiItem<'/api/staff/user-groups'>;
export type Rule = NonNullable<UserGroup['rule']>;
export type RuleCondition = Rule['conditions'][number];
export type RuleOperator = RuleCondition['op'];
export type MemberOrganization = UserGroup['memberOrganizations'][number];

export type GroupMember = ApiItem<'/api/staff/user-groups/{id}/members'>;

export type RulePreview = ApiResponse<'/api/staff/user-groups/rule-preview', 'post'>;
export type ContactRef = RulePreview['sample'][number];

export type ModuleVisibility = ApiItem<'/api/staff/modules'>;
export type Module = ModuleVisibility['module'];

/** POST /api/staff/access/preview: a change to the permission configuration, not saved. */
export type AccessChange = ApiBody<'/api/staff/access/preview', 'post'>;

export type Preview = ApiResponse<'/api/staff/access/preview', 'post'>;
export type RecordKind = keyof NonNullable<Preview['records']>;
export type RecordPart = NonNullable<Preview['records']>[RecordKind];

export const RECORD_KINDS = [
  'assets',
  'contracts',
  'quotes',
  'invoices',
  'payments',
  'documents',
] as const satisfies readonly RecordKind[];
