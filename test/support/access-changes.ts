// Random changes for the preview property test: picked from a built world (test/support/
// access-world.ts), saved through the staff API the way an administrator would; a fingerprint of
// every table a change could touch, to prove that a preview saves nothing; and the visibility the
// preview is judged against: the actor a portal request would get (loadContactActor) with the
// scope builders the portal ANDs into its reads, one contact at a time.
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/db/schema.ts';
import type { AccessChange } from '../../src/modules/access/preview/change.ts';
import { loadContactActor, maySignIn } from '../../src/authz/actor.ts';
import { visibleTickets, writableTickets } from '../../src/authz/tickets/condition.ts';
import { moduleOfPrivilege } from '../../src/modules/access/preview/capability-relation.ts';
import {
  visibleAssets,
  visibleDocuments,
  visibleInvoices,
  visibleOrganizationRecords,
  visibleQuotes,
} from '../../src/authz/records/condition.ts';
import { PRIVILEGE_NAMES, type Module } from '../../src/authz/privileges.ts';
import type { TestClient } from './app.ts';
import { DEPARTMENTS, RULES, TITLES, type Built } from './access-world.ts';

export const CHANGE_KINDS: AccessChange['kind'][] = [
  'add_grant',
  'remove_grant',
  'update_grant',
  'add_member',
  'remove_member',
  'set_rule',
  'add_group_organization',
  'remove_group_organization',
  'update_privilege_group',
  'set_module_groups',
  'move_contact',
  'move_organization',
  'set_privilege_group',
  'update_contact_fields',
];
const SCOPES = ['own', 'organization', 'organization_tree'] as const;

export const changeArb = fc.record({
  kind: fc.constantFrom(...CHANGE_KINDS),
  a: fc.nat(),
  b: fc.nat(),
  flag: fc.boolean(),
  level: fc.constantFrom<'read' | 'write'>('read', 'write'),
  rule: fc.nat({ max: RULES.length }),
  privileges: fc.option(fc.subarray([...PRIVILEGE_NAMES])),
  ticketScope: fc.option(fc.constantFrom(...SCOPES)),
  recordScope: fc.option(fc.constantFrom(...SCOPES)),
  scopeLevel: fc.option(fc.constantFrom<'read' | 'write'>('read', 'write')),
  module: fc.constantFrom<Module>(
    'tickets',
    'tickets',
    'assets',
    'quotes',
    'invoices',
    'documents',
    'kb',
    'charges',
  ),
  groups: fc.uniqueArray(fc.nat({ max: 3 }), { maxLength: 2 }),
});
export type ChangePick = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;

const at = <T>(items: readonly T[], i: number): T => items[i % items.length]!;

