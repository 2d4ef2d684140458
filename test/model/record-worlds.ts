// Random worlds for the record property test (record-properties.test.ts): what fast-check
// generates, and how it is built through the staff API.
//
// A world: an organization tree, contacts in system and custom privilege groups (random record
// privileges, ticket and record scopes), user groups (explicit members, member organizations with
// or without sub-organizations, department rules, always-groups), grants (some expired), module
// restrictions on any module, tickets (some private), and records of every kind, each in a random
// organization or (as often) a contact's: assets (some linked to a contact), contracts, quotes and
// invoices (some drafts; an invoice may bill a quote), payments (some against an issued invoice,
// some paying it), documents (some not public), charges on a ticket, a contract or both, and
// knowledge-base articles (some unpublished, some restricted to user groups, some with files).
// Last, a few organizations move in the tree, and a few contacts move to another organization
// (their linked assets and their tickets stay where they were).
// Each world is built in fresh organizations, contacts and groups of a shared app; the global
// state a previous world leaves (module restrictions, always-groups, grants) is cleared first.
import fc from 'fast-check';
import type { TestApp, TestClient } from '../support/app.ts';
import { index, often, parentsArb } from '../support/properties.ts';
import { RecordBuilder } from '../support/record-world.ts';
import { resetGlobalPermissionState, uniqueTag, WorldBuilder } from '../support/world.ts';
import {
  MODULES,
  PRIVILEGES,
  type Contact,
  type Level,
  type Module,
  type Rule,
  type Scope,
  type Ticket,
  type UserGroup,
} from './reference-model.ts';
import type { Contract, Invoice, Quote, QuoteStatus } from './reference-records.ts';

const DAY = 86_400_000;

// ---- the generated description of a world (indices, resolved to ids when it is built) ----

const SCOPES: Scope[] = ['own', 'organization', 'organization_tree'];
const DEPARTMENTS = ['Accounting', 'accounting', 'Technical', 'Sales', ''];
const RULE_VALUES = ['accounting', 'ACCOUNT', 'tech', 'sales'];
/** The privileges of the record modules (assets.view … kb.files.download). */
const RECORD_PRIVILEGES = PRIVILEGES.filter((p) =>
  MODULES.some((m) => m !== 'tickets' && p.startsWith(`${m}.`)),
);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/** Where a record goes: any organization, or (twice as often) the organization of a contact. */
type Place = number | { contact: number };
const place = (n: { orgs: number; contacts: number }): fc.Arbitrary<Place> =>
  fc.oneof(
    { arbitrary: index(n.orgs), weight: 1 },
    { arbitrary: index(n.contacts).map((contact) => ({ contact })), weight: 2 },
  );

