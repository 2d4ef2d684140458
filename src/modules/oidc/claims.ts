import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Claims } from '../../auth/oidc.ts';
import { recordAudit } from '../audit/record.ts';
import {
  addExplicitMember,
  removeExplicitMember,
  type MembershipWriter,
} from '../user-groups/member-service.ts';
import { lockUserGroup } from '../user-groups/repo.ts';
import type { ProviderRow } from './providers.ts';

/** The `groups` claim's values this provider maps, as user group ids (sorted: locks in one order). */
export function groupsOfClaims(provider: ProviderRow, claims: Claims): string[] {
  const values = Array.isArray(claims.groups)
    ? claims.groups.filter((v): v is string => typeof v === 'string')
    : [];
  const map = new Map(Object.entries(provider.group_claims));
  const ids = values.flatMap((v) => map.get(v) ?? []);
  return [...new Set(ids)].sort();
}

/**
 * At each sign-in the claims set the contact's memberships managed by this provider: the groups
 * they name are added (and marked as the provider's), the provider's that they no longer name are
 * removed. A membership added by hand is never marked, so never removed here. Through the
 * user-group module's explicit-membership writes: audited like an administrator's, and in force
 * from the next request (membership is evaluated in SQL on every read). The `department` claim
 * sets the contact's department.
 */
export async function applyClaims(
  trx: Transaction<DB>,
  provider: ProviderRow,
  contactId: string,
  claims: Claims,
  ip: string,
): Promise<void> {
  const writer: MembershipWriter = { trx, who: { kind: 'system', label: `OIDC ${provider.name}` }, ip };
  const wanted = groupsOfClaims(provider, claims);
  const managed = (
    await trx
      .selectFrom('oidc_group_memberships')
      .select('user_group_id')
      .where('provider_id', '=', provider.id)
      .where('contact_id', '=', contactId)
      .orderBy('user_group_id')
      .execute()
  ).map((r) => r.user_group_id);

  for (const id of wanted.filter((g) => !managed.includes(g))) {
    // A group deleted since the mapping was saved is skipped.
    if (!(await lockUserGroup(trx, id))) continue;
    if (await addExplicitMember(writer, id, contactId))
      await trx
        .insertInto('oidc_group_memberships')
        .values({ provider_id: provider.id, user_group_id: id, contact_id: contactId })
        .execute();
  }
  for (const id of managed.filter((g) => !wanted.includes(g))) {
    await lockUserGroup(trx, id);
    // The mark goes with the membership (on delete cascade).
    await removeExplicitMember(writer, id, contactId);
  }

  if (typeof claims.department === 'string') {
    const department = claims.department.trim().slice(0, 200);
    const changed = await trx
      .updateTable('contacts')
      .set({ department, updated_at: sql<Date>`now()` })
      .where('id', '=', contactId)
      .where('department', '<>', department)
      .returning('id')
      .executeTakeFirst();
    if (changed) {
      const entry = { action: 'update', entityType: 'contact', entityId: contactId, after: { department } };
      await recordAudit(trx, writer.who, entry, ip);
    }
  }
}
