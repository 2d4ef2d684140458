// Property-based comparison of the permission engine with the reference model.
//
// fast-check generates random worlds (an organization tree, contacts with random fields, custom and
// system privilege groups, user groups mixing explicit members, member organizations with or
// without sub-organizations, rules and always-groups, grants with levels and expiries, module
// restrictions, tickets some private and some closed). Each world is built through the staff API
// in one app shared by the whole file, in fresh organizations, contacts and groups; global state a
// previous world leaves behind (module restrictions, always-groups, grants) is cleared first. Then,
// for every contact of the world, every answer is compared with the model: its memberships with
// their reasons (GET /api/staff/contacts/{id}/groups), sign-in, /me modules, views, privileges and
// grants, every view × status list (all pages, restricted to this world's tickets), the lists
// narrowed by requester and organization in every order and the counts per view, every single
// read with its abilities and fields (priority, asset), and one reply per ticket (201/403/404).
// Full-text search (issue 13 §4): a word put in random tickets' subjects, descriptions, public
// comments or internal notes; every contact's search in every view finds exactly the model's
// visible tickets whose public text holds it, and no snippet comes from an internal note.
// The bulk (contact, ticket, level) relation that previews and the access review count with is
// compared too: seeing and writing, pair by pair.
//
// Environment: PORTICO_PROPS_RUNS (default 15), PORTICO_PROPS_TIME_LIMIT_MS (default 120 s, a time
// box for runs and shrinking together).
//
// A failure prints fast-check's seed and counterexample; replay it with
// PORTICO_PROPS_SEED=<seed> (and PORTICO_PROPS_PATH=<path> to skip the shrinking).
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.ts';
import { visibleTicketPairs } from '../../src/authz/tickets/bulk.ts';
import { startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/database.ts';
import {
  directWrites,
  listAll,
  listPages,
  resetGlobalPermissionState,
  uniqueTag,
  WorldBuilder,
} from '../support/world.ts';
import {
  PRIVILEGES,
  RULE_OPS,
  STATUS_FILTERS,
  TICKET_SORTS,
  VIEWS,
  type Condition,
  type Contact,
  type Level,
  type Module,
  type Organization,
  type PrivilegeGroup,
  type Rule,
  type RuleOp,
  type Scope,
  type TicketStatus,
  type UserGroup,
} from './reference-model.ts';

const NUM_RUNS = Number(process.env.PORTICO_PROPS_RUNS ?? 15);
/** The participant routes' answers seen (portal add and remove), so a run shows what it covered. */
const participantAnswers = new Map<string, number>();
const countAnswer = (what: string) => participantAnswers.set(what, (participantAnswers.get(what) ?? 0) + 1);
const DAY = 86_400_000;

// ---- the generated description of a world (indices, resolved to ids when it is built) ----

const DEPARTMENTS = ['Accounting', 'accounting', 'Technical', 'TECH support', 'Sales', 'Comptabilité', ''];
const TITLES = ['Teacher', 'Head Teacher', 'Principal', 'IT manager', ''];
const ATTRIBUTE_KEYS = ['campus', 'tier', 'role'];
const ATTRIBUTE_VALUES = ['North', 'north', 'South', 'gold', 'Gold Plus', ''];
const DOMAINS = ['almond.example', 'Birch.Example', 'acme.test'];
const RULE_FIELDS = [
  'email',
  'title',
  'department',
  'organizationId',
  'attributes.campus',
  'attributes.tier',
  'attributes.role',
  'attributes.absent',
] as const;
const RULE_VALUES = [
  'accounting',
  'ACCOUNT',
  'tech',
  'Technical',
  'sales',
  'teacher',
  'HEAD',
  'principal',
  'north',
  'South',
  'GOLD',
  'gold plus',
  '@almond.example',
  'birch.example',
  '.test',
  'p',
  'COMPTABILITÉ',
  '',
];
const TICKET_PRIVILEGES = [
  'tickets.reply',
  'tickets.edit_description',
  'tickets.close',
  'tickets.priority.view',
  'tickets.priority.edit',
  'tickets.asset.edit',
  'attachments.upload',
];

type OneValue = string | { org: number };
type ValueSpec = OneValue | OneValue[] | undefined;
type ConditionSpec = { field: (typeof RULE_FIELDS)[number]; op: RuleOp; value: ValueSpec };
type RuleSpec = { operator: 'all' | 'any'; conditions: ConditionSpec[] };
type GroupSpec = {
  always: boolean;
  members: number[];
  organizations: { org: number; sub: boolean }[];
  rule: RuleSpec | null;
};
type WorldSpec = {
  parents: number[]; // parents[i] < i, or -1 for a root
  privilegeGroups: { privileges: string[]; ticketScope: Scope; scopeLevel: Level }[];
  contacts: {
    org: number;
    privilegeGroup: number; // 0–3 the system groups, then the custom ones
    department: string;
    title: string;
    attributes: Record<string, string>;
    domain: number;
    disabled: boolean;
  }[];
  groups: GroupSpec[];
  grants: { contact: number; group: number; level: Level; expiry: 'none' | 'past' | 'future' }[];
  restrictions: { module: Module; groups: number[] }[];
  tickets: { requester: number; private: boolean; status: TicketStatus; word: WordPlace }[];
  /** §6a: added by a contact through the portal (adder) when the model lets it, else by staff. */
  participants: {
    ticket: number;
    /** 'colleague': a contact of the adder's organization (most adds a contact may make). */
    contact: number | 'colleague';
    adder: number | 'requester' | null;
  }[];
  /** After every other check: a contact removes a participant through the portal. */
  removals: { participant: number; remover: number | 'requester' | 'adder' }[];
};
/** Where the world's search word is put in a ticket (issue 13 §4): a note must never be found. */
type WordPlace = 'none' | 'subject' | 'description' | 'comment' | 'note' | 'subject+note';

const often = (n: number) => fc.integer({ min: 0, max: n }).map((x) => x > 0); // true n/(n+1) of the time
const index = (length: number) => fc.nat({ max: 1000 }).map((x) => x % length);

const valueFor = (op: RuleOp, field: string, orgCount: number): fc.Arbitrary<ValueSpec> => {
  if (op === 'is_empty' || op === 'is_not_empty') return fc.constant(undefined);
  const one: fc.Arbitrary<OneValue> =
    field === 'organizationId'
      ? index(orgCount).map((org) => ({ org }))
      : fc.oneof(
          fc.constantFrom(...RULE_VALUES),
          fc.constantFrom(...DEPARTMENTS, ...TITLES, ...ATTRIBUTE_VALUES).filter((v) => v !== ''),
        );
  return op === 'in' ? fc.array(one, { minLength: 1, maxLength: 3 }) : one;
};

const conditionArb = (orgCount: number): fc.Arbitrary<ConditionSpec> =>
  fc
    .record({ field: fc.constantFrom(...RULE_FIELDS), op: fc.constantFrom(...RULE_OPS) })
    .chain(({ field, op }) => valueFor(op, field, orgCount).map((value) => ({ field, op, value })));

const worldArb: fc.Arbitrary<WorldSpec> = fc
  .record({
    orgCount: fc.integer({ min: 3, max: 8 }),
    contactCount: fc.integer({ min: 4, max: 12 }),
    customGroupCount: fc.integer({ min: 1, max: 3 }),
    groupCount: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ orgCount, contactCount, customGroupCount, groupCount }) =>
    fc.record({
      parents: fc.tuple(...Array.from({ length: orgCount }, (_, i) => fc.integer({ min: -1, max: i - 1 }))),
      privilegeGroups: fc.array(
        fc.record({
          privileges: fc
            .record({
              login: often(6),
              view: often(6),
              ticket: fc.subarray(TICKET_PRIVILEGES),
              other: fc.subarray(PRIVILEGES.filter((p) => !TICKET_PRIVILEGES.includes(p))),
            })
            .map(({ login, view, ticket, other }) => [
              ...new Set([
                ...other.filter((p) => p !== 'portal.login' && p !== 'tickets.view'),
                ...ticket,
                ...(login ? ['portal.login'] : []),
                ...(view ? ['tickets.view'] : []),
              ]),
            ]),
          ticketScope: fc.constantFrom<Scope>('own', 'organization', 'organization_tree'),
          scopeLevel: fc.constantFrom<Level>('read', 'write'),
        }),
        { minLength: customGroupCount, maxLength: customGroupCount },
      ),
      contacts: fc.array(
        fc.record({
          org: index(orgCount),
          privilegeGroup: index(4 + customGroupCount),
          department: fc.constantFrom(...DEPARTMENTS),
          title: fc.constantFrom(...TITLES),
          attributes: fc.dictionary(
            fc.constantFrom(...ATTRIBUTE_KEYS),
            fc.constantFrom(...ATTRIBUTE_VALUES),
            {
              maxKeys: 3,
            },
          ),
          domain: index(DOMAINS.length),
          disabled: often(9).map((x) => !x),
        }),
        { minLength: contactCount, maxLength: contactCount },
      ),
      groups: fc.array(
        fc.record({
          always: often(7).map((x) => !x),
          members: fc.uniqueArray(index(contactCount), { maxLength: 3 }),
          organizations: fc.uniqueArray(fc.record({ org: index(orgCount), sub: fc.boolean() }), {
            maxLength: 2,
            selector: (o) => o.org,
          }),
          rule: fc.option(
            fc.record({
              operator: fc.constantFrom<'all' | 'any'>('all', 'any'),
              conditions: fc.array(conditionArb(orgCount), { minLength: 1, maxLength: 3 }),
            }),
            { freq: 2 },
          ),
        }),
        { minLength: groupCount, maxLength: groupCount },
      ),
      grants: fc.array(
        fc.record({
          contact: index(contactCount),
          group: index(groupCount),
          level: fc.constantFrom<Level>('read', 'write'),
          expiry: fc.constantFrom<'none' | 'past' | 'future'>('none', 'none', 'past', 'future'),
        }),
        { maxLength: 6 },
      ),
      restrictions: fc.uniqueArray(
        fc.record({
          module: fc.constantFrom<Module>('tickets', 'tickets', 'invoices', 'kb'),
          groups: fc.uniqueArray(index(groupCount), { minLength: 1, maxLength: 2 }),
        }),
        { maxLength: 2, selector: (r) => r.module },
      ),
      tickets: fc.array(
        fc.record({
          requester: index(contactCount),
          private: often(3).map((x) => !x),
          status: fc.constantFrom<TicketStatus>('open', 'open', 'pending', 'resolved', 'closed'),
          word: fc.constantFrom<WordPlace>(
            'none',
            'none',
            'subject',
            'description',
            'comment',
            'note',
            'subject+note',
          ),
        }),
        { minLength: 5, maxLength: 25 },
      ),
      participants: fc.array(
        fc.record({
          ticket: fc.nat({ max: 999 }),
          contact: fc.oneof(index(contactCount), fc.constant('colleague' as const)),
          adder: fc.option(fc.oneof(fc.constant('requester' as const), index(contactCount)), { freq: 2 }),
        }),
        { maxLength: 8 },
      ),
      removals: fc.array(
        fc.record({
          participant: fc.nat({ max: 999 }),
          remover: fc.oneof(fc.constantFrom('requester' as const, 'adder' as const), index(contactCount)),
        }),
        {
          maxLength: 3,
        },
      ),
    }),
  );

