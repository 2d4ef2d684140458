import { z } from 'zod';
import { Rule } from '../../../authz/rules.ts';
import { Id } from '../../../http/schema-types.ts';
import { AccessGrantCreate, AccessGrantUpdate } from '../../access-grants/schema.ts';
import { ContactUpdate } from '../../contacts/schema.ts';
import { ModuleName, ModuleVisibilityUpdate } from '../../module-visibility/schema.ts';
import { PrivilegeGroupUpdate } from '../../privilege-groups/schema.ts';

/**
 * A proposed change to the permission configuration, one per kind of save that changes what
 * contacts see: the body of POST /api/staff/access/preview and the change a `?dryRun=true` save
 * stands for. Declared once, here, with the fields of the saves' own bodies; the server's type is
 * inferred from it and the UI's is generated from the OpenAPI document.
 */
const GroupId = { userGroupId: Id };
export const AccessChangeBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('add_grant'), ...AccessGrantCreate.shape }),
  z.strictObject({ kind: z.literal('remove_grant'), grantId: Id }),
  z.strictObject({ kind: z.literal('update_grant'), grantId: Id, ...AccessGrantUpdate.shape }),
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
    ...PrivilegeGroupUpdate.pick({ privileges: true, ticketScope: true, recordScope: true, scopeLevel: true })
      .shape,
  }),
  z.strictObject({
    kind: z.literal('set_module_groups'),
    module: ModuleName,
    ...ModuleVisibilityUpdate.shape,
  }),
  z.strictObject({ kind: z.literal('move_contact'), contactId: Id, organizationId: Id }),
  z.strictObject({ kind: z.literal('move_organization'), organizationId: Id, parentId: Id.nullable() }),
  z.strictObject({ kind: z.literal('set_privilege_group'), contactId: Id, privilegeGroupId: Id }),
  // The contact fields user-group rules test, and the disabled flag.
  z.strictObject({
    kind: z.literal('update_contact_fields'),
    contactId: Id,
    ...ContactUpdate.pick({ email: true, title: true, department: true, attributes: true, disabled: true })
      .shape,
  }),
]);

/** The change as the server handles it (dates decoded). */
export type AccessChange = z.output<typeof AccessChangeBody>;
