import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ScopeLevel } from '../../db/schema.ts';
import type { ContactActor, LoadedContact } from '../actor.ts';
import { day, type AccessPath } from '../explanation.ts';
import {
  liveGrantSql,
  memberOfGrantedGroup,
  membersOfGrantedGroups,
  type GrantFact,
  type GrantReach,
} from '../grants.ts';
import { contactGroupPairs, groupMemberPairs } from '../membership.ts';

/**
 * The ways a contact reaches a ticket (permission-model §6), each with every form of its rule
 * side by side:
 *   condition   per request, SQL over a tickets row (alias `t`), ANDed into every portal read
 *               and write (tickets/condition.ts composes visibleTickets, writableTickets);
 *   view, list  the portal's ticket views and the keyset paths a list runs (tickets/condition.ts);
 *   pairs, among, reach
 *               the bulk forms over many contacts or tickets at once, for preview and the access
 *               review (tickets/bulk.ts);
 *   explain     the paths explain names (tickets/explain.ts).
 *
 * Adding a path (e.g. ticket participants) is one entry in TICKET_PATHS below: TicketPathSpec
 * makes every form required, so none can be forgotten silently, and the property tests hold each
 * derived form against the others: test/api/access-preview.test.ts (pairs and among =
 * visibleTickets per contact), test/api/access-review.test.ts (reach = "sees one of the
 * tickets"), test/api/access-explain.test.ts (explain's verdict = the portal's answer, never
 * "unexplained"), test/model/permission-properties.test.ts (condition and views = the reference
 * model), test/model/authz-forms.test.ts (each view per row = in bulk = its list paths). A path
 * that needs new facts for explain adds them to ticketFacts (tickets/explain.ts).
 */

export const FALSE = sql<SqlBool>`false`;
const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);
export const own = (actor: ContactActor, t: string) =>
  sql<SqlBool>`${col(t, 'requester_id')} = ${actor.id}::uuid`;
export const notPrivate = (t: string) => sql<SqlBool>`not ${col(t, 'private')}`;

export type TicketView = 'mine' | 'organization' | 'groups' | 'all';

/**
 * How a condition will be evaluated: `row`, on a few tickets (a single read, a write, a list
 * walking the activity index, a check); `bulk`, over many tickets at once (a count over the whole
 * table). The answer is the same; the grant test differs in shape: per ticket, a probe from the
 * requester's few groups; in bulk, the granted groups' members as a set PostgreSQL hashes once.
 */
export type Evaluation = 'row' | 'bulk';

/**
 * One way a list reaches tickets (see ticketListPaths). `where`: a condition one index serves
 * directly (own tickets, one organization). `keyed`: the ticket's `column` is one of `keys` (the
 * organizations of a tree, the members of granted groups: a set that may hold five ids or fifty
 * thousand, as rows `key` that may repeat); `member` is the same test for one row, and
 * `condition` holds on top.
 */
export type TicketListPath =
  | { kind: 'where'; condition: Expression<SqlBool> }
  | {
      kind: 'keyed';
      column: 'requester_id' | 'organization_id';
      keys: RawBuilder<{ key: string }>;
      /** The table the keys come from, whose size tells "few" keys from "many". */
      keyTable: 'contacts' | 'organizations';
      /** Names the key set (the tree's root, or the granted groups), for remembering its size. */
      keySet: string;
      member: Expression<SqlBool>;
      condition: Expression<SqlBool>;
    };

/** The facts explain reads about one ticket for one contact (tickets/explain.ts). */
export type TicketFacts = {
  id: string;
  number: number;
  private: boolean;
  status: string;
  requester_id: string;
  requester_name: string;
  requester_organization_id: string;
  organization_id: string;
  organization_name: string;
  visible: boolean;
  writable: boolean;
  scope_depth: number | null;
  /** The contact is a participant of the ticket (§6a); who added it, when. */
  participant: boolean;
  participant_added_by: string | null;
  participant_added_at: Date | string | null;
};
export type ExplainInput = {
  contact: LoadedContact;
  ticket: TicketFacts;
  grants: GrantFact[];
  verb: string;
  label: string;
};

export type TicketPathKind = 'own' | 'scope' | 'grant' | 'participant';