export const worldArb = fc
  .record({
    orgs: fc.integer({ min: 3, max: 6 }),
    contacts: fc.integer({ min: 4, max: 9 }),
    customGroups: fc.integer({ min: 2, max: 4 }),
    groups: fc.integer({ min: 1, max: 3 }),
    tickets: fc.integer({ min: 1, max: 6 }),
    contracts: fc.integer({ min: 1, max: 4 }),
    quotes: fc.integer({ min: 0, max: 4 }),
    invoices: fc.integer({ min: 0, max: 4 }),
  })
  .chain((n) =>
    fc.record({
      parents: parentsArb(n.orgs),
      privilegeGroups: fc.array(
        fc.record({
          privileges: fc
            .record({
              login: often(8),
              tickets: often(5),
              records: fc.tuple(...RECORD_PRIVILEGES.map(() => often(2))),
            })
            .map(({ login, tickets, records }) => [
              ...(login ? ['portal.login'] : []),
              ...(tickets ? ['tickets.view'] : []),
              ...RECORD_PRIVILEGES.filter((_, i) => records[i]),
            ]),
          ticketScope: fc.constantFrom(...SCOPES),
          recordScope: fc.constantFrom(...SCOPES),
          scopeLevel: fc.constantFrom<Level>('read', 'write'),
        }),
        { minLength: n.customGroups, maxLength: n.customGroups },
      ),
      contacts: fc.array(
        fc.record({
          org: index(n.orgs),
          // 0–3 the system groups, then the custom ones (twice as likely)
          privilegeGroup: fc.oneof(
            index(4 + n.customGroups),
            index(n.customGroups).map((i) => 4 + i),
          ),
          department: fc.constantFrom(...DEPARTMENTS),
          disabled: often(12).map((x) => !x),
        }),
        { minLength: n.contacts, maxLength: n.contacts },
      ),
      groups: fc.array(
        fc.record({
          always: often(6).map((x) => !x),
          members: fc.uniqueArray(index(n.contacts), { maxLength: 3 }),
          organizations: fc.uniqueArray(fc.record({ org: index(n.orgs), sub: fc.boolean() }), {
            maxLength: 2,
            selector: (o) => o.org,
          }),
          rule: maybe(
            fc.record({
              op: fc.constantFrom<'equals' | 'contains' | 'starts_with'>('equals', 'contains', 'starts_with'),
              value: fc.constantFrom(...RULE_VALUES),
            }),
          ),
        }),
        { minLength: n.groups, maxLength: n.groups },
      ),
      grants: fc.array(
        fc.record({
          contact: index(n.contacts),
          group: index(n.groups),
          level: fc.constantFrom<Level>('read', 'write'),
          expired: often(4).map((x) => !x),
        }),
        { maxLength: 3 },
      ),
      restrictions: fc.uniqueArray(
        fc.record({
          module: fc.constantFrom<Module>(...MODULES),
          groups: fc.uniqueArray(index(n.groups), { minLength: 1, maxLength: 2 }),
        }),
        { maxLength: 3, selector: (r) => r.module },
      ),
      tickets: fc.array(fc.record({ requester: index(n.contacts), private: often(3).map((x) => !x) }), {
        minLength: n.tickets,
        maxLength: n.tickets,
      }),
      assets: fc.array(fc.record({ org: place(n), owner: maybe(index(n.contacts)) }), {
        minLength: 1,
        maxLength: 6,
      }),
      contracts: fc.array(place(n), { minLength: n.contracts, maxLength: n.contracts }),
      quotes: fc.array(
        fc.record({
          org: place(n),
          status: fc.constantFrom<QuoteStatus>('draft', 'draft', 'sent', 'sent', 'accepted', 'declined'),
        }),
        { minLength: n.quotes, maxLength: n.quotes },
      ),
      invoices: fc.array(
        fc.record({
          org: place(n),
          status: fc.constantFrom<'draft' | 'issued' | 'void'>('draft', 'issued', 'issued', 'void'),
          // a quote of the invoice's organization (the n-th of them), if it has any
          quote: maybe(fc.nat(3)),
        }),
        { minLength: n.invoices, maxLength: n.invoices },
      ),
      payments: fc.array(fc.record({ org: place(n), invoice: maybe(fc.nat(9)), full: fc.boolean() }), {
        maxLength: 4,
      }),
      documents: fc.array(fc.record({ org: place(n), public: often(2) }), { maxLength: 4 }),
      charges: fc.array(
        fc.oneof(
          fc.record({ ticket: index(n.tickets), contract: fc.constant(null) }),
          fc.record({ ticket: fc.constant(null), contract: index(n.contracts) }),
          // on a ticket and on a contract of the ticket's organization, if it has one
          fc.record({ ticket: index(n.tickets), contract: fc.nat(3) }),
        ),
        { maxLength: 7 },
      ),
      articles: fc.array(
        fc.record({
          published: often(3),
          groups: maybe(fc.uniqueArray(index(n.groups), { minLength: 1, maxLength: 2 })),
          files: fc.constantFrom(0, 0, 1),
        }),
        { maxLength: 4 },
      ),
      // organizations that move under another one (of a lower index, so the tree stays a tree)
      reparents: fc.array(
        fc
          .nat(n.orgs - 2)
          .chain((i) => fc.record({ org: fc.constant(i + 1), parent: fc.integer({ min: -1, max: i }) })),
        { maxLength: 2 },
      ),
      moves: fc.uniqueArray(fc.record({ contact: index(n.contacts), org: index(n.orgs) }), {
        maxLength: 2,
        selector: (m) => m.contact,
      }),
    }),
  );
export type WorldSpec = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

// ---- building a world through the API ----

export type Built = { r: RecordBuilder; contacts: Contact[] };

