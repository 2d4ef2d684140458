import { AppError, invalid, notFound } from '../../../errors.ts';
import type { ChangeContext } from '../../audit/change.ts';
import { createAccessGrant, deleteAccessGrant, updateAccessGrant } from '../../access-grants/service.ts';
import { updateContact } from '../../contacts/service.ts';
import { setModuleVisibility } from '../../module-visibility/service.ts';
import { updateOrganization } from '../../organizations/service.ts';
import { updatePrivilegeGroup } from '../../privilege-groups/service.ts';
import {
  addGroupContact,
  removeGroupContact,
  removeGroupOrganization,
  setGroupOrganization,
} from '../../user-groups/member-service.ts';
import { updateUserGroup } from '../../user-groups/service.ts';
import type { AccessChange } from './change.ts';
import { previewSave, type PreviewResult } from './preview.ts';

/**
 * POST /api/staff/access/preview: each kind of change is the save of the endpoint that makes it,
 * run through the very service function that endpoint runs (one writer per change), measured and
 * rolled back by previewSave.
 */

/** The save the change stands for. */
function saveOf(ctx: ChangeContext, c: AccessChange): Promise<unknown> {
  switch (c.kind) {
    case 'add_grant': {
      const { kind: _kind, ...grant } = c;
      return createAccessGrant(ctx, grant);
    }
    case 'remove_grant':
      return deleteAccessGrant(ctx, c.grantId);
    case 'update_grant': {
      const { kind: _kind, grantId, ...update } = c;
      return updateAccessGrant(ctx, grantId, update);
    }
    case 'add_member':
      return addGroupContact(ctx, c.userGroupId, c.contactId);
    case 'remove_member':
      return removeGroupContact(ctx, c.userGroupId, c.contactId);
    case 'set_rule':
      return updateUserGroup(ctx, c.userGroupId, { rule: c.rule });
    case 'add_group_organization':
      return setGroupOrganization(ctx, c.userGroupId, c.organizationId, c.includeSubOrganizations);
    case 'remove_group_organization':
      return removeGroupOrganization(ctx, c.userGroupId, c.organizationId);
    case 'update_privilege_group': {
      const { kind: _kind, privilegeGroupId, ...update } = c;
      return updatePrivilegeGroup(ctx, privilegeGroupId, update);
    }
    case 'set_module_groups':
      return setModuleVisibility(ctx, c.module, c.allowedGroupIds);
    case 'move_contact':
      return updateContact(ctx, c.contactId, { organizationId: c.organizationId });
    case 'move_organization':
      return updateOrganization(ctx, c.organizationId, { parentId: c.parentId });
    case 'set_privilege_group':
      return updateContact(ctx, c.contactId, { privilegeGroupId: c.privilegeGroupId });
    case 'update_contact_fields': {
      const { kind: _kind, contactId, ...fields } = c;
      return updateContact(ctx, contactId, fields);
    }
  }
}

/**
 * The saves answer 404 for a record named in their URL; the preview names it in its body: 422
 * with the body's path ("no such user group"), as the preview has always answered.
 */
const BODY_PATH: [what: string, path: string][] = [
  ['Contact', 'body.contactId'],
  ['User group', 'body.userGroupId'],
  ['Organization', 'body.organizationId'],
  ['Access grant', 'body.grantId'],
  ['Privilege group', 'body.privilegeGroupId'],
];

function asBodyError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'not_found') return error;
  const named = BODY_PATH.find(([what]) => notFound(what).message === error.message);
  return named ? invalid(named[1], `no such ${named[0].toLowerCase()}`) : error;
}

/**
 * What the change would do to what contacts see, saved by its own service in ctx.trx and rolled
 * back (the caller's transaction is left as it was). Refused as its save refuses it.
 */
export async function previewChange(ctx: ChangeContext, change: AccessChange): Promise<PreviewResult> {
  try {
    return await previewSave(ctx, change, () => saveOf(ctx, change));
  } catch (error) {
    throw asBodyError(error);
  }
}