type TicketPathSpec = {
  kind: TicketPathKind;
  /** Reaches private tickets too (only the requester reaches its private tickets). */
  reachesPrivate: boolean;
  /** The tickets the path reaches at one of the levels (read: seeing; write: writing). */
  condition: (
    actor: ContactActor,
    t: string,
    levels: readonly ScopeLevel[],
    evaluation: Evaluation,
  ) => Expression<SqlBool>;
  /** The path's ticket view, if it has one; several paths may share a view (its condition is their union). */
  view?: {
    name: Exclude<TicketView, 'all'>;
    available: (actor: ContactActor) => boolean;
    condition: (actor: ContactActor, t: string, evaluation: Evaluation) => Expression<SqlBool>;
  };
  /** Its keyset list paths, in its own view or (inAll) in view `all`. */
  list: (actor: ContactActor, t: string, inAll: boolean) => TicketListPath[];
  /** (contact_id, ticket_id, level) over vt_c (gated contacts), vt_g (their live grants), tickets; level 'write' where the path lets the contact write. */
  pairs: RawBuilder<unknown>;
  /** The same over vt_c, vt_g and vt_t (the tickets of some requesters), driven from vt_t. */
  among: RawBuilder<unknown>;
  /** (contact_id, kind, level, organization_id, user_group_id) reaching vt_t (vt_orgs, vt_req: its public part). */
  reach: RawBuilder<unknown>;
  explain: (input: ExplainInput) => AccessPath[];
};

/** The organizations of the contact's ticket scope; none for scope `own`. */
function scopeOrganizations(actor: ContactActor, t: string): Expression<SqlBool> {
  switch (actor.ticketScope) {
    case 'own':
      return FALSE;
    case 'organization':
      return sql<SqlBool>`${col(t, 'organization_id')} = ${actor.organizationId}::uuid`;
    case 'organization_tree':
      return sql<SqlBool>`${col(t, 'organization_id')} in (
        select oc.descendant_id from organization_closure oc where oc.ancestor_id = ${actor.organizationId}::uuid)`;
  }
}

/** What the contact's grants at these levels reach: the strongest of them. */
export function grantReach(actor: ContactActor, levels: readonly ScopeLevel[]): GrantReach {
  const reaches = levels.map((level) => actor.grants[level]);
  return reaches.includes('everyone') ? 'everyone' : reaches.includes('groups') ? 'groups' : 'none';
}

const SEE = ['read', 'write'] as const;

/** Tickets whose requester is a member of a group the contact holds an unexpired grant on, at one of the levels. */
function throughGrants(
  actor: ContactActor,
  t: string,
  levels: readonly ScopeLevel[],
  evaluation: Evaluation = 'row',
): Expression<SqlBool> {
  switch (grantReach(actor, levels)) {
    case 'none':
      return FALSE;
    case 'everyone':
      // Every contact is a member of an always-group: such a grant reaches every requester.
      return sql<SqlBool>`true`;
    case 'groups': {
      const requester = sql.ref<string>(`${t}.requester_id`);
      return evaluation === 'row'
        ? memberOfGrantedGroup(requester, actor.id, levels)
        : sql<SqlBool>`${requester} in (select m.contact_id from ${membersOfGrantedGroups(actor.id, levels)} m)`;
    }
  }
}

const OWN: TicketPathSpec = {
  kind: 'own',
  reachesPrivate: true,
  condition: (actor, t) => own(actor, t),
  view: { name: 'mine', available: () => true, condition: (actor, t) => own(actor, t) },
  list: (actor, t) => [{ kind: 'where', condition: own(actor, t) }],
  pairs: sql`select vt_c.contact_id, vt_t.id as ticket_id, 'write'::text as level
      from vt_c join tickets vt_t on vt_t.requester_id = vt_c.contact_id`,
  among: sql`select vt_c.contact_id, vt_t.id as ticket_id, 'write'::text as level
      from vt_c join vt_t on vt_t.requester_id = vt_c.contact_id`,
  reach: sql`select distinct requester_id as contact_id, 'own' as kind, 'write' as level,
        null::uuid as organization_id, null::uuid as user_group_id
      from vt_t`,
  explain: ({ contact, ticket, verb, label }) =>
    ticket.requester_id === contact.actor.id
      ? [{ kind: 'own', level: 'write', text: `${verb} ${label}: it is the requester`, data: {} }]
      : [],
};

