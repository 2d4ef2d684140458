// The reference model: docs/permission-model.md (shared/docs) as a tiny in-memory program.
//
// It is written from the model document alone, never from src/authz, so that the property tests
// comparing it with the SQL engine compare two independent readings of the same contract. Keep it
// obviously correct rather than fast: every answer is recomputed from the world on each call
// (no caches), which is also how "immediate effect" (§7) looks in a model.
//
// Where the document is silent, the choice made here is marked "UNSPECIFIED:" so a disagreement
// with the implementation can be told apart from a bug.

export const PRIVILEGES = [
  'portal.login',
  'tickets.view',
  'tickets.create',
  'tickets.reply',
  'tickets.edit_description',
  'tickets.close',
  'tickets.priority.view',
  'tickets.priority.edit',
  'tickets.asset.view',
  'tickets.asset.edit',
  'tickets.participants.manage',
  'tickets.history.view',
  'tickets.emails.view',
  'attachments.view',
  'attachments.upload',
  'assets.view',
  'assets.config_notes.view',
  'contracts.view',
  'charges.view',
  'quotes.view',
  'quotes.accept',
  'invoices.view',
  'payments.view',
  'documents.view',
  'kb.view',
  'kb.files.download',
  'account.change_password',
  'account.api_tokens',
] as const;
export type Privilege = (typeof PRIVILEGES)[number];

/** §5, in the order the portal lists them. */
export const MODULES = [
  'tickets',
  'assets',
  'contracts',
  'charges',
  'quotes',
  'invoices',
  'payments',
  'documents',
  'kb',
] as const;
export type Module = (typeof MODULES)[number];

/** The privilege that lets a contact use a module at all ("whose privileges allow it", §5). */
export const MODULE_PRIVILEGE: Record<Module, Privilege> = {
  tickets: 'tickets.view',
  assets: 'assets.view',
  contracts: 'contracts.view',
  charges: 'charges.view',
  quotes: 'quotes.view',
  invoices: 'invoices.view',
  payments: 'payments.view',
  documents: 'documents.view',
  kb: 'kb.view',
};

export type Scope = 'own' | 'organization' | 'organization_tree';
export type Level = 'read' | 'write';
export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export type View = 'mine' | 'organization' | 'groups' | 'all';
export type StatusFilter = 'open' | 'closed' | 'all';
export const VIEWS: readonly View[] = ['mine', 'organization', 'groups', 'all'];
export const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'closed', 'all'];
/** The portal list's orders (issue 13 §7): by last activity or by number, either way. */
export type TicketSort = 'activity' | 'activity_asc' | 'newest' | 'oldest';
export const TICKET_SORTS: readonly TicketSort[] = ['activity', 'activity_asc', 'newest', 'oldest'];
/** The portal list's narrowing filters; each only ever removes tickets from the view. */
export type ListFilter = { requesterId?: string; organizationId?: string };
/** What the orders compare, as the database holds it (the model does not invent numbers or times). */
export type OrderFacts = ReadonlyMap<string, { number: number; lastActivityAt: number }>;

export const RULE_OPS = [
  'equals',
  'not_equals',
  'contains',
  'starts_with',
  'ends_with',
  'in',
  'is_empty',
  'is_not_empty',
] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export type RuleField = 'email' | 'title' | 'department' | 'organizationId' | `attributes.${string}`;
export type Condition = { field: RuleField; op: RuleOp; value?: string | string[] };
export type Rule = { operator: 'all' | 'any'; conditions: Condition[] };

export type Organization = { id: string; name: string; parentId: string | null };
export type Contact = {
  id: string;
  name: string;
  email: string;
  title: string;
  department: string;
  attributes: Record<string, string>;
  organizationId: string;
  privilegeGroupId: string;
  disabled: boolean;
};
export type PrivilegeGroup = {
  id: string;
  name: string;
  privileges: readonly string[];
  ticketScope: Scope;
  recordScope: Scope;
  scopeLevel: Level;
};
export type UserGroup = {
  id: string;
  name: string;
  always: boolean;
  rule: Rule | null;
  memberContactIds: string[];
  memberOrganizations: { organizationId: string; includeSubOrganizations: boolean }[];
};
export type Grant = {
  id: string;
  contactId: string;
  userGroupId: string;
  level: Level;
  expiresAt: Date | null;
};
export type Ticket = {
  id: string;
  requesterId: string;
  organizationId: string;
  private: boolean;
  status: TicketStatus;
  /** Search (issue 13 §4): subject, description and public comments; what contacts may search. */
  publicText?: string[];
  /** Internal notes: staff only, never matched for a contact. */
  internalText?: string[];
  /** §6b: the staff team and assignee; missing means none. */
  teamId?: string | null;
  assigneeId?: string | null;
  /** Who spoke last in the conversation; missing means no one yet. */
  lastSpoke?: 'customer' | 'staff' | null;
};

