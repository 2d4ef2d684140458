import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import {
  MODULE_VIEW_PRIVILEGE,
  PRIVILEGE_NAMES,
  type Module,
  type Privilege,
} from '../../../authz/privileges.ts';
import { contactGroupPairs, isMember } from '../../../authz/membership.ts';
import { mayUseModuleSql } from '../../../authz/contacts.ts';
import { liveGrantSql } from '../../../authz/grants.ts';
import { RECORD_KINDS, type RecordKind } from '../../../authz/records/bulk.ts';
import { moduleOfPrivilege } from './capability-relation.ts';
import type { AccessChange } from './change.ts';

/**
 * Which part of whose visibility a change can alter, read in the state BEFORE the change: the
 * plan preview computes before and after. The plan may cover more than really changes (that part
 * then counts for nothing); it must never cover less, and the preview property test checks that
 * against every contact.
 */
export type VisibilityKind = 'ticket' | RecordKind | 'capability';
export const ALL_KINDS: readonly VisibilityKind[] = ['ticket', ...RECORD_KINDS, 'capability'];

/**
 * `full`: contacts whose whole visibility of some kinds is recomputed. `among`: contacts whose
 * visibility can change only on the tickets of some requesters (grant holders of a group whose
 * membership changes). Subqueries of contact ids, evaluated before the change.
 */
export type Plan = {
  full: { contacts: RawBuilder<unknown>; kinds: readonly VisibilityKind[] }[];
  among?: { contacts: RawBuilder<unknown>; requesters: RawBuilder<unknown> };
};

const KIND_OF_MODULE: Partial<Record<Module, VisibilityKind>> = {
  tickets: 'ticket',
  assets: 'asset',
  contracts: 'contract',
  quotes: 'quote',
  invoices: 'invoice',
  payments: 'payment',
  documents: 'document',
};
const MODULE_OF_KIND = Object.fromEntries(Object.entries(KIND_OF_MODULE).map(([m, k]) => [k, m])) as Record<
  Exclude<VisibilityKind, 'capability'>,
  Module
>;

/** What a change of who may use the module alters: its records, if it has some, and the capabilities it gives. */
const kindsOfModule = (module: Module): VisibilityKind[] => {
  const kind = KIND_OF_MODULE[module];
  return kind ? [kind, 'capability'] : ['capability'];
};

type Trx = Transaction<DB>;
const uuid = (id: string) => sql<string>`${id}::uuid`;
const one = (id: string) => sql`select ${uuid(id)}`;

/** Holders of live grants on the groups (a subquery of group ids): they reach the tickets of the members. */
const holdersOn = (groupIds: RawBuilder<unknown>) =>
  sql`select ag.contact_id from access_grants ag where ag.user_group_id in (${groupIds}) and ${liveGrantSql('ag')}`;

/** The kinds whose module one of the groups restricts: the members' access to them follows membership. */
async function restrictedKinds(trx: Trx, groupIds: RawBuilder<unknown>): Promise<VisibilityKind[]> {
  const { rows } = await sql<{ module: Module }>`select distinct mag.module from module_allowed_groups mag
    where mag.user_group_id in (${groupIds})`.execute(trx);
  return [...new Set(rows.flatMap((r) => kindsOfModule(r.module)))];
}

/** A change of who is in the group: grant holders on it, on the changing members' tickets; and the members' restricted modules. */
async function membershipPlan(
  trx: Trx,
  groupId: string,
  changing: RawBuilder<unknown>,
  known?: VisibilityKind[],
): Promise<Plan> {
  const group = sql`select ${uuid(groupId)}`;
  const kinds = known ?? (await restrictedKinds(trx, group));
  return {
    full: kinds.length ? [{ contacts: changing, kinds }] : [],
    among: { contacts: holdersOn(group), requesters: changing },
  };
}

/** Of the contacts (a subquery of ids), those not yet members of the group: the only ones an addition can change. */
const notMembersOf = (groupId: string, contacts: RawBuilder<unknown>) =>
  sql`select ct.id from contacts ct where ct.id in (${contacts})
    and not ${isMember(sql.ref('ct.id'), sql.ref('ct.organization_id'), uuid(groupId))}`;

const contactsUnder = (organizationId: string) =>
  sql`select ct.id from contacts ct where ct.organization_id in (
    select sc.descendant_id from organization_closure sc where sc.ancestor_id = ${uuid(organizationId)})`;