/** A valid change of the picked kind over the world's rows (a removal with nothing to remove adds instead). */
export async function makeChange(db: Kysely<DB>, w: Built, p: ChangePick): Promise<AccessChange> {
  const contactId = at(w.contacts, p.a).id;
  // Mostly a group someone holds a grant on, so that a membership change shows in tickets.
  const granted = await db
    .selectFrom('access_grants')
    .select('user_group_id')
    .where('user_group_id', 'in', w.groups)
    .execute();
  const userGroupId = granted.length && p.b % 4 !== 0 ? at(granted, p.b).user_group_id : at(w.groups, p.b);
  switch (p.kind) {
    case 'add_grant':
    case 'remove_grant': {
      if (p.kind === 'remove_grant' && w.grants.length)
        return { kind: 'remove_grant', grantId: at(w.grants, p.b) };
      const expiresAt = p.flag ? new Date(Date.now() + 86_400_000) : null;
      return { kind: 'add_grant', contactId, userGroupId, level: p.level, expiresAt };
    }
    case 'update_grant': {
      if (!w.grants.length) return { kind: 'add_grant', contactId, userGroupId, level: p.level };
      // A level change, or an expiry removed or set (an expired grant counts again).
      const expiry = p.flag ? {} : { expiresAt: p.a % 2 ? null : new Date(Date.now() + 86_400_000) };
      return { kind: 'update_grant', grantId: at(w.grants, p.b), level: p.level, ...expiry };
    }
    case 'update_contact_fields':
      return {
        kind: 'update_contact_fields',
        contactId,
        ...(p.flag ? { department: at(DEPARTMENTS, p.b) } : { title: at(TITLES, p.b) }),
        ...(p.a % 3 === 0 ? { disabled: p.level === 'read' } : {}),
        ...(p.b % 3 === 0 ? { attributes: { site: String(p.a % 2) } } : {}),
      };
    case 'add_member':
    case 'remove_member': {
      const all = await db
        .selectFrom('user_group_contacts')
        .selectAll()
        .where('user_group_id', 'in', w.groups)
        .execute();
      const reaching = all.filter((l) => granted.some((g) => g.user_group_id === l.user_group_id));
      const links = reaching.length && p.a % 4 !== 0 ? reaching : all;
      if (p.kind === 'remove_member' && links.length) {
        const link = at(links, p.a);
        return { kind: 'remove_member', userGroupId: link.user_group_id, contactId: link.contact_id };
      }
      return { kind: 'add_member', userGroupId, contactId };
    }
    case 'set_rule':
      return {
        kind: 'set_rule',
        userGroupId,
        rule: p.rule < RULES.length ? RULES[p.rule]!(at(w.orgs, p.a)) : null,
      };
    case 'add_group_organization':
    case 'remove_group_organization': {
      const links = await db
        .selectFrom('user_group_organizations')
        .selectAll()
        .where('user_group_id', 'in', w.groups)
        .execute();
      if (p.kind === 'remove_group_organization' && links.length) {
        const link = at(links, p.a);
        return {
          kind: 'remove_group_organization',
          userGroupId: link.user_group_id,
          organizationId: link.organization_id,
        };
      }
      return {
        kind: 'add_group_organization',
        userGroupId,
        organizationId: at(w.orgs, p.a),
        includeSubOrganizations: p.flag,
      };
    }
    case 'update_privilege_group':
      return {
        kind: 'update_privilege_group',
        privilegeGroupId: at(w.privilegeGroups.slice(4), p.a),
        ...(p.privileges ? { privileges: p.privileges } : {}),
        ...(p.ticketScope ? { ticketScope: p.ticketScope } : {}),
        ...(p.recordScope ? { recordScope: p.recordScope } : {}),
        ...(p.scopeLevel ? { scopeLevel: p.scopeLevel } : {}),
      };
    case 'set_module_groups':
      return {
        kind: 'set_module_groups',
        module: p.module,
        allowedGroupIds: p.groups.map((i) => at(w.groups, i)),
      };
    case 'move_contact':
      return { kind: 'move_contact', contactId, organizationId: at(w.orgs, p.b) };
    case 'move_organization': {
      const organizationId = at(w.orgs, p.a);
      const inside = await db
        .selectFrom('organization_closure')
        .select('descendant_id')
        .where('ancestor_id', '=', organizationId)
        .execute();
      const outside = w.orgs.filter((o) => !inside.some((r) => r.descendant_id === o));
      return {
        kind: 'move_organization',
        organizationId,
        parentId: p.flag || !outside.length ? null : at(outside, p.b),
      };
    }
    case 'set_privilege_group':
      return { kind: 'set_privilege_group', contactId, privilegeGroupId: at(w.privilegeGroups, p.b) };
  }
}

const noRoute = (status: number, body: string) => status === 404 && body.includes('No such endpoint');

/** A save through the staff API: method, URL and body. */
export type SaveRequest = {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: Record<string, unknown>;
};

/** The staff API request that saves the change (as an administrator would). */
export function saveRequestOf(c: AccessChange): SaveRequest {
  switch (c.kind) {
    case 'add_grant':
      return {
        method: 'POST',
        url: '/api/staff/access-grants',
        body: {
          contactId: c.contactId,
          userGroupId: c.userGroupId,
          level: c.level,
          expiresAt: c.expiresAt?.toISOString() ?? null,
        },
      };
    case 'remove_grant':
      return { method: 'DELETE', url: `/api/staff/access-grants/${c.grantId}` };
    case 'update_grant': {
      const { kind: _kind, grantId, expiresAt, ...patch } = c;
      const expiry = expiresAt === undefined ? {} : { expiresAt: expiresAt?.toISOString() ?? null };
      return { method: 'PATCH', url: `/api/staff/access-grants/${grantId}`, body: { ...patch, ...expiry } };
    }
    case 'update_contact_fields': {
      const { kind: _kind, contactId, ...patch } = c;
      return { method: 'PATCH', url: `/api/staff/contacts/${contactId}`, body: patch };
    }
    case 'add_member':
      return {
        method: 'PUT',
        url: `/api/staff/user-groups/${c.userGroupId}/contacts/${c.contactId}`,
        body: {},
      };
    case 'remove_member':
      return { method: 'DELETE', url: `/api/staff/user-groups/${c.userGroupId}/contacts/${c.contactId}` };
    case 'set_rule':
      return { method: 'PATCH', url: `/api/staff/user-groups/${c.userGroupId}`, body: { rule: c.rule } };
    case 'add_group_organization':
      return {
        method: 'PUT',
        url: `/api/staff/user-groups/${c.userGroupId}/organizations/${c.organizationId}`,
        body: { includeSubOrganizations: c.includeSubOrganizations },
      };
    case 'remove_group_organization':
      return {
        method: 'DELETE',
        url: `/api/staff/user-groups/${c.userGroupId}/organizations/${c.organizationId}`,
      };
    case 'update_privilege_group': {
      const { kind: _kind, privilegeGroupId, ...patch } = c;
      return { method: 'PATCH', url: `/api/staff/privilege-groups/${privilegeGroupId}`, body: patch };
    }
    case 'set_module_groups':
      return {
        method: 'PUT',
        url: `/api/staff/modules/${c.module}`,
        body: { allowedGroupIds: c.allowedGroupIds },
      };
    case 'move_contact':
      return {
        method: 'PATCH',
        url: `/api/staff/contacts/${c.contactId}`,
        body: { organizationId: c.organizationId },
      };
    case 'move_organization':
      return {
        method: 'PATCH',
        url: `/api/staff/organizations/${c.organizationId}`,
        body: { parentId: c.parentId },
      };
    case 'set_privilege_group':
      return {
        method: 'PATCH',
        url: `/api/staff/contacts/${c.contactId}`,
        body: { privilegeGroupId: c.privilegeGroupId },
      };
  }
}

