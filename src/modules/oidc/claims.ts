import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Claims } from '../../auth/oidc.ts';
import { recordAudit } from '../audit/record.ts';
import {
  firstMapped,
  managedChanges,
  mappedIds,
  type SourceMapping,
} from '../user-groups/managed-memberships.ts';
import {
  addExplicitMember,
  removeExplicitMember,
  type MembershipWriter,
} from '../user-groups/member-service.ts';
import { lockUserGroup } from '../user-groups/repo.ts';
import { OidcRefused } from './accounts.ts';
import type { ProviderRow } from './providers.ts';

/** Whether the `groups` claim holds a value. */
function holderOf(claims: Claims): (value: string) => boolean {
  const values = new Set(
    Array.isArray(claims.groups) ? claims.groups.filter((v): v is string => typeof v === 'string') : [],
  );
  return (value) => values.has(value);
}

const groupMappings = (provider: ProviderRow): SourceMapping[] =>
  Object.entries(provider.group_claims).map(([source, id]) => ({ source, id }));

/** The `groups` claim's values this provider maps, as user group ids (sorted: locks in one order). */
export function groupsOfClaims(provider: ProviderRow, claims: Claims): string[] {
  return mappedIds(groupMappings(provider), holderOf(claims)).sort();
}

/**
 * At each sign-in the claims drive the same mapping as the directory sync (managed-memberships):
 * the user groups they name become the contact's memberships managed by this provider (missing
 * ones added and marked as the provider's, the provider's that the claims no longer name removed,
 * a membership added by hand never touched); the first privilege mapping the claims hold sets the
 * privilege group; the `department` claim sets the department. Through the user-group module's
 * explicit-membership writes: audited like an administrator's, and in force from the next
 * request (membership is evaluated in SQL on every read).
 */
export async function applyClaims(
  trx: Transaction<DB>,
  provider: ProviderRow,
  contactId: string,
  claims: Claims,
  ip: string,
): Promise<void> {
  const writer: MembershipWriter = { trx, who: { kind: 'system', label: `OIDC ${provider.name}` }, ip };
  await applyPrivilegeClaims(writer, provider, contactId, claims);
  const wanted = groupsOfClaims(provider, claims).map((userGroupId) => ({ userGroupId, contactId }));
  const managed = new Set(
    (
      await trx
        .selectFrom('oidc_group_memberships')
        .select('user_group_id')
        .where('provider_id', '=', provider.id)
        .where('contact_id', '=', contactId)
        .execute()
    ).map((r) => r.user_group_id),
  );
  const concerned = [...new Set([...wanted.map((w) => w.userGroupId), ...managed])];
  const stored = concerned.length
    ? (
        await trx
          .selectFrom('user_group_contacts')
          .select('user_group_id')
          .where('contact_id', '=', contactId)
          .where('user_group_id', 'in', concerned)
          .execute()
      ).map((r) => ({ userGroupId: r.user_group_id, contactId, managed: managed.has(r.user_group_id) }))
    : [];
  const { add, remove } = managedChanges(wanted, stored);
  // Locks in one order (sorted ids), as every membership write does.
  const byGroup = (a: { userGroupId: string }, b: { userGroupId: string }) =>
    a.userGroupId < b.userGroupId ? -1 : 1;
  for (const { userGroupId } of add.sort(byGroup)) {
    // A group deleted since the mapping was saved is skipped.
    if (!(await lockUserGroup(trx, userGroupId))) continue;
    if (await addExplicitMember(writer, userGroupId, contactId))
      await trx
        .insertInto('oidc_group_memberships')
        .values({ provider_id: provider.id, user_group_id: userGroupId, contact_id: contactId })
        .execute();
  }
  for (const { userGroupId } of remove.sort(byGroup)) {
    await lockUserGroup(trx, userGroupId);
    // The mark goes with the membership (on delete cascade).
    await removeExplicitMember(writer, userGroupId, contactId);
  }
  if (typeof claims.department === 'string')
    await setContact(writer, contactId, { department: claims.department.trim().slice(0, 200) });
}

/**
 * The first privilege mapping whose claim value the `groups` claim holds sets the contact's
 * privilege group (like the directory's privilegeMappings); none: it keeps its own. A privilege
 * group without portal access refuses the sign-in (nothing of the claims is kept).
 */
async function applyPrivilegeClaims(
  writer: MembershipWriter,
  provider: ProviderRow,
  contactId: string,
  claims: Claims,
) {
  const mappings = provider.privilege_claims.map((m) => ({ source: m.claim, id: m.id }));
  const candidates = mappings.map((m) => m.id);
  if (candidates.length === 0) return;
  const groups = await writer.trx
    .selectFrom('privilege_groups')
    .select(['id', sql<boolean>`'portal.login' = any(privileges)`.as('portal')])
    .where('id', 'in', candidates)
    .execute();
  const portal = new Map(groups.map((g) => [g.id, g.portal]));
  const target = firstMapped(mappings, holderOf(claims), (id) => portal.has(id));
  if (!target) return;
  if (!portal.get(target)) throw new OidcRefused('not_allowed');
  await setContact(writer, contactId, { privilege_group_id: target });
}

/** Sets a contact column the claims drive, audited when it changes. */
async function setContact(
  w: MembershipWriter,
  contactId: string,
  set: { department: string } | { privilege_group_id: string },
) {
  const [column, value] = Object.entries(set)[0] ?? ['department', ''];
  const changed = await w.trx
    .updateTable('contacts')
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where('id', '=', contactId)
    .where(column as 'department', '<>', value)
    .returning('id')
    .executeTakeFirst();
  if (changed) {
    const after = column === 'department' ? { department: value } : { privilegeGroupId: value };
    await recordAudit(
      w.trx,
      w.who,
      { action: 'update', entityType: 'contact', entityId: contactId, after },
      w.ip,
    );
  }
}