/** The kinds a privilege group change can alter: the view privileges and scopes that differ. */
async function privilegeGroupKinds(
  trx: Trx,
  change: Extract<AccessChange, { kind: 'update_privilege_group' }>,
): Promise<VisibilityKind[]> {
  const old = await trx
    .selectFrom('privilege_groups')
    .select(['privileges', 'ticket_scope', 'record_scope', 'scope_level'])
    .where('id', '=', change.privilegeGroupId)
    .executeTakeFirst();
  if (!old) return [];
  const before = new Set(old.privileges);
  const after = new Set(change.privileges ?? old.privileges);
  const flips = (p: Privilege) => before.has(p) !== after.has(p);
  if (flips('portal.login')) return [...ALL_KINDS];
  const changed = <T>(given: T | undefined, stored: T) => given !== undefined && given !== stored;
  return ALL_KINDS.filter((kind) => {
    if (kind === 'capability') return PRIVILEGE_NAMES.some(flips);
    // The level decides which tickets reached through the scope may be written.
    const scopeChanged =
      kind === 'ticket'
        ? changed(change.ticketScope, old.ticket_scope) || changed(change.scopeLevel, old.scope_level)
        : changed(change.recordScope, old.record_scope);
    return scopeChanged || flips(MODULE_VIEW_PRIVILEGE[MODULE_OF_KIND[kind]]);
  });
}

function moduleUsableAfter(allowedGroupIds: string[]) {
  if (allowedGroupIds.length === 0) return sql`true`;
  return sql`exists (select 1 from unnest(${allowedGroupIds}::uuid[]) as na(id)
    where ${isMember(sql.ref('ct.id'), sql.ref('ct.organization_id'), sql.ref('na.id'))})`;
}

/**
 * Groups the contact is in now, or would be in with some columns changed (`columns`, as a jsonb
 * object of column values): rules re-evaluated on the changed row, and the organization's links.
 */
function groupsOfChangedContact(contactId: string, columns: Record<string, unknown>) {
  const changed = sql`jsonb_populate_record(ct, ${JSON.stringify(columns)}::jsonb)`;
  const organizationId = typeof columns.organization_id === 'string' ? columns.organization_id : null;
  const byOrganization = organizationId
    ? sql`or ${isMember(sql.ref('ct.id'), uuid(organizationId), sql.ref('ug.id'))}`
    : sql``;
  return sql`select ug.id from user_groups ug join contacts ct on ct.id = ${uuid(contactId)}
    where ${isMember(sql.ref('ct.id'), sql.ref('ct.organization_id'), sql.ref('ug.id'))} ${byOrganization}
      or (ug.rule is not null and portico_rule_matches(ug.rule, ${changed}))`;
}

/** A change of one contact's row: all it sees and may do, and what grant holders see of its tickets. */
const contactPlan = (contactId: string, columns: Record<string, unknown>): Plan => ({
  full: [{ contacts: one(contactId), kinds: ALL_KINDS }],
  among: { contacts: holdersOn(groupsOfChangedContact(contactId, columns)), requesters: one(contactId) },
});

const idList = (ids: readonly string[]) => sql`select unnest(${[...ids]}::uuid[])`;

/**
 * Contacts written together (the CSV contact import): everything each written contact sees and
 * may do, and what grant holders see of the stored ones' tickets, on every group such a contact
 * is in now or may be in after: its groups now, the groups of the organizations it moves to, and
 * every rule group (the rules are judged on the written rows by the save's trigger), and the
 * groups it adds them to or removes them from. New contacts
 * (ids chosen before the save) have no tickets yet.
 */
export function contactsPlan(written: {
  ids: readonly string[];
  stored: readonly string[];
  organizations: readonly string[];
  /** Groups the save adds them to or removes them from explicitly (the directory sync). */
  groups?: readonly string[];
}): Plan {
  const stored = idList(written.stored);
  const orgs = [...new Set(written.organizations)];
  const groups = sql`select g.user_group_id from ${contactGroupPairs(stored)} g
    union select ug.id from user_groups ug where ug.rule is not null
    union select unnest(${[...(written.groups ?? [])]}::uuid[])
    union select ugo.user_group_id from user_group_organizations ugo
      join organization_closure oc on oc.ancestor_id = ugo.organization_id
        and (ugo.include_sub_organizations or oc.depth = 0)
      where oc.descendant_id = any(${orgs}::uuid[])`;
  return {
    full: [{ contacts: idList(written.ids), kinds: ALL_KINDS }],
    ...(written.stored.length ? { among: { contacts: holdersOn(groups), requesters: stored } } : {}),
  };
}

async function moveOrganizationPlan(
  trx: Trx,
  organizationId: string,
  parentId: string | null,
): Promise<Plan> {
  const oldAbove = sql`select sc.ancestor_id from organization_closure sc
    where sc.descendant_id = ${uuid(organizationId)} and sc.depth > 0`;
  const newAbove = parentId
    ? sql`select sc.ancestor_id from organization_closure sc where sc.descendant_id = ${uuid(parentId)}`
    : sql`select null::uuid where false`;
  const above = sql`${oldAbove} union ${newAbove}`;
  // Groups whose members through a tree link include the moved subtree before or after.
  const linked = sql`select ugo2.user_group_id from user_group_organizations ugo2
    where ugo2.include_sub_organizations and ugo2.organization_id in (${above})`;
  const subtree = contactsUnder(organizationId);
  const kinds = await restrictedKinds(trx, linked);
  const treeScoped = sql`select ct.id from contacts ct join privilege_groups pgp on pgp.id = ct.privilege_group_id
    where ct.organization_id in (${above})
      and (pgp.ticket_scope = 'organization_tree' or pgp.record_scope = 'organization_tree')`;
  return {
    full: [
      { contacts: treeScoped, kinds: ALL_KINDS },
      ...(kinds.length ? [{ contacts: subtree, kinds }] : []),
    ],
    among: { contacts: holdersOn(linked), requesters: subtree },
  };
}

