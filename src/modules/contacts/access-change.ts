import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import type { AccessChange } from '../access/preview/change.ts';
import { changedField, oneChange } from '../access/preview/changed-fields.ts';
import { findContact } from './repo.ts';
import type { ContactUpdate } from './schema.ts';

/**
 * What a PATCH of a contact previews as (?dryRun=true), read before the save: a new organization
 * is `move_contact`, a new privilege group `set_privilege_group`, and the fields user-group rules
 * test (email, title, department, attributes) with the disabled flag, together,
 * `update_contact_fields`; name and phone change no access and are left out. Two of these at once
 * are refused (422 naming the field): one preview answers for one change.
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
    ...fieldsChange(id, input, before).slice(0, 1),
  ]);
}

const RULE_FIELDS = ['email', 'title', 'department', 'attributes', 'disabled'] as const;

/** The rule fields and disabled flag that differ, as one change (every field named, for its path). */
function fieldsChange(
  id: string,
  input: ContactUpdate,
  before: NonNullable<Awaited<ReturnType<typeof findContact>>>,
) {
  const changed = RULE_FIELDS.flatMap((f) => changedField(`body.${f}`, input[f], before[f], null));
  const fields = Object.fromEntries(RULE_FIELDS.map((f) => [f, input[f]]));
  return changed.map((c) => ({
    ...c,
    change: { kind: 'update_contact_fields' as const, contactId: id, ...fields },
  }));
}