/** The words of a text as search compares them: lower case, split at anything but letters and digits. */
const wordsOf = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u);

/** §6a: a contact taking part in a ticket beside its requester. */
export type Participant = { ticketId: string; contactId: string };

/** §6b: a staff user and a staff team. */
export type StaffUser = { id: string; role: 'admin' | 'agent' };
export type Team = { id: string; seesAllTickets: boolean; memberIds: string[] };
export type StaffQueue = 'mine' | 'unassigned' | 'my_teams' | 'waiting_on_us' | 'waiting_on_customer' | 'all';
export const STAFF_QUEUES: readonly StaffQueue[] = [
  'mine',
  'unassigned',
  'my_teams',
  'waiting_on_us',
  'waiting_on_customer',
  'all',
];

/** Everything the decision depends on. Mutate it freely: the model reads it afresh on every call. */
export type World = {
  organizations: Organization[];
  contacts: Contact[];
  privilegeGroups: PrivilegeGroup[];
  userGroups: UserGroup[];
  grants: Grant[];
  /** Module → allowed user groups; a missing or empty list means "open" (§5). */
  moduleAllowedGroups: Partial<Record<Module, string[]>>;
  tickets: Ticket[];
  /** §6a: who takes part in which ticket; missing means nobody. */
  participants?: Participant[];
  /** §9: a contact's mail preference by contact id; missing means DEFAULT_NOTIFICATION. */
  notificationPreferences?: Record<string, NotificationPreference>;
  /** §6b: staff users and teams; missing means none. */
  staff?: StaffUser[];
  teams?: Team[];
};

/** §9: none / my and participating tickets / everything I may see; at once or a daily digest. */
export type NotificationPreference = {
  scope: 'none' | 'mine' | 'visible';
  delivery: 'immediate' | 'daily';
};
/** UNSPECIFIED in §9; issue 12 says "my tickets, at once". */
export const DEFAULT_NOTIFICATION: NotificationPreference = { scope: 'mine', delivery: 'immediate' };
export type MailEventKind =
  'created' | 'public_reply' | 'status_changed' | 'priority_changed' | 'participant_added';
export type MailEvent = { ticketId: string; kind: MailEventKind; actorContactId: string | null };
/** One contact a ticket event is mailed to at once, and whether its message shows the priority. */
export type MailRecipient = { contactId: string; priority: boolean };

export const emptyWorld = (): World => ({
  organizations: [],
  contacts: [],
  privilegeGroups: [],
  userGroups: [],
  grants: [],
  moduleAllowedGroups: {},
  tickets: [],
  participants: [],
});

export type Abilities = {
  reply: boolean;
  editDescription: boolean;
  close: boolean;
  reopen: boolean;
  changePriority: boolean;
  setAsset: boolean;
  upload: boolean;
  setPrivate: boolean;
};
export const NO_ABILITIES: Abilities = {
  reply: false,
  editDescription: false,
  close: false,
  reopen: false,
  changePriority: false,
  setAsset: false,
  upload: false,
  setPrivate: false,
};

/** How a contact reaches a ticket (§6, §6a). */
export type Paths = { own: boolean; participant: boolean; scope: boolean; grantLevels: Level[] };

function find<T extends { id: string }>(list: T[], id: string, what: string): T {
  const found = list.find((x) => x.id === id);
  if (!found) throw new Error(`model: no ${what} ${id}`);
  return found;
}

export class ReferenceModel {
  constructor(
    readonly world: World,
    /** The clock grants expire by. */
    readonly now: () => Date = () => new Date(),
  ) {}

  contact = (id: string) => find(this.world.contacts, id, 'contact');
  ticket = (id: string) => find(this.world.tickets, id, 'ticket');
  group = (id: string) => find(this.world.userGroups, id, 'user group');
  privilegeGroupOf = (contactId: string) =>
    find(this.world.privilegeGroups, this.contact(contactId).privilegeGroupId, 'privilege group');

