// Random permission worlds for the access tools' property tests (explain, preview, review), written
// straight to the database for speed (organization_closure and user_group_rule_members are kept by
// the triggers).
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { PRIVILEGE_NAMES, type Module } from '../../src/authz/privileges.ts';
import type { Rule } from '../../src/authz/rules.ts';
import { createContact, privilegeGroupId } from './factories.ts';

type Scope = 'own' | 'organization' | 'organization_tree';
type Level = 'read' | 'write';
const SCOPES: Scope[] = ['own', 'organization', 'organization_tree'];
export const DEPARTMENTS = ['accounting', 'Accounting', 'technical', ''];
export const TITLES = ['Teacher', 'Head Teacher', 'Principal', ''];

const often = (n: number) => fc.integer({ min: 0, max: n }).map((x) => x > 0);
const index = (n: number) => fc.nat({ max: 999 }).map((x) => x % n);

/** Rule templates; `org` is replaced by an organization of the world. */
export const RULES: ((orgId: string) => Rule)[] = [
  () => ({ operator: 'all', conditions: [{ field: 'department', op: 'equals', value: 'accounting' }] }),
  () => ({ operator: 'all', conditions: [{ field: 'title', op: 'contains', value: 'teacher' }] }),
  (org) => ({ operator: 'any', conditions: [{ field: 'organizationId', op: 'equals', value: org }] }),
  () => ({ operator: 'all', conditions: [{ field: 'email', op: 'ends_with', value: '.test' }] }),
];

export const worldArb = fc
  .record({
    orgs: fc.integer({ min: 3, max: 6 }),
    contacts: fc.integer({ min: 4, max: 9 }),
    customGroups: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 4 }),
  })
  .chain((n) =>
    fc.record({
      parents: fc.tuple(...Array.from({ length: n.orgs }, (_, i) => fc.integer({ min: -1, max: i - 1 }))),
      privilegeGroups: fc.array(
        fc.record({
          privileges: fc
            .subarray([...PRIVILEGE_NAMES])
            .chain((ps) =>
              fc
                .record({ login: often(5), view: often(5) })
                .map(({ login, view }) => [
                  ...new Set([
                    ...ps.filter((p) => p !== 'portal.login' && p !== 'tickets.view'),
                    ...(login ? ['portal.login'] : []),
                    ...(view ? ['tickets.view'] : []),
                  ]),
                ]),
            ),
          ticketScope: fc.constantFrom(...SCOPES),
          recordScope: fc.constantFrom(...SCOPES),
          scopeLevel: fc.constantFrom<Level>('read', 'write'),
        }),
        { minLength: n.customGroups, maxLength: n.customGroups },
      ),
      contacts: fc.array(
        fc.record({
          org: index(n.orgs),
          group: index(4 + n.customGroups),
          department: fc.constantFrom(...DEPARTMENTS),
          title: fc.constantFrom(...TITLES),
          testDomain: fc.boolean(),
          disabled: often(8).map((x) => !x),
        }),
        { minLength: n.contacts, maxLength: n.contacts },
      ),
      groups: fc.array(
        fc.record({
          always: often(8).map((x) => !x),
          members: fc.uniqueArray(index(n.contacts), { maxLength: 3 }),
          organizations: fc.uniqueArray(fc.record({ org: index(n.orgs), sub: fc.boolean() }), {
            maxLength: 2,
            selector: (o) => o.org,
          }),
          rule: fc.option(fc.record({ template: index(RULES.length), org: index(n.orgs) }), { freq: 2 }),
        }),
        { minLength: n.groups, maxLength: n.groups },
      ),
      grants: fc.array(
        fc.record({
          contact: index(n.contacts),
          group: index(n.groups),
          level: fc.constantFrom<Level>('read', 'write'),
          expiry: fc.constantFrom('none', 'none', 'past', 'future'),
        }),
        { maxLength: 6 },
      ),
      restrictions: fc.uniqueArray(
        fc.record({
          module: fc.constantFrom<Module>('tickets', 'assets', 'quotes', 'invoices', 'documents'),
          groups: fc.uniqueArray(index(n.groups), { minLength: 1, maxLength: 2 }),
        }),
        { maxLength: 2, selector: (r) => r.module },
      ),
      tickets: fc.array(
        fc.record({
          requester: index(n.contacts),
          private: often(3).map((x) => !x),
          closed: often(3).map((x) => !x),
        }),
        { minLength: 3, maxLength: 14 },
      ),
      // §6a: contacts taking part in tickets (the ticket index is taken modulo the tickets).
      participants: fc.array(fc.record({ ticket: fc.nat({ max: 999 }), contact: index(n.contacts) }), {
        maxLength: 5,
      }),
      records: fc.array(
        fc.record({
          kind: fc.constantFrom('asset', 'contract', 'quote', 'invoice', 'payment', 'document'),
          org: index(n.orgs),
          contact: fc.option(index(n.contacts)),
          flag: fc.boolean(), // draft quote/invoice, public document
        }),
        { maxLength: 12 },
      ),
    }),
  );