const SCOPE: TicketPathSpec = {
  kind: 'scope',
  reachesPrivate: false,
  condition: (actor, t, levels) => (levels.includes(actor.scopeLevel) ? scopeOrganizations(actor, t) : FALSE),
  view: {
    name: 'organization',
    available: (actor) => actor.ticketScope !== 'own',
    condition: (actor, t) =>
      sql<SqlBool>`(${scopeOrganizations(actor, t)} and (${own(actor, t)} or ${notPrivate(t)}))`,
  },
  list: (actor, t, inAll) => {
    const condition = inAll ? notPrivate(t) : sql<SqlBool>`(${own(actor, t)} or ${notPrivate(t)})`;
    if (actor.ticketScope === 'own') return [];
    if (actor.ticketScope === 'organization')
      return [{ kind: 'where', condition: sql<SqlBool>`(${scopeOrganizations(actor, t)} and ${condition})` }];
    return [
      {
        kind: 'keyed',
        column: 'organization_id',
        keys: sql<{ key: string }>`(select oc.descendant_id as key from organization_closure oc
        where oc.ancestor_id = ${actor.organizationId}::uuid)`,
        keyTable: 'organizations',
        keySet: `tree:${actor.organizationId}`,
        member: scopeOrganizations(actor, t),
        condition,
      },
    ];
  },
  pairs: sql`select vt_c.contact_id, vt_t.id as ticket_id, vt_c.scope_level::text as level
      from vt_c join organization_closure vt_sc on vt_sc.ancestor_id = vt_c.organization_id
      join tickets vt_t on vt_t.organization_id = vt_sc.descendant_id
      where not vt_t.private
        and (vt_c.ticket_scope = 'organization_tree' or (vt_c.ticket_scope = 'organization' and vt_sc.depth = 0))`,
  among: sql`select vt_c.contact_id, vt_t.id as ticket_id, vt_c.scope_level::text as level
      from vt_t join organization_closure vt_sc on vt_sc.descendant_id = vt_t.organization_id
      join vt_c on vt_c.organization_id = vt_sc.ancestor_id
      where not vt_t.private
        and (vt_c.ticket_scope = 'organization_tree' or (vt_c.ticket_scope = 'organization' and vt_sc.depth = 0))`,
  reach: sql`select vt_ct.id as contact_id, 'scope' as kind, vt_pg.scope_level as level,
        vt_ct.organization_id, null::uuid as user_group_id
      from contacts vt_ct join privilege_groups vt_pg on vt_pg.id = vt_ct.privilege_group_id
      where vt_pg.ticket_scope = 'organization' and vt_ct.organization_id in (select organization_id from vt_orgs)
      union all
      select vt_ct.id, 'scope', vt_pg.scope_level, vt_ct.organization_id, null::uuid
      from contacts vt_ct join privilege_groups vt_pg on vt_pg.id = vt_ct.privilege_group_id
      where vt_pg.ticket_scope = 'organization_tree' and vt_ct.organization_id in (
        select vt_sc.ancestor_id from organization_closure vt_sc
        where vt_sc.descendant_id in (select organization_id from vt_orgs))`,
  explain: ({ contact, ticket: t, verb, label }) => {
    const { actor } = contact;
    const inScope =
      actor.ticketScope === 'organization'
        ? t.organization_id === actor.organizationId
        : actor.ticketScope === 'organization_tree' && t.scope_depth !== null;
    if (t.private || !inScope) return [];
    const where =
      t.organization_id === actor.organizationId
        ? `its organization '${t.organization_name}' is the ticket's organization`
        : `the ticket's organization '${t.organization_name}' is under its organization '${contact.organizationName}'`;
    return [
      {
        kind: 'scope',
        level: actor.scopeLevel,
        text: `${verb} ${label}: ${where} (ticket scope ${actor.ticketScope}, level ${actor.scopeLevel})`,
        data: {
          ticketScope: actor.ticketScope,
          scopeLevel: actor.scopeLevel,
          organization: { id: t.organization_id, name: t.organization_name },
          contactOrganization: { id: actor.organizationId, name: contact.organizationName },
          depth: t.scope_depth,
        },
      },
    ];
  },
};

function memberText(g: GrantFact): string {
  const parts = g.reasons.map((reason) => {
    if (reason === 'explicit') return 'as an explicit member';
    if (reason === 'rule') return "by the group's rule";
    if (reason === 'always') return 'because it is an always-group (every contact is a member)';
    return g.throughOrganizations
      .map(
        (o) =>
          `through organization '${o.name}'${o.includeSubOrganizations ? ' (including sub-organizations)' : ''}`,
      )
      .join(' and ');
  });
  return parts.join(' and ');
}