  has(contactId: string, privilege: Privilege): boolean {
    return this.privilegeGroupOf(contactId).privileges.includes(privilege);
  }

  // ---- organizations (§1) ----

  /** True when `orgId` is `ancestorId` or lies below it. */
  isSelfOrDescendant(orgId: string, ancestorId: string): boolean {
    const seen = new Set<string>();
    let current: string | null = orgId;
    while (current !== null && !seen.has(current)) {
      if (current === ancestorId) return true;
      seen.add(current);
      current = find(this.world.organizations, current, 'organization').parentId;
    }
    return false;
  }

  // ---- user groups (§3) ----

  fieldValue(contact: Contact, field: string): string {
    if (field.startsWith('attributes.')) return contact.attributes[field.slice('attributes.'.length)] ?? '';
    switch (field) {
      case 'email':
        return contact.email;
      case 'title':
        return contact.title;
      case 'department':
        return contact.department;
      case 'organizationId':
        return contact.organizationId;
      default:
        return ''; // a missing field is the empty string
    }
  }

  conditionHolds(contact: Contact, condition: Condition): boolean {
    const field = this.fieldValue(contact, condition.field).toLowerCase();
    const values = (Array.isArray(condition.value) ? condition.value : [condition.value ?? '']).map((v) =>
      v.toLowerCase(),
    );
    const value = values[0] ?? '';
    switch (condition.op) {
      case 'equals':
        return field === value;
      case 'not_equals':
        return field !== value;
      case 'contains':
        return field.includes(value);
      case 'starts_with':
        return field.startsWith(value);
      case 'ends_with':
        return field.endsWith(value);
      case 'in':
        return values.includes(field);
      case 'is_empty':
        return field === '';
      case 'is_not_empty':
        return field !== '';
    }
  }

  ruleMatches(contact: Contact, rule: Rule): boolean {
    // UNSPECIFIED: a rule without conditions. Taken as matching nobody (generators never make one).
    if (rule.conditions.length === 0) return false;
    return rule.operator === 'all'
      ? rule.conditions.every((c) => this.conditionHolds(contact, c))
      : rule.conditions.some((c) => this.conditionHolds(contact, c));
  }

  /** Why C is a member of G (§3): every reason that holds, in the document's order. */
  membershipReasons(contactId: string, groupId: string): ('explicit' | 'organization' | 'rule' | 'always')[] {
    const contact = this.contact(contactId);
    const group = this.group(groupId);
    const byOrganization = group.memberOrganizations.some(
      (m) =>
        m.organizationId === contact.organizationId ||
        (m.includeSubOrganizations && this.isSelfOrDescendant(contact.organizationId, m.organizationId)),
    );
    const reasons: ('explicit' | 'organization' | 'rule' | 'always')[] = [];
    if (group.memberContactIds.includes(contactId)) reasons.push('explicit');
    if (byOrganization) reasons.push('organization');
    if (group.rule !== null && this.ruleMatches(contact, group.rule)) reasons.push('rule');
    if (group.always) reasons.push('always');
    return reasons;
  }

  isMember(contactId: string, groupId: string): boolean {
    return this.membershipReasons(contactId, groupId).length > 0;
  }

  // ---- access grants (§4) ----

  activeGrants(contactId: string): Grant[] {
    const now = this.now().getTime();
    return this.world.grants.filter(
      (g) => g.contactId === contactId && (g.expiresAt === null || g.expiresAt.getTime() > now),
    );
  }

  // ---- signing in and modules (§1, §5) ----

  canSignIn(contactId: string): boolean {
    return !this.contact(contactId).disabled && this.has(contactId, 'portal.login');
  }

  /**
   * Issue 15 §4: a personal API token authenticates as its contact while the contact may sign in
   * and its group holds account.api_tokens; it then reads what the contact reads.
   */
  mayUseApiToken(contactId: string): boolean {
    return this.canSignIn(contactId) && this.has(contactId, 'account.api_tokens');
  }

  mayUseModule(contactId: string, module: Module): boolean {
    if (this.contact(contactId).disabled) return false;
    if (!this.has(contactId, MODULE_PRIVILEGE[module])) return false;
    const allowed = this.world.moduleAllowedGroups[module] ?? [];
    return allowed.length === 0 || allowed.some((g) => this.isMember(contactId, g));
  }