/** The plan of the change, read in the state before it. */
export async function planChange(trx: Trx, change: AccessChange): Promise<Plan> {
  switch (change.kind) {
    case 'add_grant':
      return { full: [{ contacts: one(change.contactId), kinds: ['ticket'] }] };
    case 'remove_grant':
    case 'update_grant':
      return {
        full: [
          {
            contacts: sql`select ag.contact_id from access_grants ag where ag.id = ${uuid(change.grantId)}`,
            kinds: ['ticket'],
          },
        ],
      };
    case 'add_member':
      return membershipPlan(trx, change.userGroupId, notMembersOf(change.userGroupId, one(change.contactId)));
    case 'remove_member':
      return membershipPlan(trx, change.userGroupId, one(change.contactId));
    case 'set_rule': {
      const group = await trx
        .selectFrom('user_groups')
        .select('always')
        .where('id', '=', change.userGroupId)
        .executeTakeFirst();
      if (!group || group.always) return { full: [] };
      // Members by the old rule (they may leave) and non-members matching the new one (they join):
      // the only contacts whose membership can change. When no module depends on the group, the
      // joiners are taken as every non-member instead of evaluating the rule twice (here and in
      // the trigger): a superset, cheaper than a rule pass over all contacts.
      const groupId = uuid(change.userGroupId);
      const oldRule = sql`select rm.contact_id from user_group_rule_members rm where rm.user_group_id = ${groupId}`;
      const kinds = await restrictedKinds(trx, sql`select ${groupId}`);
      const candidates = !change.rule
        ? sql`select null::uuid where false`
        : kinds.length
          ? sql`select ct.id from contacts ct where portico_rule_matches(${JSON.stringify(change.rule)}::jsonb, ct)`
          : sql`select ct.id from contacts ct`;
      return membershipPlan(
        trx,
        change.userGroupId,
        sql`${oldRule} union ${notMembersOf(change.userGroupId, candidates)}`,
        kinds,
      );
    }
    case 'add_group_organization': {
      const link = await trx
        .selectFrom('user_group_organizations')
        .select('include_sub_organizations')
        .where('user_group_id', '=', change.userGroupId)
        .where('organization_id', '=', change.organizationId)
        .executeTakeFirst();
      // Narrowing a link (sub-organizations no more) removes members; otherwise only new ones join.
      if (link?.include_sub_organizations && !change.includeSubOrganizations)
        return membershipPlan(trx, change.userGroupId, contactsUnder(change.organizationId));
      const covered = change.includeSubOrganizations
        ? contactsUnder(change.organizationId)
        : sql`select ct.id from contacts ct where ct.organization_id = ${uuid(change.organizationId)}`;
      return membershipPlan(trx, change.userGroupId, notMembersOf(change.userGroupId, covered));
    }
    case 'remove_group_organization':
      return membershipPlan(trx, change.userGroupId, contactsUnder(change.organizationId));
    case 'update_privilege_group': {
      const kinds = await privilegeGroupKinds(trx, change);
      const contacts = sql`select ct.id from contacts ct where ct.privilege_group_id = ${uuid(change.privilegeGroupId)}`;
      return { full: kinds.length ? [{ contacts, kinds }] : [] };
    }
    case 'set_privilege_group':
      return { full: [{ contacts: one(change.contactId), kinds: ALL_KINDS }] };
    case 'set_module_groups': {
      // Only contacts that could use the module at all (signed in, holding one of its privileges)
      // count; their groups first, so the membership tests run for them only.
      const held = PRIVILEGE_NAMES.filter((p) => moduleOfPrivilege(p) === change.module);
      const viewers = sql`select pgp.id from privilege_groups pgp
        where 'portal.login' = any(pgp.privileges) and pgp.privileges && ${held}::text[]`;
      const flips = sql`select ct.id from contacts ct
        where not ct.disabled and ct.privilege_group_id = any(array(${viewers}))
          and ${mayUseModuleSql(change.module, sql.ref('ct.id'), sql.ref('ct.organization_id'))}
            is distinct from ${moduleUsableAfter(change.allowedGroupIds)}`;
      return { full: [{ contacts: flips, kinds: kindsOfModule(change.module) }] };
    }
    case 'move_contact':
      return contactPlan(change.contactId, { organization_id: change.organizationId });
    case 'update_contact_fields': {
      const { kind: _kind, contactId, attributes, ...fields } = change;
      return contactPlan(contactId, { ...fields, ...(attributes ? { attributes } : {}) });
    }
    case 'move_organization':
      return moveOrganizationPlan(trx, change.organizationId, change.parentId);
  }
}
