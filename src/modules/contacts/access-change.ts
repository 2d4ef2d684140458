import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import type { AccessChange } from '../access/preview/change.ts';
import { changedField, oneChange } from '../access/preview/changed-fields.ts';
import { findContact } from './repo.ts';
import type { ContactUpdate } from './schema.ts';

/**
 * What a PATCH of a contact previews as (?dryRun=true), read before the save: a new organization
 * is `move_contact`, a new privilege group `set_privilege_group`; name and phone change no access
 * and are left out. The fields user-group rules test (email, title, department, attributes) and
 * the disabled flag change access in ways no preview kind expresses, so when they differ from the
 * stored values the dry run is refused (422 naming the field), as is a change of both the
 * organization and the privilege group (one preview answers for one change).
 */
export async function contactUpdateChange(
  trx: Transaction<DB>,
  id: string,
  input: ContactUpdate,
): Promise<AccessChange | null> {
  const before = await findContact(trx, id);
  if (!before) throw notFound('Contact');
  const organizationId = input.organizationId ?? before.organization_id;
  const privilegeGroupId = input.privilegeGroupId ?? before.privilege_group_id;
  return oneChange([
    ...changedField('body.organizationId', input.organizationId, before.organization_id, {
      kind: 'move_contact',
      contactId: id,
      organizationId,
    }),
    ...changedField('body.privilegeGroupId', input.privilegeGroupId, before.privilege_group_id, {
      kind: 'set_privilege_group',
      contactId: id,
      privilegeGroupId,
    }),
    ...changedField('body.email', input.email, before.email, null),
    ...changedField('body.title', input.title, before.title, null),
    ...changedField('body.department', input.department, before.department, null),
    ...changedField('body.attributes', input.attributes, before.attributes, null),
    ...changedField('body.disabled', input.disabled, before.disabled, null),
  ]);
}