  modules(contactId: string): Module[] {
    return MODULES.filter((m) => this.mayUseModule(contactId, m));
  }

  /**
   * The ticket views the portal offers.
   * UNSPECIFIED (the model page names no views; the product page lists "my" views plus organization
   * and group views "when the contact has them"): 'mine' and 'all' whenever tickets can be used,
   * 'organization' when the ticket scope reaches beyond its own tickets, 'groups' with at least one
   * unexpired grant. No views at all without the tickets module.
   */
  views(contactId: string): View[] {
    if (!this.mayUseModule(contactId, 'tickets')) return [];
    const pg = this.privilegeGroupOf(contactId);
    const views: View[] = ['mine'];
    if (pg.ticketScope !== 'own') views.push('organization');
    if (this.activeGrants(contactId).length > 0) views.push('groups');
    views.push('all');
    return views;
  }

  // ---- tickets (§6) ----

  inTicketScope(contactId: string, organizationId: string): boolean {
    const contact = this.contact(contactId);
    switch (this.privilegeGroupOf(contactId).ticketScope) {
      case 'own':
        return false;
      case 'organization':
        return organizationId === contact.organizationId;
      case 'organization_tree':
        return this.isSelfOrDescendant(organizationId, contact.organizationId);
    }
  }

  /** §6a: C is listed as a participant of T. */
  isParticipant(contactId: string, ticketId: string): boolean {
    return (this.world.participants ?? []).some((p) => p.contactId === contactId && p.ticketId === ticketId);
  }

  /** Every path by which C reaches T, before the preconditions (enabled, privilege, module). */
  paths(contactId: string, ticketId: string): Paths {
    const t = this.ticket(ticketId);
    const own = t.requesterId === contactId;
    // §6a: a participant reaches the ticket "private or not".
    const participant = this.isParticipant(contactId, ticketId);
    if (t.private) return { own, participant, scope: false, grantLevels: [] };
    return {
      own,
      participant,
      scope: this.inTicketScope(contactId, t.organizationId),
      grantLevels: this.activeGrants(contactId)
        .filter((g) => this.isMember(t.requesterId, g.userGroupId))
        .map((g) => g.level),
    };
  }

  maySee(contactId: string, ticketId: string): boolean {
    if (!this.mayUseModule(contactId, 'tickets')) return false; // covers disabled and tickets.view
    const p = this.paths(contactId, ticketId);
    return p.own || p.participant || p.scope || p.grantLevels.length > 0;
  }

  mayWrite(contactId: string, ticketId: string): boolean {
    if (!this.maySee(contactId, ticketId)) return false;
    const p = this.paths(contactId, ticketId);
    const scopeWrites = p.scope && this.privilegeGroupOf(contactId).scopeLevel === 'write';
    return p.own || p.participant || scopeWrites || p.grantLevels.includes('write');
  }

  // ---- mail (§9) ----

  notificationPreference(contactId: string): NotificationPreference {
    return this.world.notificationPreferences?.[contactId] ?? DEFAULT_NOTIFICATION;
  }

  /**
   * Who is mailed at once about an event, decided now: every contact that may see the ticket now
   * and asked for it (the requester unless its preference is none; anyone whose preference is
   * "everything I may see"), never the actor. Its message shows the priority only with
   * tickets.priority.view.
   * UNSPECIFIED: a daily-digest contact gets no message at once (the digest covers it); a
   * priority change goes only to those who may see priorities (the message would say nothing);
   * "the same SQL scope as the portal" includes the portal's door, so a contact that cannot sign
   * in (no portal.login) gets no mail either: its link would lead nowhere.
   */
  mailRecipients(event: MailEvent): MailRecipient[] {
    const ticket = this.ticket(event.ticketId);
    return this.world.contacts
      .filter((c) => {
        const pref = this.notificationPreference(c.id);
        // §9: "the requester, the participants" get it unless they asked for nothing.
        const mine = c.id === ticket.requesterId || this.isParticipant(c.id, ticket.id);
        const asked = (mine && pref.scope !== 'none') || pref.scope === 'visible';
        return (
          c.id !== event.actorContactId &&
          pref.delivery === 'immediate' &&
          asked &&
          this.canSignIn(c.id) &&
          this.maySee(c.id, ticket.id) &&
          (event.kind !== 'priority_changed' || this.has(c.id, 'tickets.priority.view'))
        );
      })
      .map((c) => ({ contactId: c.id, priority: this.has(c.id, 'tickets.priority.view') }));
  }