export async function build(t: TestApp, staff: TestClient, spec: WorldSpec): Promise<Built> {
  const b = await WorldBuilder.start(t, { staff, passwords: 'db', tag: uniqueTag() });
  await resetGlobalPermissionState(b);
  const r = new RecordBuilder(b);
  const orgs = await b.organizationTree(spec.parents);
  const privilegeGroups = await b.systemGroups();
  for (const [i, g] of spec.privilegeGroups.entries())
    privilegeGroups.push(await b.privilegeGroup({ name: `Custom${i}`, ...g }));
  const contacts: Contact[] = [];
  for (const [i, c] of spec.contacts.entries())
    contacts.push(
      await b.contact({
        name: `P${i}`,
        organization: orgs[c.org]!,
        privilegeGroup: privilegeGroups[c.privilegeGroup]!,
        department: c.department,
        disabled: c.disabled,
      }),
    );
  const groups: UserGroup[] = [];
  for (const [i, g] of spec.groups.entries()) {
    const rule: Rule | null = g.rule && {
      operator: 'all',
      conditions: [{ field: 'department', op: g.rule.op, value: g.rule.value }],
    };
    groups.push(
      await b.userGroup({
        name: `G${i}`,
        always: g.always,
        rule,
        members: g.members.map((m) => contacts[m]!),
        organizations: g.organizations.map((o) => ({
          organization: orgs[o.org]!,
          includeSubOrganizations: o.sub,
        })),
      }),
    );
  }
  for (const g of spec.grants)
    await b.grant(
      contacts[g.contact]!,
      groups[g.group]!,
      g.level,
      g.expired ? new Date(Date.now() - DAY) : null,
    );
  for (const x of spec.restrictions)
    await b.restrictModule(
      x.module,
      x.groups.map((g) => groups[g]!),
    );
  const tickets: Ticket[] = [];
  for (const [i, tk] of spec.tickets.entries())
    tickets.push(await b.ticket(contacts[tk.requester]!, { subject: `T${i}`, private: tk.private }));

  const orgOf = (id: string) => orgs.find((o) => o.id === id)!;
  const at = (p: Place) => (typeof p === 'number' ? orgs[p]! : orgOf(contacts[p.contact]!.organizationId));
  for (const [i, a] of spec.assets.entries()) {
    const owner = a.owner === null ? null : contacts[a.owner]!;
    await r.asset(owner ? orgOf(owner.organizationId) : at(a.org), owner, `A${i}`);
  }
  const contracts: Contract[] = [];
  for (const [i, org] of spec.contracts.entries()) contracts.push(await r.contract(at(org), `K${i}`));
  const quotes: Quote[] = [];
  for (const [i, q] of spec.quotes.entries()) quotes.push(await r.quote(at(q.org), `Q${i}`, q.status));
  const nth = <T>(list: T[], n: number | null) =>
    n === null || list.length === 0 ? null : list[n % list.length]!;
  const invoices: Invoice[] = [];
  for (const i of spec.invoices) {
    const org = at(i.org);
    const quote = nth(
      quotes.filter((q) => q.organizationId === org.id),
      i.quote,
    );
    invoices.push(await r.invoice(org, i.status, quote));
  }
  for (const p of spec.payments) {
    const invoice = nth(
      invoices.filter((i) => i.status === 'issued'),
      p.invoice,
    );
    await r.payment(invoice?.organizationId ?? at(p.org).id, invoice, p.full);
  }
  for (const [i, d] of spec.documents.entries()) await r.document(at(d.org), `D${i}`, d.public);
  for (const [i, ch] of spec.charges.entries()) {
    const ticket = ch.ticket === null ? null : tickets[ch.ticket]!;
    const contract = !ticket
      ? contracts[ch.contract!]!
      : nth(
          contracts.filter((k) => k.organizationId === ticket.organizationId),
          ch.contract,
        );
    await r.charge(ticket, contract, `C${i}`);
  }
  for (const [i, k] of spec.articles.entries())
    await r.article(`KB${i} ${b.tag}`, {
      published: k.published,
      groups: k.groups && k.groups.map((g) => groups[g]!),
      files: k.files,
    });
  for (const x of spec.reparents)
    await b.moveOrganization(orgs[x.org]!, x.parent >= 0 ? orgs[x.parent]! : null);
  for (const m of spec.moves)
    await b.updateContact(contacts[m.contact]!, { organizationId: orgs[m.org]!.id });
  return { r, contacts };
}