/** Sends the save, with `query` (say `?dryRun=true`) after its URL. */
export const sendSave = (client: TestClient, save: SaveRequest, query = '') =>
  client.request(save.method, `${save.url}${query}`, save.body);

/** Saves the change through the staff API (as an administrator would); fails on any refusal. */
export async function applyThroughApi(staff: TestClient, c: AccessChange): Promise<void> {
  const res = await sendSave(staff, saveRequestOf(c));
  if (noRoute(res.statusCode, res.body)) throw new Error(`no staff endpoint for ${c.kind}`);
  if (res.statusCode >= 300)
    throw new Error(`${c.kind} refused by the staff API: ${res.statusCode} ${res.body}`);
}

const TABLES = [
  'access_grants',
  'user_groups',
  'user_group_contacts',
  'user_group_organizations',
  'user_group_rule_members',
  'module_allowed_groups',
  'privilege_groups',
  'contacts',
  'organizations',
  'organization_closure',
  'audit_log',
] as const;

/** A hash of every row of every table a change could touch (and the audit log). */
export async function fingerprint(db: Kysely<DB>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ h: string | null; n: number }>`
      select md5(string_agg(x::text, '|' order by x::text)) as h, count(*)::int as n from ${sql.table(table)} x`.execute(
      db,
    );
    out[table] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  return out;
}

/**
 * What every contact of the database sees, judged one contact at a time the way a portal request
 * is: "kind contact record" keys, nothing for a contact that cannot sign in.
 */
export async function visibilityPerContact(db: Kysely<DB>): Promise<Set<string>> {
  const keys = new Set<string>();
  const ids = await db.selectFrom('contacts').select('id').execute();
  for (const { id } of ids) {
    const loaded = await loadContactActor(db, id);
    if (!loaded || !maySignIn(loaded)) continue;
    const a = loaded.actor;
    const { rows } = await sql<{ kind: string; id: string }>`
      select 'ticket' as kind, t.id from tickets t where ${visibleTickets(a, 't')}
      union all select 'asset', x.id from assets x where ${visibleAssets(a, 'x')}
      union all select 'contract', x.id from contracts x where ${visibleOrganizationRecords(a, 'contracts', 'x')}
      union all select 'quote', x.id from quotes x where ${visibleQuotes(a, 'x')}
      union all select 'invoice', x.id from invoices x where ${visibleInvoices(a, 'x')}
      union all select 'payment', x.id from payments x where ${visibleOrganizationRecords(a, 'payments', 'x')}
      union all select 'document', x.id from documents x where ${visibleDocuments(a, 'x')}
      union all select 'ticket_write', t.id from tickets t
        where ${visibleTickets(a, 't')} and ${writableTickets(a, 't')}`.execute(db);
    for (const r of rows) keys.add(`${r.kind} ${id} ${r.id}`);
    // What it may do: each privilege held whose module (if any) it may use.
    for (const p of a.privileges) {
      const module = moduleOfPrivilege(p);
      if (!module || a.modules.has(module)) keys.add(`capability ${id} ${p}`);
    }
  }
  return keys;
}

export type KindDiff = {
  contactsGaining: number;
  contactsLosing: number;
  gained: [number, number];
  lost: [number, number];
};