  /**
   * The tickets a contact's daily digest lists after `events`, decided at send time: those it
   * chose the digest for (its own and those it takes part in unless the preference is none; every ticket it may see for
   * "visible"), changed by someone else, that it may see now and while it may sign in. Ids, sorted.
   */
  digestTickets(contactId: string, events: readonly MailEvent[]): string[] {
    const pref = this.notificationPreference(contactId);
    if (pref.delivery !== 'daily' || pref.scope === 'none' || !this.canSignIn(contactId)) return [];
    const listed = events
      .filter((e) => e.actorContactId !== contactId)
      .map((e) => e.ticketId)
      .filter(
        (id) =>
          this.maySee(contactId, id) &&
          (pref.scope === 'visible' ||
            this.ticket(id).requesterId === contactId ||
            this.isParticipant(contactId, id)),
      );
    return [...new Set(listed)].sort();
  }

  /**
   * The abilities map of a ticket's detail.
   * setAsset also needs the assets module: "(only assets it may see)" (§2), and assets are seen
   * with assets.view where the module may be used (§5, §6).
   * UNSPECIFIED: close only while not closed and reopen only while closed (one privilege,
   * tickets.close, covers both); setPrivate only for the requester itself ("the requester ticked
   * 'only me'"), without a privilege of its own. Reply does not depend on the status.
   */
  abilities(contactId: string, ticketId: string): Abilities {
    if (!this.mayWrite(contactId, ticketId)) return { ...NO_ABILITIES };
    const t = this.ticket(ticketId);
    const can = (p: Privilege) => this.has(contactId, p);
    const closed = t.status === 'closed' || t.status === 'resolved';
    return {
      reply: can('tickets.reply'),
      editDescription: can('tickets.edit_description'),
      close: can('tickets.close') && !closed,
      reopen: can('tickets.close') && closed,
      // Project decision (docs/permissions.md): changing a priority one may not see is refused,
      // so editing needs tickets.priority.view as well.
      changePriority: can('tickets.priority.edit') && can('tickets.priority.view'),
      setAsset: can('tickets.asset.edit') && this.mayUseModule(contactId, 'assets'),
      upload: can('attachments.upload'),
      setPrivate: t.requesterId === contactId,
    };
  }

  inView(contactId: string, ticketId: string, view: View): boolean {
    if (!this.maySee(contactId, ticketId)) return false;
    const p = this.paths(contactId, ticketId);
    switch (view) {
      case 'mine':
        // §6a: "the mine view shows tickets a contact participates in".
        return p.own || p.participant;
      case 'organization':
        // UNSPECIFIED: the organization view is every ticket of an organization in the ticket
        // scope that the scope reaches, and the contact's own private tickets there too. A private
        // ticket of a colleague it takes part in is listed in 'mine' (and 'all'), not here.
        return this.inTicketScope(contactId, this.ticket(ticketId).organizationId) && (p.scope || p.own);
      case 'groups':
        return p.grantLevels.length > 0;
      case 'all':
        return true;
    }
  }

  /**
   * The ids a ticket list shows, or undefined when the view is not offered to the contact.
   * UNSPECIFIED: 'open' means open and pending; 'closed' means resolved and closed.
   */
  visibleTicketIds(contactId: string, view: View, status: StatusFilter): Set<string> | undefined {
    if (!this.views(contactId).includes(view)) return undefined;
    const statusOk = (s: TicketStatus) =>
      status === 'all'
        ? true
        : status === 'closed'
          ? s === 'closed' || s === 'resolved'
          : s === 'open' || s === 'pending';
    return new Set(
      this.world.tickets
        .filter((t) => statusOk(t.status) && this.inView(contactId, t.id, view))
        .map((t) => t.id),
    );
  }

