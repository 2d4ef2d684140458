import { z } from 'zod';
import { MODULES, PRIVILEGE_NAMES } from '../../../authz/privileges.ts';
import { Rule } from '../../../authz/rules.ts';
import { DateTime, Id } from '../../../http/schema-types.ts';
import { Level, Scope } from '../schema.ts';

/**
 * A proposed change to the permission configuration, one per kind of save that changes what
 * contacts see: the body of POST /api/staff/access/preview and the change a `?dryRun=true` save
 * stands for. Declared once, here; the server's type is inferred from it and the UI's is
 * generated from the OpenAPI document.
 */
const GroupId = { userGroupId: Id };
export const AccessChangeBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('add_grant'),
    contactId: Id,
    ...GroupId,
    level: Level,
    expiresAt: DateTime.nullable().optional(),
  }),
  z.strictObject({ kind: z.literal('remove_grant'), grantId: Id }),
  z.strictObject({ kind: z.literal('add_member'), ...GroupId, contactId: Id }),
  z.strictObject({ kind: z.literal('remove_member'), ...GroupId, contactId: Id }),
  z.strictObject({ kind: z.literal('set_rule'), ...GroupId, rule: Rule.nullable() }),
  z.strictObject({
    kind: z.literal('add_group_organization'),
    ...GroupId,
    organizationId: Id,
    includeSubOrganizations: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('remove_group_organization'), ...GroupId, organizationId: Id }),
  z.strictObject({
    kind: z.literal('update_privilege_group'),
    privilegeGroupId: Id,
    privileges: z.array(z.enum(PRIVILEGE_NAMES)).max(100).optional(),
    ticketScope: Scope.optional(),
    recordScope: Scope.optional(),
    scopeLevel: Level.optional(),
  }),
  z.strictObject({
    kind: z.literal('set_module_groups'),
    module: z.enum(MODULES),
    allowedGroupIds: z.array(Id).max(1000),
  }),
  z.strictObject({ kind: z.literal('move_contact'), contactId: Id, organizationId: Id }),
  z.strictObject({ kind: z.literal('move_organization'), organizationId: Id, parentId: Id.nullable() }),
  z.strictObject({ kind: z.literal('set_privilege_group'), contactId: Id, privilegeGroupId: Id }),
]);

/** The change as the server handles it (dates decoded). */
export type AccessChange = z.output<typeof AccessChangeBody>;