// ---- building a world through the API ----

/** A word only internal notes hold: a contact's snippet must never show it. */
const NOTE_MARK = 'vendorsecret';

/**
 * A client with a fresh personal API token of the contact, written as the portal's create route
 * writes it (test/api/portal-api-tokens.test.ts covers the route itself), whatever the contact's
 * group: whether it then authenticates is what the property checks.
 */
async function apiTokenClient(b: WorldBuilder, contactId: string): Promise<TestClient> {
  const token = `ptk_${randomBytes(32).toString('base64url')}`;
  await b.t.app.db
    .insertInto('api_tokens')
    .values({
      contact_id: contactId,
      name: 'property test',
      token_hash: hashToken(token),
      token_prefix: token.slice(0, 12),
      expires_at: new Date(Date.now() + DAY),
      scopes: ['read'],
    })
    .execute();
  const client = new TestClient(b.t.app);
  client.bearer = token;
  return client;
}

type Built = {
  b: WorldBuilder;
  /** The world's search word: one token, found only in this world's tickets. */
  word: string;
  orgs: Organization[];
  contacts: Contact[];
  groups: UserGroup[];
  /** Who added each participant (`ticket contact` → contact id, null for staff). */
  addedBy: Map<string, string | null>;
  removals: WorldSpec['removals'];
  /** Answers of the portal's add route that differ from the model, found while building. */
  problems: string[];
};