const GRANT: TicketPathSpec = {
  kind: 'grant',
  reachesPrivate: false,
  condition: (actor, t, levels, evaluation) => throughGrants(actor, t, levels, evaluation),
  view: {
    name: 'groups',
    available: (actor) => grantReach(actor, SEE) !== 'none',
    condition: (actor, t, evaluation) =>
      sql<SqlBool>`(${notPrivate(t)} and ${throughGrants(actor, t, SEE, evaluation)})`,
  },
  list: (actor, t) => {
    const reached = grantReach(actor, SEE);
    if (reached === 'none') return [];
    if (reached === 'everyone') return [{ kind: 'where', condition: notPrivate(t) }];
    return [
      {
        kind: 'keyed',
        column: 'requester_id',
        keys: sql<{
          key: string;
        }>`(select m.contact_id as key from ${membersOfGrantedGroups(actor.id, SEE)} m)`,
        keyTable: 'contacts',
        keySet: `grants:${actor.id}`,
        member: throughGrants(actor, t, SEE),
        condition: notPrivate(t),
      },
    ];
  },
  pairs: sql`select vt_g.contact_id, vt_t.id as ticket_id, vt_g.level::text as level
      from vt_g join ${groupMemberPairs(sql`select user_group_id from vt_g where not always`)} vt_m
        on vt_m.user_group_id = vt_g.user_group_id
      join tickets vt_t on vt_t.requester_id = vt_m.contact_id
      where not vt_g.always and not vt_t.private
    union all
    select vt_g.contact_id, vt_t.id, vt_g.level::text
      from vt_g join tickets vt_t on not vt_t.private
      where vt_g.always`,
  among: sql`select vt_g.contact_id, vt_t.id as ticket_id, vt_g.level::text as level
      from vt_t join ${contactGroupPairs(sql`select distinct requester_id from vt_t where not private`)} vt_m
        on vt_m.contact_id = vt_t.requester_id
      join vt_g on vt_g.user_group_id = vt_m.user_group_id
      where not vt_g.always and not vt_t.private
    union all
    select vt_g.contact_id, vt_t.id, vt_g.level::text
      from vt_g join vt_t on not vt_t.private
      where vt_g.always`,
  reach: sql`select vt_ag.contact_id, 'grant' as kind, vt_ag.level, null::uuid as organization_id, vt_ag.user_group_id
      from access_grants vt_ag
      where ${liveGrantSql('vt_ag')} and vt_ag.user_group_id in (
        select user_group_id from ${contactGroupPairs(sql`select requester_id from vt_req`)} vt_m)
      union all
      select vt_ag.contact_id, 'grant', vt_ag.level, null::uuid, vt_ag.user_group_id
      from access_grants vt_ag join user_groups vt_ug on vt_ug.id = vt_ag.user_group_id
      where vt_ug.always and ${liveGrantSql('vt_ag')} and exists (select 1 from vt_req)`,
  explain: ({ ticket: t, grants, verb, label }) =>
    grants
      .filter((g) => !t.private && g.live && g.reasons.length > 0)
      .map((g) => {
        const expires = g.expiresAt ? ` (expires ${day(g.expiresAt)})` : '';
        return {
          kind: 'grant',
          level: g.level,
          text: `${verb} ${label}: holds a ${g.level} grant on user group '${g.groupName}'${expires}; the requester ${t.requester_name} is a member ${memberText(g)}`,
          data: {
            grantId: g.grantId,
            userGroup: { id: g.groupId, name: g.groupName, always: g.always },
            expiresAt: g.expiresAt,
            requester: { id: t.requester_id, name: t.requester_name },
            membership: { reasons: g.reasons, organizations: g.throughOrganizations },
          },
        };
      }),
};

/** Tickets the contact takes part in (§6a): one index range of ticket_participants. */
const participates = (actor: ContactActor, t: string) =>
  sql<SqlBool>`${col(t, 'id')} = any(array(select tk_p.ticket_id from ticket_participants tk_p where tk_p.contact_id = ${actor.id}::uuid))`;

/**
 * §6a: a participant sees and writes the one ticket, private or not (the requester chose them);
 * its own privileges decide the actions, and the gates before any path (enabled, tickets.view,
 * the tickets module) still hold. Its tickets are listed in view `mine` beside its own.
 */
const PARTICIPANT: TicketPathSpec = {
  kind: 'participant',
  reachesPrivate: true,
  condition: (actor, t) => participates(actor, t),
  view: { name: 'mine', available: () => true, condition: (actor, t) => participates(actor, t) },
  list: (actor, t) => [{ kind: 'where', condition: participates(actor, t) }],
  pairs: sql`select vt_c.contact_id, vt_tp.ticket_id, 'write'::text as level
      from vt_c join ticket_participants vt_tp on vt_tp.contact_id = vt_c.contact_id`,
  among: sql`select vt_c.contact_id, vt_t.id as ticket_id, 'write'::text as level
      from vt_t join ticket_participants vt_tp on vt_tp.ticket_id = vt_t.id
      join vt_c on vt_c.contact_id = vt_tp.contact_id`,
  reach: sql`select distinct vt_tp.contact_id, 'participant' as kind, 'write' as level,
        null::uuid as organization_id, null::uuid as user_group_id
      from ticket_participants vt_tp where vt_tp.ticket_id in (select id from vt_t)`,
  explain: ({ ticket, verb, label }) =>
    ticket.participant
      ? [
          {
            kind: 'participant',
            level: 'write',
            text: `${verb} ${label} as a participant${ticket.participant_added_by ? `, added by ${ticket.participant_added_by}` : ''}`,
            data: { addedBy: ticket.participant_added_by, addedAt: ticket.participant_added_at },
          },
        ]
      : [],
};

/** Every path, in the order views are listed and explain names them. */
export const TICKET_PATHS: readonly TicketPathSpec[] = [OWN, PARTICIPANT, SCOPE, GRANT];