export type WorldSpec = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

export type Built = {
  tag: string;
  orgs: string[];
  privilegeGroups: string[];
  contacts: { id: string; email: string; name: string }[];
  groups: string[];
  grants: string[];
  tickets: string[];
  records: { kind: string; id: string }[];
};

const DAY = 86_400_000;

/** Clears what earlier worlds in the same database leave global: module restrictions, grants, always-groups. */
export async function resetGlobal(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('module_allowed_groups').execute();
  await db.deleteFrom('access_grants').execute();
  await db.updateTable('user_groups').set({ always: false }).where('always', '=', true).execute();
}

export async function buildWorld(db: Kysely<DB>, spec: WorldSpec): Promise<Built> {
  await resetGlobal(db);
  const tag = randomBytes(4).toString('hex');
  const orgs: string[] = [];
  for (const [i, parent] of spec.parents.entries()) {
    const row = await db
      .insertInto('organizations')
      .values({ name: `Org${i} ${tag}`, parent_id: parent >= 0 ? orgs[parent]! : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgs.push(row.id);
  }
  const privilegeGroups = [
    await privilegeGroupId(db, 'no_portal_access'),
    await privilegeGroupId(db, 'limited'),
    await privilegeGroupId(db, 'partial'),
    await privilegeGroupId(db, 'full'),
  ];
  for (const [i, g] of spec.privilegeGroups.entries()) {
    const row = await db
      .insertInto('privilege_groups')
      .values({
        name: `Custom${i} ${tag}`,
        privileges: g.privileges,
        ticket_scope: g.ticketScope,
        record_scope: g.recordScope,
        scope_level: g.scopeLevel,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    privilegeGroups.push(row.id);
  }
  const contacts: Built['contacts'] = [];
  for (const [i, c] of spec.contacts.entries()) {
    const row = await createContact(db, {
      organizationId: orgs[c.org]!,
      privilegeGroupId: privilegeGroups[c.group]!,
      name: `P${i} ${tag}`,
      email: `p${i}.${tag}@${c.testDomain ? 'example.test' : 'example.org'}`,
      department: c.department,
      title: c.title,
      disabled: c.disabled,
    });
    contacts.push({ id: row.id, email: row.email, name: row.name });
  }
  const groups: string[] = [];
  for (const [i, g] of spec.groups.entries()) {
    const rule = g.rule ? RULES[g.rule.template]!(orgs[g.rule.org]!) : null;
    const row = await db
      .insertInto('user_groups')
      .values({ name: `G${i} ${tag}`, always: g.always, rule: rule ? JSON.stringify(rule) : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    groups.push(row.id);
    for (const m of g.members)
      await db
        .insertInto('user_group_contacts')
        .values({ user_group_id: row.id, contact_id: contacts[m]!.id })
        .execute();
    for (const o of g.organizations)
      await db
        .insertInto('user_group_organizations')
        .values({ user_group_id: row.id, organization_id: orgs[o.org]!, include_sub_organizations: o.sub })
        .execute();
  }
  const grants: string[] = [];
  for (const g of spec.grants) {
    const expires = g.expiry === 'none' ? null : new Date(Date.now() + (g.expiry === 'past' ? -DAY : DAY));
    const row = await db
      .insertInto('access_grants')
      .values({
        contact_id: contacts[g.contact]!.id,
        user_group_id: groups[g.group]!,
        level: g.level,
        expires_at: expires,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    grants.push(row.id);
  }
  for (const r of spec.restrictions)
    await db
      .insertInto('module_allowed_groups')
      .values(r.groups.map((g) => ({ module: r.module, user_group_id: groups[g]! })))
      .execute();
  const tickets: string[] = [];
  for (const [i, t] of spec.tickets.entries()) {
    const requester = await db
      .selectFrom('contacts')
      .select('organization_id')
      .where('id', '=', contacts[t.requester]!.id)
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto('tickets')
      .values({
        subject: `T${i} ${tag}`,
        requester_id: contacts[t.requester]!.id,
        organization_id: requester.organization_id,
        private: t.private,
        status: t.closed ? 'closed' : 'open',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tickets.push(row.id);
  }
  for (const p of spec.participants) {
    const ticket = spec.tickets[p.ticket % spec.tickets.length]!;
    if (ticket.requester === p.contact) continue; // the requester is never its own ticket's participant
    await db
      .insertInto('ticket_participants')
      .values({ ticket_id: tickets[p.ticket % tickets.length]!, contact_id: contacts[p.contact]!.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const records = await buildRecords(db, spec, orgs, contacts, tag);
  return { tag, orgs, privilegeGroups, contacts, groups, grants, tickets, records };
}

async function buildRecords(
  db: Kysely<DB>,
  spec: WorldSpec,
  orgs: string[],
  contacts: Built['contacts'],
  tag: string,
) {
  const out: Built['records'] = [];
  for (const [i, r] of spec.records.entries()) {
    const organization_id = orgs[r.org]!;
    const contact_id = r.contact === null ? null : contacts[r.contact]!.id;
    let id: string;
    if (r.kind === 'asset')
      ({ id } = await db
        .insertInto('assets')
        .values({ organization_id, contact_id, name: `A${i} ${tag}` })
        .returning('id')
        .executeTakeFirstOrThrow());
    else if (r.kind === 'contract')
      ({ id } = await db
        .insertInto('contracts')
        .values({ organization_id, name: `K${i} ${tag}` })
        .returning('id')
        .executeTakeFirstOrThrow());
    else if (r.kind === 'quote')
      ({ id } = await db
        .insertInto('quotes')
        .values({ organization_id, title: `Q${i} ${tag}`, status: r.flag ? 'draft' : 'sent' })
        .returning('id')
        .executeTakeFirstOrThrow());
    else if (r.kind === 'invoice')
      ({ id } = await db
        .insertInto('invoices')
        .values({ organization_id, status: r.flag ? 'draft' : 'issued' })
        .returning('id')
        .executeTakeFirstOrThrow());
    else if (r.kind === 'payment')
      ({ id } = await db
        .insertInto('payments')
        .values({ organization_id, amount_cents: 100 })
        .returning('id')
        .executeTakeFirstOrThrow());
    else {
      const file = await db
        .insertInto('files')
        .values({
          filename: 'd.txt',
          content_type: 'text/plain',
          size_bytes: 1,
          sha256: '0'.repeat(64),
          data: Buffer.from('x'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ({ id } = await db
        .insertInto('documents')
        .values({ organization_id, title: `D${i} ${tag}`, public: r.flag, file_id: file.id })
        .returning('id')
        .executeTakeFirstOrThrow());
    }
    out.push({ kind: r.kind, id });
  }
  return out;
}