async function build(t: TestApp, staff: TestClient, spec: WorldSpec): Promise<Built> {
  const b = await WorldBuilder.start(t, { staff, passwords: 'db', tag: uniqueTag() });
  await resetGlobalPermissionState(b);
  const orgs: Organization[] = [];
  for (const [i, parent] of spec.parents.entries())
    orgs.push(await b.organization(`Org${i}`, parent >= 0 ? orgs[parent]! : null));
  const privilegeGroups: PrivilegeGroup[] = [
    await b.systemGroup('no_portal_access'),
    await b.systemGroup('limited'),
    await b.systemGroup('partial'),
    await b.systemGroup('full'),
  ];
  for (const [i, g] of spec.privilegeGroups.entries())
    privilegeGroups.push(await b.privilegeGroup({ name: `Custom${i}`, ...g }));
  const contacts: Contact[] = [];
  for (const [i, c] of spec.contacts.entries())
    contacts.push(
      await b.contact({
        name: `P${i}`,
        email: `p${i}.${b.tag}.${uniqueTag()}@${DOMAINS[c.domain]}`,
        organization: orgs[c.org]!,
        privilegeGroup: privilegeGroups[c.privilegeGroup]!,
        department: c.department,
        title: c.title,
        attributes: c.attributes,
        disabled: c.disabled,
      }),
    );
  // Organization ids upper-cased: they are compared case-insensitively like every text field.
  const resolveOne = (v: OneValue) => (typeof v === 'string' ? v : orgs[v.org]!.id.toUpperCase());
  const resolve = (v: ValueSpec) =>
    v === undefined ? v : Array.isArray(v) ? v.map(resolveOne) : resolveOne(v);
  const rule = (r: RuleSpec | null): Rule | null =>
    r && {
      operator: r.operator,
      conditions: r.conditions.map((c): Condition => {
        const value = resolve(c.value);
        return { field: c.field, op: c.op, ...(value === undefined ? {} : { value }) };
      }),
    };
  const groups: UserGroup[] = [];
  for (const [i, g] of spec.groups.entries())
    groups.push(
      await b.userGroup({
        name: `G${i}`,
        always: g.always,
        rule: rule(g.rule),
        members: g.members.map((m) => contacts[m]!),
        organizations: g.organizations.map((o) => ({
          organization: orgs[o.org]!,
          includeSubOrganizations: o.sub,
        })),
      }),
    );
  for (const g of spec.grants) {
    const expiresAt = g.expiry === 'none' ? null : new Date(Date.now() + (g.expiry === 'past' ? -DAY : DAY));
    await b.grant(contacts[g.contact]!, groups[g.group]!, g.level, expiresAt);
  }
  for (const r of spec.restrictions)
    await b.restrictModule(
      r.module,
      r.groups.map((g) => groups[g]!),
    );
  const word = `kiwi${b.tag}`;
  const tickets = [];
  for (const [i, tk] of spec.tickets.entries()) {
    const subject = tk.word.startsWith('subject') ? `T${i} about ${word}` : `T${i}`;
    const ticket = await b.ticket(contacts[tk.requester]!, {
      subject,
      private: tk.private,
      status: tk.status,
    });
    ticket.publicText = [subject];
    ticket.internalText = [];
    if (tk.word === 'description') {
      const description = `Something with the ${word}, again.`;
      const res = await staff.patch(`/api/staff/tickets/${ticket.id}`, { description });
      if (res.statusCode !== 200) throw new Error(`description: ${res.statusCode} ${res.body}`);
      ticket.publicText.push(description);
    }
    if (tk.word === 'comment' || tk.word.endsWith('note')) {
      const isPublic = tk.word === 'comment';
      const body = isPublic ? `A word on ${word}.` : `Internal ${word} ${NOTE_MARK}.`;
      const res = await staff.post(`/api/staff/tickets/${ticket.id}/comments`, { body, public: isPublic });
      if (res.statusCode !== 201) throw new Error(`comment: ${res.statusCode} ${res.body}`);
      (isPublic ? ticket.publicText : ticket.internalText).push(body);
    }
    tickets.push(ticket);
  }
  // Participants: a contact's add through the portal answers as the model says; what it may not
  // add, staff add (any enabled contact; not the requester, not twice).
  const problems: string[] = [];
  const addedBy = new Map<string, string | null>();
  const adders = new Map<string, TestClient>();
  for (const p of spec.participants) {
    const ticket = tickets[p.ticket % tickets.length]!;
    const adder =
      p.adder === null
        ? undefined
        : p.adder === 'requester'
          ? b.model.contact(ticket.requesterId)
          : contacts[p.adder]!;
    const colleague = (org: string) =>
      contacts.find((c) => c.organizationId === org && c.id !== adder?.id && c.id !== ticket.requesterId);
    const contact =
      p.contact === 'colleague'
        ? (colleague(adder?.organizationId ?? ticket.organizationId) ?? contacts[0]!)
        : contacts[p.contact]!;
    const key = `${ticket.id} ${contact.id}`;
    if (adder && b.model.canSignIn(adder.id)) {
      let client = adders.get(adder.id);
      if (!client) adders.set(adder.id, (client = await b.signIn(adder)));
      const expected = b.model.addParticipantStatus(adder.id, ticket.id, contact.id);
      const res = await client.post(`/api/portal/tickets/${ticket.id}/participants`, {
        contactId: contact.id,
      });
      countAnswer(`add ${res.statusCode}`);
      if (res.statusCode !== expected)
        problems.push(
          `add ${adder.name} adds ${contact.name} to T${tickets.indexOf(ticket)}: expected ${expected}, got ${res.statusCode} ${res.body} (${b.model.explain(adder.id, ticket.id)})`,
        );
      if (res.statusCode === 201) {
        b.addedParticipant(ticket, contact);
        addedBy.set(key, adder.id);
        continue;
      }
    }
    if (ticket.requesterId === contact.id || addedBy.has(key)) continue;
    await b.participant(ticket, contact);
    addedBy.set(key, null);
  }
  return { b, word, orgs, contacts, groups, addedBy, removals: spec.removals, problems };
}

