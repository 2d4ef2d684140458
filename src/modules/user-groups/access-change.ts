import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AccessChange } from '../access/preview/change.ts';
import { changedField, oneChange } from '../access/preview/changed-fields.ts';
import type { UserGroupUpdate } from './schema.ts';

const sortedUnique = (ids: readonly string[]) => [...new Set(ids)].sort();

/**
 * What a PATCH of a group previews as (?dryRun=true), read before the save: a rule that differs
 * from the stored one is `set_rule`; name and description change no access and are left out; the
 * always flag and the member lists, when they differ from the stored ones, change membership in
 * a way one preview cannot express (use the member endpoints' dry runs), so they are refused.
 */
export async function groupUpdateChange(
  trx: Transaction<DB>,
  id: string,
  input: UserGroupUpdate,
): Promise<AccessChange | null> {
  const group = await trx
    .selectFrom('user_groups')
    .select(['always', 'rule'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const contacts = await trx
    .selectFrom('user_group_contacts')
    .select('contact_id')
    .where('user_group_id', '=', id)
    .execute();
  const organizations = await trx
    .selectFrom('user_group_organizations')
    .select(['organization_id', 'include_sub_organizations'])
    .where('user_group_id', '=', id)
    .execute();
  const organizationKeys = (list: { id: string; sub: boolean }[]) =>
    list.map((o) => `${o.id}:${o.sub}`).sort();
  return oneChange([
    ...changedField('body.rule', input.rule, group.rule, {
      kind: 'set_rule',
      userGroupId: id,
      rule: input.rule ?? null,
    }),
    ...changedField('body.always', input.always, group.always, null),
    ...changedField(
      'body.memberContactIds',
      input.memberContactIds && sortedUnique(input.memberContactIds),
      sortedUnique(contacts.map((c) => c.contact_id)),
      null,
    ),
    ...changedField(
      'body.memberOrganizations',
      input.memberOrganizations &&
        organizationKeys(
          input.memberOrganizations.map((o) => ({ id: o.organizationId, sub: o.includeSubOrganizations })),
        ),
      organizationKeys(
        organizations.map((o) => ({ id: o.organization_id, sub: o.include_sub_organizations })),
      ),
      null,
    ),
  ]);
}
