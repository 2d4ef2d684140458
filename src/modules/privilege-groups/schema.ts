import { z } from 'zod';
import { PRIVILEGE_NAMES } from '../../authz/privileges.ts';
import { DateTime, Id, RequiredText, Text } from '../../http/schema-types.ts';

export const Scope = z.enum(['own', 'organization', 'organization_tree']);
export const ScopeLevel = z.enum(['read', 'write']);
/** A privilege from the fixed catalogue; any other name is refused with 422. */
export const PrivilegeName = z.enum(PRIVILEGE_NAMES);

export const PrivilegeOut = z.object({ name: PrivilegeName, description: z.string() });

export const PrivilegeGroupOut = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  systemKey: z.string().nullable(),
  /** System groups ship with every install and cannot be edited or deleted, only copied. */
  locked: z.boolean(),
  privileges: z.array(z.string()),
  ticketScope: Scope,
  recordScope: Scope,
  scopeLevel: ScopeLevel,
  isDefault: z.boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type PrivilegeGroupOut = z.infer<typeof PrivilegeGroupOut>;

export const PrivilegeGroupCreate = z.strictObject({
  name: RequiredText(200),
  description: Text(2000).optional(),
  privileges: z.array(PrivilegeName).max(100),
  ticketScope: Scope,
  recordScope: Scope,
  scopeLevel: ScopeLevel,
});
export type PrivilegeGroupCreate = z.infer<typeof PrivilegeGroupCreate>;

export const PrivilegeGroupUpdate = PrivilegeGroupCreate.partial();
export type PrivilegeGroupUpdate = z.infer<typeof PrivilegeGroupUpdate>;

export const PrivilegeGroupCopy = z.strictObject({ name: RequiredText(200).optional() });