// ---- comparing every answer with the model ----

async function compare({ b, word, contacts, addedBy, removals, problems: built }: Built): Promise<string[]> {
  const m = b.model;
  const problems: string[] = [...built];
  const worldTickets = new Set(b.world.tickets.map((x) => x.id));
  const ticketName = (id: string) => `T${b.world.tickets.findIndex((x) => x.id === id)}`;
  const contactName = (c: Contact) => c.name;
  const clients = new Map<string, TestClient>();

  // Membership as staff see it (GET /api/staff/contacts/{id}/groups), reasons included.
  const worldGroups = new Set(b.world.userGroups.map((g) => g.id));
  const groupName = (id: string) => `G${b.world.userGroups.findIndex((g) => g.id === id)}`;
  for (const c of contacts) {
    const res = await b.staff.get(`/api/staff/contacts/${c.id}/groups`);
    if (res.statusCode !== 200) {
      problems.push(`groups of ${c.name}: ${res.statusCode}`);
      continue;
    }
    const items = res.json().items as { group: { id: string }; reasons: string[] }[];
    const got = Object.fromEntries(
      items
        .filter((i) => worldGroups.has(i.group.id))
        .map((i) => [groupName(i.group.id), [...i.reasons].sort()]),
    );
    const expected = Object.fromEntries(
      b.world.userGroups
        .map((g) => [groupName(g.id), [...m.membershipReasons(c.id, g.id)].sort()] as const)
        .filter(([, reasons]) => reasons.length > 0),
    );
    if (
      JSON.stringify(got, Object.keys(got).sort()) !== JSON.stringify(expected, Object.keys(expected).sort())
    )
      problems.push(
        `membership of ${c.name} (${JSON.stringify(c)}): expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`,
      );
  }

  // The bulk relation the preview and the access review count with: (contact, ticket, level) over
  // every path, gated like a portal request (a contact that cannot sign in sees nothing). Its
  // tickets are what the model lets each contact see, and those at level write what it lets it
  // write (§6: the strongest path wins).
  const contactIds = contacts.map((c) => c.id);
  const { rows: pairs } = await sql<{ contact_id: string; ticket_id: string; level: string }>`
    select p.contact_id, p.ticket_id, p.level
    from ${visibleTicketPairs(sql`select unnest(${contactIds}::uuid[])`)} p`.execute(b.t.app.db);
  const pairKeys = (levels: string[]) =>
    new Set(
      pairs
        .filter((p) => worldTickets.has(p.ticket_id) && levels.includes(p.level))
        .map((p) => `${p.contact_id} ${p.ticket_id}`),
    );
  for (const [relation, keys, expected] of [
    ['sees', pairKeys(['read', 'write']), (c: string, tk: string) => m.canSignIn(c) && m.maySee(c, tk)],
    ['writes', pairKeys(['write']), (c: string, tk: string) => m.canSignIn(c) && m.mayWrite(c, tk)],
  ] as const)
    for (const c of contacts)
      for (const tk of b.world.tickets)
        if (keys.has(`${c.id} ${tk.id}`) !== expected(c.id, tk.id))
          problems.push(
            `pairs ${contactName(c)} ${relation} ${ticketName(tk.id)}: expected ${expected(c.id, tk.id)}, got ${!expected(c.id, tk.id)} (${m.explain(c.id, tk.id)})`,
          );

  // What the list orders compare (number, last activity), read before any write below.
  const { rows: factRows } = await sql<{ id: string; number: string; last_activity_at: Date }>`
    select id, number, last_activity_at from tickets
    where id = any(${[...worldTickets]}::uuid[])`.execute(b.t.app.db);
  const facts = new Map(
    factRows.map((r) => [r.id, { number: Number(r.number), lastActivityAt: r.last_activity_at.getTime() }]),
  );

  for (const c of contacts) {
    // The personal API token path (issue 15 §4): it authenticates exactly when the model says, and
    // then lists every view as the model does (the session's lists are checked below).
    const viaToken = await apiTokenClient(b, c.id);
    const tokenMe = await viaToken.get('/api/portal/me');
    const expectedToken = m.mayUseApiToken(c.id) ? 200 : 401;
    if (tokenMe.statusCode !== expectedToken)
      problems.push(`token ${contactName(c)}: expected ${expectedToken}, got ${tokenMe.statusCode}`);
    else if (expectedToken === 200)
      for (const view of VIEWS) {
        const expected = m.visibleTicketIds(c.id, view, 'all');
        const expectedStatus = !m.mayUseModule(c.id, 'tickets') ? 404 : expected ? 200 : 422;
        const listed = await listAll(viaToken, view, 'all');
        const where = `token list ${contactName(c)} view=${view}`;
        if (listed.status !== expectedStatus)
          problems.push(`${where}: expected ${expectedStatus}, got ${listed.status}`);
        else if (expected) {
          const got = listed.ids.filter((id) => worldTickets.has(id)).sort();
          if (JSON.stringify(got) !== JSON.stringify([...expected].sort()))
            problems.push(`${where}: expected ${[...expected].map(ticketName)}, got ${got.map(ticketName)}`);
        }
      }

    const signIn = await b.trySignIn(c);
    const expectedSignIn = m.canSignIn(c.id) ? 200 : 403;
    if (signIn.status !== expectedSignIn) {
      problems.push(`sign-in ${contactName(c)}: expected ${expectedSignIn}, got ${signIn.status}`);
      continue;
    }
    if (signIn.status !== 200) continue;
    const client = signIn.client;
    clients.set(c.id, client);

    const me = (await client.get('/api/portal/me')).json();
    const modules = m.modules(c.id);
    if (JSON.stringify(me.modules) !== JSON.stringify(modules))
      problems.push(`/me modules ${contactName(c)}: expected ${modules}, got ${me.modules}`);
    const views = m.views(c.id);
    if (JSON.stringify(me.views) !== JSON.stringify(views))
      problems.push(`/me views ${contactName(c)}: expected ${views}, got ${me.views}`);
    const privileges = [...m.privilegeGroupOf(c.id).privileges].sort();
    if (JSON.stringify([...me.privileges].sort()) !== JSON.stringify(privileges))
      problems.push(`/me privileges ${contactName(c)}: expected ${privileges}, got ${me.privileges}`);
    const grantsOf = (list: { groupId?: string; userGroupId?: string; level: string }[]) =>
      list.map((g) => `${g.groupId ?? g.userGroupId}:${g.level}`).sort();
    const grants = grantsOf(m.activeGrants(c.id));
    if (JSON.stringify(grantsOf(me.grants)) !== JSON.stringify(grants))
      problems.push(`/me grants ${contactName(c)}: expected ${grants}, got ${JSON.stringify(me.grants)}`);

    const priorityShown = m.has(c.id, 'tickets.priority.view');
    for (const view of VIEWS)
      for (const status of STATUS_FILTERS) {
        const expected = m.visibleTicketIds(c.id, view, status);
        const expectedStatus = !m.mayUseModule(c.id, 'tickets') ? 404 : expected ? 200 : 422;
        const listed = await listAll(client, view, status);
        const where = `list ${contactName(c)} view=${view} status=${status}`;
        if (listed.status !== expectedStatus) {
          problems.push(`${where}: expected ${expectedStatus}, got ${listed.status}`);
          continue;
        }
        if (!expected) continue;
        if (new Set(listed.ids).size !== listed.ids.length) problems.push(`${where}: an id is listed twice`);
        const got = new Set(listed.ids.filter((id) => worldTickets.has(id)));
        for (const id of got)
          if (!expected.has(id))
            problems.push(`${where}: lists ${ticketName(id)} it must not (${m.explain(c.id, id)})`);
        for (const id of expected)
          if (!got.has(id)) problems.push(`${where}: misses ${ticketName(id)} (${m.explain(c.id, id)})`);
        for (const item of listed.items)
          if ('priority' in item !== priorityShown)
            problems.push(
              `${where}: priority ${priorityShown ? 'missing' : 'shown'} on ${ticketName(item.id as string)}`,
            );
      }

    // The portal for managers (issue 13 §7): each view narrowed to one requester and to one
    // organization of the world (picked by position, so some lie outside the contact's scope and
    // must list nothing), in each order by turns, two a page (the cursor of each order); and the
    // open and closed counts of every view, narrowed to an organization of the world.
    const at = contacts.indexOf(c);
    for (const [i, view] of m.views(c.id).entries()) {
      const sort = TICKET_SORTS[(at + i) % TICKET_SORTS.length] ?? 'activity';
      const status = STATUS_FILTERS[(at + i) % STATUS_FILTERS.length] ?? 'all';
      const requester = b.world.contacts[(at + i + 1) % b.world.contacts.length];
      const organization = b.world.organizations[(at + i) % b.world.organizations.length];
      const filters: Record<string, string>[] = [
        { requesterId: requester?.id ?? '' },
        { organizationId: organization?.id ?? '' },
      ];
      for (const filter of filters) {
        const expected = m.listedTicketIds(c.id, view, status, filter, sort, facts) ?? [];
        const listed = await listPages(client, { view, status, sort, ...filter }, 2);
        const where = `list ${contactName(c)} view=${view} status=${status} sort=${sort} ${JSON.stringify(filter)}`;
        if (listed.status !== 200) problems.push(`${where}: expected 200, got ${listed.status}`);
        else if (JSON.stringify(listed.ids) !== JSON.stringify(expected))
          problems.push(
            `${where}: expected ${expected.map(ticketName).join(' ')}, got ${listed.ids.map(ticketName).join(' ')}`,
          );
      }
    }
    const countFilter = {
      organizationId: b.world.organizations[at % b.world.organizations.length]?.id ?? '',
    };
    const counts = await client.get(
      `/api/portal/tickets/counts?organizationId=${countFilter.organizationId}`,
    );
    const expectedCounts = m.mayUseModule(c.id, 'tickets') ? 200 : 404;
    if (counts.statusCode !== expectedCounts)
      problems.push(`counts ${contactName(c)}: expected ${expectedCounts}, got ${counts.statusCode}`);
    else if (counts.statusCode === 200) {
      const expected = JSON.stringify(m.ticketCounts(c.id, countFilter, 1000));
      const got = JSON.stringify(counts.json().items);
      if (got !== expected) problems.push(`counts ${contactName(c)}: expected ${expected}, got ${got}`);
    }

    // Full-text search for the world's word in every view: the view's tickets holding it in their
    // subject, description or a public comment; never one holding it only in an internal note.
    for (const view of VIEWS) {
      const expected = m.searchTicketIds(c.id, view, word);
      const expectedStatus = !m.mayUseModule(c.id, 'tickets') ? 404 : expected ? 200 : 422;
      const found = await listAll(client, view, 'all', word);
      const where = `search ${contactName(c)} view=${view}`;
      if (found.status !== expectedStatus) {
        problems.push(`${where}: expected ${expectedStatus}, got ${found.status}`);
        continue;
      }
      if (!expected) continue;
      if (new Set(found.ids).size !== found.ids.length) problems.push(`${where}: an id is found twice`);
      for (const id of found.ids)
        if (!expected.has(id))
          problems.push(`${where}: finds ${ticketName(id)} it must not (${m.explain(c.id, id)})`);
      for (const id of expected)
        if (!found.ids.includes(id))
          problems.push(`${where}: misses ${ticketName(id)} (${m.explain(c.id, id)})`);
      for (const item of found.items) {
        const snippet = item.snippet as { source: string; parts: { text: string }[] };
        if (snippet.source === 'note' || snippet.parts.some((p) => p.text.includes(NOTE_MARK)))
          problems.push(
            `${where}: snippet of ${ticketName(item.id as string)} from an internal note: ${JSON.stringify(snippet)}`,
          );
      }
    }

    for (const tk of b.world.tickets) {
      const res = await client.get(`/api/portal/tickets/${tk.id}`);
      const expected = m.readStatus(c.id, tk.id);
      const where = `read ${contactName(c)} × ${ticketName(tk.id)}`;
      if (res.statusCode !== expected) {
        problems.push(`${where}: expected ${expected}, got ${res.statusCode} (${m.explain(c.id, tk.id)})`);
        continue;
      }
      if (expected !== 200) continue;
      const detail = res.json();
      const abilities = m.abilities(c.id, tk.id);
      if (JSON.stringify(detail.abilities) !== JSON.stringify(abilities))
        problems.push(
          `${where}: abilities expected ${JSON.stringify(abilities)}, got ${JSON.stringify(detail.abilities)} (${m.explain(c.id, tk.id)})`,
        );
      if ('priority' in detail !== priorityShown)
        problems.push(`${where}: priority ${priorityShown ? 'missing' : 'shown'}`);
      const assetShown = m.has(c.id, 'tickets.asset.view');
      if ('asset' in detail !== assetShown)
        problems.push(`${where}: asset ${assetShown ? 'missing' : 'shown'}`);
    }
  }

  // Writes last: a reply may change a ticket (activity, perhaps status) that later reads depend on.
  for (const c of contacts) {
    const client = clients.get(c.id);
    if (!client) continue;
    for (const tk of b.world.tickets) {
      const expected = m.replyStatus(c.id, tk.id);
      const res = await client.post(`/api/portal/tickets/${tk.id}/comments`, { body: `from ${c.name}` });
      if (res.statusCode !== expected)
        problems.push(
          `reply ${contactName(c)} × ${ticketName(tk.id)}: expected ${expected}, got ${res.statusCode} (${m.explain(c.id, tk.id)})`,
        );
    }
  }

  // Removing a participant (§6a): the answer the model gives, and the very next read of the
  // removed contact answers as the model now says (the access is gone at once, unless another
  // path keeps it).
  for (const r of removals) {
    const participants = b.world.participants ?? [];
    const p = participants[r.participant % Math.max(1, participants.length)];
    if (!p) continue;
    const adderId = addedBy.get(`${p.ticketId} ${p.contactId}`) ?? null;
    const removerId =
      r.remover === 'requester'
        ? m.ticket(p.ticketId).requesterId
        : r.remover === 'adder'
          ? adderId
          : contacts[r.remover]!.id;
    const client = removerId === null ? undefined : clients.get(removerId);
    if (!client || removerId === null) continue;
    const remover = m.contact(removerId);
    const who = m.contact(p.contactId);
    const where = `remove ${contactName(remover)} removes ${who.name} from ${ticketName(p.ticketId)}`;
    const expected = m.removeParticipantStatus(remover.id, p.ticketId, p.contactId, adderId);
    const res = await client.delete(`/api/portal/tickets/${p.ticketId}/participants/${p.contactId}`);
    countAnswer(`remove ${res.statusCode}`);
    if (res.statusCode !== expected)
      problems.push(
        `${where}: expected ${expected}, got ${res.statusCode} (${m.explain(remover.id, p.ticketId)})`,
      );
    if (res.statusCode !== 204) continue;
    b.removedParticipant(p.ticketId, p.contactId);
    const removed = clients.get(p.contactId);
    if (!removed) continue;
    const read = await removed.get(`/api/portal/tickets/${p.ticketId}`);
    const after = m.readStatus(p.contactId, p.ticketId);
    if (read.statusCode !== after)
      problems.push(
        `${where}, then reads it: expected ${after}, got ${read.statusCode} (${m.explain(p.contactId, p.ticketId)})`,
      );
  }
  return problems;
}

