import { sql, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { ApiTokenScope, DB, ScopeLevel, TicketScope } from '../db/schema.ts';
import { PREPARE } from '../db/prepared.ts';
import { hashToken } from '../auth/tokens.ts';
import { MODULES, WRITE_PRIVILEGES, type Module, type Privilege } from './privileges.ts';
import { grantReachSql, type GrantReach } from './grants.ts';
import { isMember } from './membership.ts';

/**
 * Who is acting, and the one place an actor is built. A staff actor: toStaffActor, from a session
 * or an API token (src/http/authenticate.ts reads them). A contact actor: from a portal session
 * (contactForSessionToken, on every portal request and in the benchmark) or from a contact id
 * (loadContactActor, for the staff tools that judge a contact: explain, contact access, preview
 * tests). Both read the same columns and go through toContactActor, so a tool judges a contact
 * with exactly the actor enforcement uses.
 */

export type StaffActor = {
  kind: 'staff';
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'agent';
  canImpersonate: boolean;
  /** Set for cookie sessions; API tokens have tokenId instead. */
  sessionId?: string;
  tokenId?: string;
  /** An API token's scopes (src/auth/token-scopes.ts); a session has none: it may do all its owner may. */
  tokenScopes?: readonly ApiTokenScope[];
};

/** The columns every staff actor is built from (staff_users), whether by session or API token. */
export const STAFF_ACTOR_COLUMNS = [
  'staff_users.id',
  'staff_users.name',
  'staff_users.email',
  'staff_users.role',
  'staff_users.can_impersonate',
] as const;

export const toStaffActor = (
  row: { id: string; name: string; email: string; role: StaffActor['role']; can_impersonate: boolean },
  via: { sessionId: string } | { tokenId: string; tokenScopes: readonly ApiTokenScope[] },
): StaffActor => ({
  kind: 'staff',
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  canImpersonate: row.can_impersonate,
  ...via,
});

export type ContactActor = {
  kind: 'contact';
  id: string;
  name: string;
  email: string;
  organizationId: string;
  privilegeGroupId: string;
  privileges: ReadonlySet<Privilege>;
  ticketScope: TicketScope;
  recordScope: TicketScope;
  scopeLevel: ScopeLevel;
  /**
   * What the contact's unexpired access grants (super customer) reach at each level, resolved on
   * this request; the tickets they reach are found in SQL (src/authz/grants.ts).
   */
  grants: Readonly<Record<ScopeLevel, GrantReach>>;
  /** Modules the contact may use (module visibility), resolved on this request. */
  modules: ReadonlySet<Module>;
  /** The portal session; '' for a personal API token (tokenId) and for an actor built to judge. */
  sessionId: string;
  /** Set when the contact acts through a personal API token: it only reads (authenticate.ts). */
  tokenId?: string;
  /** Set when a staff user is viewing the portal as this contact. */
  impersonation?: Impersonation;
  /**
   * A read-only impersonation: the contact's own write privileges that this view leaves out, so
   * the portal can say what the contact could do itself (never used to allow anything).
   */
  hiddenByReadOnly?: ReadonlySet<Privilege>;
};

export type Impersonation = {
  staffUserId: string;
  staffName: string;
  mode: 'read' | 'write';
  expiresAt: Date;
};

export const can = (actor: ContactActor, privilege: Privilege) => actor.privileges.has(privilege);

export type PortalAccess = { grants: Record<ScopeLevel, GrantReach>; modules: Set<Module> };

/**
 * What a contact's unexpired access grants reach and the modules it may use (permission-model §5:
 * a module with allowed groups is blocked unless the contact is a member of one), as two columns
 * to select in the query that reads the contact (given as id and organization id expressions):
 * one round trip on every request, of a cost that does not grow with the number of grants;
 * nothing cached, so a change is seen by the very next request on every instance.
 */
export function portalAccessColumns(
  contactId: Expression<string>,
  organizationId: Expression<string>,
): { grants: RawBuilder<Record<ScopeLevel, GrantReach>>; blocked: RawBuilder<Module[]> } {
  return {
    grants: sql<Record<ScopeLevel, GrantReach>>`json_build_object(
      'read', ${grantReachSql(contactId, 'read')}, 'write', ${grantReachSql(contactId, 'write')})`,
    blocked: sql<Module[]>`coalesce((
        select json_agg(distinct restricted.module)
        from module_allowed_groups restricted
        where not exists (
          select 1 from module_allowed_groups allowed
          where allowed.module = restricted.module
            and ${isMember(contactId, organizationId, sql.ref('allowed.user_group_id'))}
        )
      ), '[]'::json)`,
  };
}

/** The columns every contact actor is built from (contacts joined with privilege_groups). */
const ACTOR_COLUMNS = [
  'contacts.id',
  'contacts.name',
  'contacts.email',
  'contacts.organization_id',
  'contacts.privilege_group_id',
  'privilege_groups.privileges',
  'privilege_groups.ticket_scope',
  'privilege_groups.record_scope',
  'privilege_groups.scope_level',
] as const;

type ActorRow = {
  id: string;
  name: string;
  email: string;
  organization_id: string;
  privilege_group_id: string;
  privileges: string[];
  ticket_scope: TicketScope;
  record_scope: TicketScope;
  scope_level: ScopeLevel;
  grants: Record<ScopeLevel, GrantReach>;
  blocked: Module[];
};

function toContactActor(
  row: ActorRow,
  session: { id: string; impersonation?: Impersonation | undefined; tokenId?: string },
): ContactActor {
  const blocked = new Set(row.blocked);
  // A personal API token only reads, like a read-only impersonation.
  const readOnly = session.impersonation?.mode === 'read' || session.tokenId !== undefined;
  return {
    kind: 'contact',
    id: row.id,
    name: row.name,
    email: row.email,
    organizationId: row.organization_id,
    privilegeGroupId: row.privilege_group_id,
    // A read-only impersonation sees what the contact sees and may do nothing: without the
    // write privileges every ability, button and /me entry follows from the same rule.
    privileges: new Set((row.privileges as Privilege[]).filter((p) => !readOnly || !WRITE_PRIVILEGES.has(p))),
    ticketScope: row.ticket_scope,
    recordScope: row.record_scope,
    scopeLevel: row.scope_level,
    grants: row.grants,
    modules: new Set(MODULES.filter((m) => !blocked.has(m))),
    sessionId: session.id,
    ...(session.tokenId !== undefined ? { tokenId: session.tokenId } : {}),
    ...(session.impersonation ? { impersonation: session.impersonation } : {}),
    ...(session.impersonation?.mode === 'read'
      ? {
          hiddenByReadOnly: new Set((row.privileges as Privilege[]).filter((p) => WRITE_PRIVILEGES.has(p))),
        }
      : {}),
  };
}

/**
 * The contact of a portal session, its group's privileges and scopes, read on every request, so
 * a disabled contact or a changed group takes effect on the very next request. Only sessions the
 * portal lets in: unexpired, contact enabled with portal.login, impersonator still allowed.
 */
export async function contactForSessionToken(db: Kysely<DB>, token: string) {
  // The session, the contact and its portal access in one prepared statement: one round trip per
  // request, planned once per connection (src/db/prepared.ts).
  const access = portalAccessColumns(sql.ref('contacts.id'), sql.ref('contacts.organization_id'));
  const row = await db
    .selectFrom('sessions')
    .modifyFront(PREPARE)
    .innerJoin('contacts', 'contacts.id', 'sessions.contact_id')
    .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
    .leftJoin('staff_users as impersonator', 'impersonator.id', 'sessions.impersonator_staff_id')
    .select([
      'sessions.id as sessionId',
      'sessions.csrf_hash',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.impersonation_mode',
      'impersonator.id as impersonatorId',
      'impersonator.name as impersonatorName',
      ...ACTOR_COLUMNS,
      access.grants.as('grants'),
      access.blocked.as('blocked'),
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('contacts.disabled', '=', false)
    .where(sql<boolean>`'portal.login' = any(privilege_groups.privileges)`)
    // An impersonation lives only while its staff user may still impersonate.
    .where((eb) =>
      eb.or([
        eb('sessions.impersonator_staff_id', 'is', null),
        eb.and([
          eb('impersonator.disabled', '=', false),
          eb.or([eb('impersonator.role', '=', 'admin'), eb('impersonator.can_impersonate', '=', true)]),
        ]),
      ]),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  const impersonation =
    row.impersonatorId && row.impersonation_mode
      ? {
          staffUserId: row.impersonatorId,
          staffName: row.impersonatorName ?? '',
          mode: row.impersonation_mode,
          expiresAt: row.expires_at,
        }
      : undefined;
  const actor = toContactActor(row, { id: row.sessionId, impersonation });
  return { actor, csrfHash: row.csrf_hash, lastSeenAt: row.last_seen_at };
}

/**
 * The contact of a personal API token (issue 15 §4), read on every request like a session: only an
 * unrevoked, unexpired token of an enabled contact whose group still holds portal.login and
 * account.api_tokens, so taking any of them away stops the token on its very next request.
 */
export async function contactForApiToken(db: Kysely<DB>, token: string) {
  const access = portalAccessColumns(sql.ref('contacts.id'), sql.ref('contacts.organization_id'));
  const row = await db
    .selectFrom('api_tokens')
    .modifyFront(PREPARE)
    .innerJoin('contacts', 'contacts.id', 'api_tokens.contact_id')
    .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
    .select([
      'api_tokens.id as tokenId',
      'api_tokens.last_used_at',
      ...ACTOR_COLUMNS,
      access.grants.as('grants'),
      access.blocked.as('blocked'),
    ])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where('api_tokens.expires_at', '>', sql<Date>`now()`)
    .where('contacts.disabled', '=', false)
    .where(sql<boolean>`'portal.login' = any(privilege_groups.privileges)`)
    .where(sql<boolean>`'account.api_tokens' = any(privilege_groups.privileges)`)
    .executeTakeFirst();
  if (!row) return undefined;
  const actor = toContactActor(row, { id: '', tokenId: row.tokenId });
  return { actor, lastUsedAt: row.last_used_at };
}

/**
 * A contact as the portal would see it on a request, built from its id instead of a session.
 * Unlike a session it is built for disabled contacts and contacts without portal.login too;
 * `maySignIn` says whether the portal would let it in at all.
 */
export type LoadedContact = {
  actor: ContactActor;
  disabled: boolean;
  privilegeGroupName: string;
  privilegeGroupSystemKey: string | null;
  organizationName: string;
};

export async function loadContactActor(
  db: Kysely<DB> | Transaction<DB>,
  contactId: string,
): Promise<LoadedContact | undefined> {
  const access = portalAccessColumns(sql.ref('contacts.id'), sql.ref('contacts.organization_id'));
  const row = await db
    .selectFrom('contacts')
    .innerJoin('privilege_groups', 'privilege_groups.id', 'contacts.privilege_group_id')
    .innerJoin('organizations', 'organizations.id', 'contacts.organization_id')
    .select([
      ...ACTOR_COLUMNS,
      'contacts.disabled',
      'organizations.name as organization_name',
      'privilege_groups.name as privilege_group_name',
      'privilege_groups.system_key',
      access.grants.as('grants'),
      access.blocked.as('blocked'),
    ])
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    // No session: the actor is for judging, never for acting.
    actor: toContactActor(row, { id: '' }),
    disabled: row.disabled,
    privilegeGroupName: row.privilege_group_name,
    privilegeGroupSystemKey: row.system_key,
    organizationName: row.organization_name,
  };
}

/** What authentication lets into the portal (contactForSessionToken): enabled, with portal.login. */
export const maySignIn = (contact: Pick<LoadedContact, 'disabled' | 'actor'>): boolean =>
  !contact.disabled && contact.actor.privileges.has('portal.login');