  /**
   * The ids a list with filters shows, in its order (ties on the sort key by id the same way), or
   * undefined when the view is not offered. A filter naming a requester or organization outside
   * the view leaves nothing: the same answer as one without tickets.
   */
  listedTicketIds(
    contactId: string,
    view: View,
    status: StatusFilter,
    filter: ListFilter,
    sort: TicketSort,
    facts: OrderFacts,
  ): string[] | undefined {
    const key = (id: string) => {
      const f = facts.get(id);
      if (!f) throw new Error(`no order facts for ${id}`);
      return sort === 'activity' || sort === 'activity_asc' ? f.lastActivityAt : f.number;
    };
    const sign = sort === 'activity' || sort === 'newest' ? -1 : 1;
    return this.filteredTicketIds(contactId, view, status, filter)?.sort(
      (a, b) => sign * (key(a) - key(b) || (a < b ? -1 : a > b ? 1 : 0)),
    );
  }

  private filteredTicketIds(
    contactId: string,
    view: View,
    status: StatusFilter,
    filter: ListFilter,
  ): string[] | undefined {
    const visible = this.visibleTicketIds(contactId, view, status);
    if (!visible) return undefined;
    return this.world.tickets
      .filter(
        (t) =>
          visible.has(t.id) &&
          (!filter.requesterId || t.requesterId === filter.requesterId) &&
          (!filter.organizationId || t.organizationId === filter.organizationId),
      )
      .map((t) => t.id);
  }

  /**
   * The portal's counts per view (GET /api/portal/tickets/counts): open (open, pending) and
   * closed (resolved, closed) tickets of every view the contact has, counted up to `cap`.
   */
  ticketCounts(
    contactId: string,
    filter: ListFilter,
    cap: number,
  ): { view: View; open: { count: number; more: boolean }; closed: { count: number; more: boolean } }[] {
    const capped = (n: number) => ({ count: Math.min(n, cap), more: n > cap });
    const size = (view: View, status: StatusFilter) =>
      this.filteredTicketIds(contactId, view, status, filter)?.length ?? 0;
    return this.views(contactId).map((view) => ({
      view,
      open: capped(size(view, 'open')),
      closed: capped(size(view, 'closed')),
    }));
  }

  /**
   * What a contact's full-text search for one word (no stemming involved) finds in a view: the
   * view's tickets whose public text holds the word. Internal notes never count.
   */
  searchTicketIds(contactId: string, view: View, word: string): Set<string> | undefined {
    const visible = this.visibleTicketIds(contactId, view, 'all');
    if (!visible) return undefined;
    const wanted = word.toLowerCase();
    return new Set(
      this.world.tickets
        .filter((t) => visible.has(t.id) && (t.publicText ?? []).some((x) => wordsOf(x).includes(wanted)))
        .map((t) => t.id),
    );
  }

  /**
   * What a contact's request to add `contactId` as a participant of T answers (§6a, §7): 404
   * outside what it sees; 403 without a write path and tickets.participants.manage; 422 for a
   * contact that may not be added: disabled, outside the organizations of its ticket scope (at
   * least its own organization), the requester itself, or already a participant.
   * UNSPECIFIED: adding an existing participant again is a 422 (nothing changes), not a no-op.
   */
  addParticipantStatus(actorId: string, ticketId: string, contactId: string): 201 | 403 | 404 | 422 {
    if (!this.canSignIn(actorId) || !this.maySee(actorId, ticketId)) return 404;
    if (!this.mayWrite(actorId, ticketId) || !this.has(actorId, 'tickets.participants.manage')) return 403;
    const target = this.contact(contactId);
    const own = this.contact(actorId).organizationId;
    const reachable = target.organizationId === own || this.inTicketScope(actorId, target.organizationId);
    if (target.disabled || !reachable) return 422;
    if (this.ticket(ticketId).requesterId === contactId || this.isParticipant(contactId, ticketId))
      return 422;
    return 201;
  }

  /**
   * What a contact's request to remove a participant answers (§6a): the requester may always
   * remove any participant of its own ticket; a contact with a write path and
   * tickets.participants.manage those it added. 404 when T is not visible or C is no participant.
   * UNSPECIFIED: a participant may not take itself off (nobody but the requester or its adder).
   */
  removeParticipantStatus(
    actorId: string,
    ticketId: string,
    contactId: string,
    addedBy: string | null,
  ): 204 | 403 | 404 {
    if (!this.canSignIn(actorId) || !this.maySee(actorId, ticketId)) return 404;
    if (!this.isParticipant(contactId, ticketId)) return 404;
    if (this.ticket(ticketId).requesterId === actorId) return 204;
    const manages = this.mayWrite(actorId, ticketId) && this.has(actorId, 'tickets.participants.manage');
    return manages && addedBy === actorId ? 204 : 403;
  }