/** Disagreements grouped by kind (action and expected → actual), a few examples of each. */
function summarize(problems: string[]): string {
  const kinds = new Map<string, string[]>();
  for (const p of problems) {
    const kind = `${p.split(' ')[0]} ${/expected .*?, got \S+/.exec(p)?.[0] ?? ''}`;
    kinds.set(kind, [...(kinds.get(kind) ?? []), p]);
  }
  const lines = [...kinds].flatMap(([kind, list]) => [
    `${kind} (${list.length}×)`,
    ...list.slice(0, 3).map((p) => `    ${p}`),
  ]);
  return `${problems.length} disagreement(s) with the model:\n  ${lines.join('\n  ')}`;
}

describe(`permission engine = reference model on random worlds (${testEngine})`, () => {
  let t: TestApp;
  let staff: TestClient;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '1000000' });
    staff = (await WorldBuilder.start(t)).staff;
  });
  afterAll(async () => {
    if (directWrites.size)
      console.info('permission-properties: rows written directly:', Object.fromEntries(directWrites));
    await t?.close();
  });

  it(
    'every list, read, ability and reply of every contact matches the model',
    { timeout: 600_000 },
    async () => {
      const started = Date.now();
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(worldArb, async (spec) => {
          runs++;
          const built = await build(t, staff, spec);
          const problems = await compare(built);
          if (problems.length) throw new Error(summarize(problems));
        }),
        {
          numRuns: NUM_RUNS,
          ...(process.env.PORTICO_PROPS_SEED ? { seed: Number(process.env.PORTICO_PROPS_SEED) } : {}),
          ...(process.env.PORTICO_PROPS_PATH ? { path: process.env.PORTICO_PROPS_PATH } : {}),
          // A time box for the whole property (runs and shrinking, which rebuilds a world per
          // step): a failure found before it is still reported, with the smallest world so far.
          interruptAfterTimeLimit: Number(process.env.PORTICO_PROPS_TIME_LIMIT_MS ?? 120_000),
        },
      );
      console.info('permission-properties: participant answers', Object.fromEntries(participantAnswers));
      console.info(
        `permission-properties: ${runs} worlds in ${Math.round((Date.now() - started) / 1000)} s (${testEngine})`,
      );
      expect(runs).toBeGreaterThanOrEqual(Math.min(3, NUM_RUNS));
    },
  );
});