/** The real difference between two visibility snapshots, per kind: contacts, [pairs, distinct records]. */
export function diffPerKind(before: Set<string>, after: Set<string>): Record<string, KindDiff> {
  const side = (from: Set<string>, minus: Set<string>) =>
    [...from].filter((k) => !minus.has(k)).map((k) => k.split(' '));
  const gained = side(after, before);
  const lost = side(before, after);
  const out: Record<string, KindDiff> = {};
  const kinds = ['ticket', 'ticket_write', 'asset', 'contract', 'quote', 'invoice', 'payment', 'document'];
  for (const kind of [...kinds, 'capability']) {
    const g = gained.filter((k) => k[0] === kind);
    const l = lost.filter((k) => k[0] === kind);
    out[kind] = {
      contactsGaining: new Set(g.map((k) => k[1])).size,
      contactsLosing: new Set(l.map((k) => k[1])).size,
      gained: [g.length, new Set(g.map((k) => k[2])).size],
      lost: [l.length, new Set(l.map((k) => k[2])).size],
    };
  }
  return out;
}

const KIND_PLURAL = {
  asset: 'assets',
  contract: 'contracts',
  quote: 'quotes',
  invoice: 'invoices',
  payment: 'payments',
  document: 'documents',
} as const;

type Part = { contactsGaining: number; contactsLosing: number };
type Side = { pairs: number };
/** The parts of a preview's answer (POST /api/staff/access/preview, or a save's ?dryRun=true) compared here. */
type TicketPart = Part & { gained: Side & { tickets: number }; lost: Side & { tickets: number } };
type CapabilityPart = Part & { gained: { contacts: number }[]; lost: { contacts: number }[] };
export type PreviewAnswer = Part & {
  counted: { tickets: boolean; records: boolean; capabilities: boolean };
  ticketsWritable: TicketPart;
  capabilities: CapabilityPart;
  ticketsGained: Side & { tickets: number };
  ticketsLost: Side & { tickets: number };
  samples: { gaining: { tickets: number }[] };
  records: Record<
    (typeof KIND_PLURAL)[keyof typeof KIND_PLURAL],
    Part & { recordsGained: Side & { records: number }; recordsLost: Side & { records: number } }
  > | null;
};

/**
 * The preview's numbers are the real difference (diffPerKind of the visibility before and after
 * the save): per kind it counts, the same contacts, pairs and records; a kind it does not count
 * did not change.
 */
export function expectPreviewOf(preview: PreviewAnswer, real: Record<string, KindDiff>, where: string): void {
  const none = { gained: [0, 0], lost: [0, 0] };
  const ticket = real.ticket!;
  if (!preview.counted.tickets)
    expect(ticket, `${where}: tickets not counted but changed`).toMatchObject(none);
  else {
    const { contactsGaining, contactsLosing, ticketsGained: g, ticketsLost: l } = preview;
    const got = { contactsGaining, contactsLosing, gained: [g.pairs, g.tickets], lost: [l.pairs, l.tickets] };
    expect(got, where).toEqual(ticket);
    const sampled = preview.samples.gaining.reduce((n: number, x: { tickets: number }) => n + x.tickets, 0);
    if (ticket.contactsGaining <= 10) expect(sampled, where).toBe(ticket.gained[0]);
  }
  const write = real.ticket_write!;
  if (!preview.counted.tickets) expect(write, `${where}: writes not counted but changed`).toMatchObject(none);
  else {
    const { contactsGaining, contactsLosing, gained: g, lost: l } = preview.ticketsWritable;
    const got = { contactsGaining, contactsLosing, gained: [g.pairs, g.tickets], lost: [l.pairs, l.tickets] };
    expect(got, `${where} ticket_write`).toEqual(write);
  }
  const capability = real.capability!;
  if (!preview.counted.capabilities)
    expect(capability, `${where}: capabilities not counted but changed`).toMatchObject(none);
  else {
    const c = preview.capabilities;
    const sum = (side: { contacts: number }[]) => side.reduce((n, x) => n + x.contacts, 0);
    const got = {
      contactsGaining: c.contactsGaining,
      contactsLosing: c.contactsLosing,
      gained: [sum(c.gained), c.gained.length],
      lost: [sum(c.lost), c.lost.length],
    };
    expect(got, `${where} capability`).toEqual(capability);
  }
  for (const [kind, plural] of Object.entries(KIND_PLURAL)) {
    const r = real[kind]!;
    if (!preview.records) {
      expect(r, `${where}: records not counted but ${kind} changed`).toMatchObject(none);
      continue;
    }
    const p = preview.records[plural];
    const got = {
      contactsGaining: p.contactsGaining,
      contactsLosing: p.contactsLosing,
      gained: [p.recordsGained.pairs, p.recordsGained.records],
      lost: [p.recordsLost.pairs, p.recordsLost.records],
    };
    expect(got, `${where} ${kind}`).toEqual(r);
  }
}