  /** What the single read of a ticket answers (§7). */
  readStatus(contactId: string, ticketId: string): 200 | 404 {
    return this.maySee(contactId, ticketId) ? 200 : 404;
  }

  /** What adding a public comment answers (§7). */
  replyStatus(contactId: string, ticketId: string): 201 | 403 | 404 {
    if (!this.maySee(contactId, ticketId)) return 404;
    return this.abilities(contactId, ticketId).reply ? 201 : 403;
  }

  /** A readable reason, for failure messages. */
  explain(contactId: string, ticketId: string): string {
    const c = this.contact(contactId);
    const t = this.ticket(ticketId);
    const pg = this.privilegeGroupOf(contactId);
    const p = this.paths(contactId, ticketId);
    const org = (id: string) => this.world.organizations.find((o) => o.id === id)?.name ?? id;
    const requester = this.world.contacts.find((x) => x.id === t.requesterId);
    return [
      `${c.name} of ${org(c.organizationId)} (${pg.name}: ${pg.ticketScope}/${pg.scopeLevel}`,
      `${c.disabled ? ', disabled' : ''}${this.mayUseModule(contactId, 'tickets') ? '' : ', no tickets module'})`,
      ` → ticket of ${requester?.name ?? t.requesterId} in ${org(t.organizationId)}`,
      `${t.private ? ', private' : ''}, ${t.status}: own=${p.own} participant=${p.participant} scope=${p.scope} grants=[${p.grantLevels}]`,
    ].join('');
  }

  // ---- staff teams (§6b) ----

  staffUser = (id: string) => find(this.world.staff ?? [], id, 'staff user');

  /** The teams a staff user belongs to. */
  teamsOf(staffId: string): Team[] {
    return (this.world.teams ?? []).filter((t) => t.memberIds.includes(staffId));
  }

  /**
   * May the staff user see the ticket? Admins: every ticket. Agents: their teams' tickets, the
   * tickets assigned to them, the tickets with no team; every ticket when one of their teams has
   * seesAllTickets.
   */
  staffSees(staffId: string, ticketId: string): boolean {
    const ticket = this.ticket(ticketId);
    if (this.staffUser(staffId).role === 'admin') return true;
    const teams = this.teamsOf(staffId);
    if (teams.some((t) => t.seesAllTickets)) return true;
    if (!ticket.teamId) return true;
    if (ticket.assigneeId === staffId) return true;
    return teams.some((t) => t.id === ticket.teamId);
  }

  /** A staff queue: the tickets the staff user sees that the queue holds. */
  staffQueue(staffId: string, queue: StaffQueue): string[] {
    const mine = new Set(this.teamsOf(staffId).map((t) => t.id));
    const holds = (t: Ticket): boolean => {
      switch (queue) {
        case 'mine':
          return t.assigneeId === staffId;
        case 'unassigned':
          return !t.assigneeId && (t.status === 'open' || t.status === 'pending');
        case 'my_teams':
          return !!t.teamId && mine.has(t.teamId);
        case 'waiting_on_us':
          return t.status === 'open' && t.lastSpoke !== 'staff';
        case 'waiting_on_customer':
          return t.status === 'pending' || (t.status === 'open' && t.lastSpoke === 'staff');
        case 'all':
          return true;
      }
    };
    return this.world.tickets.filter((t) => this.staffSees(staffId, t.id) && holds(t)).map((t) => t.id);
  }
}

/** The four system privilege groups as §2 describes them (used by the model's own tests). */
export const SYSTEM_PRIVILEGES: Record<'no_portal_access' | 'limited' | 'partial' | 'full', string[]> = {
  no_portal_access: [],
  limited: [
    'portal.login',
    'tickets.view',
    'tickets.create',
    'tickets.reply',
    'attachments.view',
    'assets.view',
    'documents.view',
    'kb.view',
    'account.change_password',
  ],
  partial: [
    'portal.login',
    'tickets.view',
    'tickets.create',
    'tickets.reply',
    'attachments.view',
    'assets.view',
    'documents.view',
    'kb.view',
    'account.change_password',
    'tickets.priority.view',
    'tickets.asset.view',
    'tickets.history.view',
    'tickets.emails.view',
    'contracts.view',
    'quotes.view',
    'attachments.upload',
    'kb.files.download',
  ],
  full: [...PRIVILEGES],
};
