import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { MODULES } from '../../authz/privileges.ts';
import { maySignIn, type LoadedContact } from '../../authz/actor.ts';
import { isMember, membershipReasons } from '../../authz/membership.ts';
import { availableViews, ticketsInView } from '../../authz/tickets/condition.ts';
import type { ContactAccessOut } from './schema.ts';
import type { z } from 'zod';

/**
 * A contact's effective access, as the portal resolves it on a request (src/authz/actor.ts): the
 * privilege group, scopes and level, the modules with why a restricted one is or is not usable,
 * the groups it is in and why, every grant (expired ones flagged) and how many tickets each of
 * its views lists (counted with ticketsInView, the portal's own condition).
 */

type Out = z.infer<typeof ContactAccessOut>;

async function moduleRows(db: Kysely<DB>, contact: LoadedContact): Promise<Out['modules']> {
  const { actor } = contact;
  const rows = await db
    .selectFrom('module_allowed_groups as mag')
    .innerJoin('user_groups as ug', 'ug.id', 'mag.user_group_id')
    .select([
      'mag.module',
      'ug.id',
      'ug.name',
      sql<boolean>`${isMember(sql<string>`${actor.id}::uuid`, sql<string>`${actor.organizationId}::uuid`, sql.ref('ug.id'))}`.as(
        'member',
      ),
    ])
    .orderBy('ug.name')
    .execute();
  return MODULES.map((module) => {
    const allowed = rows.filter((r) => r.module === module);
    const usable = actor.modules.has(module);
    const memberOf = allowed.filter((r) => r.member).map((r) => `'${r.name}'`);
    const names = allowed.map((r) => `'${r.name}'`).join(', ');
    const why =
      allowed.length === 0
        ? null
        : usable
          ? `restricted to ${names}; it is a member of ${memberOf.join(', ')}`
          : `restricted to ${names}; it is a member of none of them`;
    return { module, usable, allowedGroups: allowed.map((r) => ({ id: r.id, name: r.name })), why };
  });
}

async function groupRows(db: Kysely<DB>, contact: LoadedContact): Promise<Out['groups']> {
  const id = sql<string>`${contact.actor.id}::uuid`;
  const org = sql<string>`${contact.actor.organizationId}::uuid`;
  // Not `g`: the membership SQL uses that alias inside.
  const groupId = sql.ref<string>('ug.id');
  const rows = await db
    .selectFrom('user_groups as ug')
    .select(['ug.id', 'ug.name', membershipReasons(id, org, groupId).as('reasons')])
    .where(isMember(id, org, groupId))
    .orderBy(sql`lower(ug.name)`)
    .orderBy('ug.id')
    .execute();
  return rows.map((r) => ({ group: { id: r.id, name: r.name }, reasons: r.reasons }));
}

async function grantRows(db: Kysely<DB>, contactId: string): Promise<Out['grants']> {
  const rows = await db
    .selectFrom('access_grants as ag')
    .innerJoin('user_groups as ug', 'ug.id', 'ag.user_group_id')
    .select([
      'ag.id',
      'ug.id as group_id',
      'ug.name',
      'ag.level',
      'ag.expires_at',
      sql<boolean>`ag.expires_at is not null and ag.expires_at <= now()`.as('expired'),
    ])
    .where('ag.contact_id', '=', contactId)
    .orderBy(sql`lower(ug.name)`)
    .orderBy('ag.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userGroup: { id: r.group_id, name: r.name },
    level: r.level,
    expiresAt: r.expires_at,
    expired: r.expired,
  }));
}

/** Counts of every view in one query: one count per view, each over its own portal condition. */
async function viewCounts(db: Kysely<DB>, contact: LoadedContact): Promise<Out['views']> {
  if (!maySignIn(contact)) return [];
  const views = availableViews(contact.actor);
  if (views.length === 0) return [];
  const row = await db
    .selectFrom('tickets as t')
    .select(
      views.map((v) =>
        sql<number>`(count(*) filter (where ${ticketsInView(contact.actor, v, 't', 'bulk')}))::int`.as(v),
      ),
    )
    .executeTakeFirstOrThrow();
  const counts = row as Record<string, number>;
  return views.map((view) => ({ view, tickets: counts[view] ?? 0 }));
}

export async function contactAccess(db: Kysely<DB>, contact: LoadedContact): Promise<Out> {
  const { actor } = contact;
  return {
    contact: { id: actor.id, name: actor.name, email: actor.email, disabled: contact.disabled },
    organization: { id: actor.organizationId, name: contact.organizationName },
    maySignIn: maySignIn(contact),
    privilegeGroup: {
      id: actor.privilegeGroupId,
      name: contact.privilegeGroupName,
      systemKey: contact.privilegeGroupSystemKey,
    },
    privileges: [...actor.privileges].sort(),
    ticketScope: actor.ticketScope,
    recordScope: actor.recordScope,
    scopeLevel: actor.scopeLevel,
    modules: await moduleRows(db, contact),
    groups: await groupRows(db, contact),
    grants: await grantRows(db, actor.id),
    views: await viewCounts(db, contact),
  };
}
