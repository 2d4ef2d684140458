import { sql, type Kysely } from 'kysely';
import type { DB, ScopeLevel } from '../db/schema.ts';
import type { Module, Privilege } from './privileges.ts';
import { maySignIn, type LoadedContact } from './load-actor.ts';
import { ticketAbilities, visibleTickets, writableTickets } from './ticket-scope.ts';
import { moduleGroups } from './contact-relation.ts';
import { grantFacts, type GrantFact } from './grant-relation.ts';

/**
 * Explain (permission-model §8): for a contact and a record, every path that grants each action
 * and the first reason that denies it, in words and as data.
 *
 * The verdict (`allowed`) is never decided here: it is what enforcement answers, from the same
 * actor a portal request gets (load-actor.ts), the same SQL conditions (visibleTickets,
 * writableTickets, the record scopes) and the same ability rules (ticketAbilities). The facts
 * gathered with SQL only say why. Should the facts ever fail to account for the verdict, the
 * answer says so (`unexplained`) instead of inventing a reason.
 */

export type PathKind = 'own' | 'scope' | 'grant' | 'public' | 'group';
export type AccessPath = { kind: PathKind; level: ScopeLevel; text: string; data: Record<string, unknown> };
export type DenialReason =
  | 'contact_disabled'
  | 'no_portal_login'
  | 'module_not_usable'
  | 'privilege_missing'
  | 'private_ticket'
  | 'draft'
  | 'not_published'
  | 'not_public'
  | 'not_reached'
  | 'read_only'
  | 'unexplained';
export type Denial = { reason: DenialReason; text: string; data: Record<string, unknown> };
export type ActionExplanation = { action: string; allowed: boolean; paths: AccessPath[]; denial?: Denial };

/** What an action needs before any path counts (model order: modules, then privileges). */
export type ActionNeeds = { modules: Module[]; privileges: Privilege[] };

/** The first gate the contact fails for the action, in the model's order, or undefined. */
export async function gateDenial(
  db: Kysely<DB>,
  contact: LoadedContact,
  needs: ActionNeeds,
  cannot: string,
): Promise<Denial | undefined> {
  const { actor } = contact;
  if (contact.disabled)
    return { reason: 'contact_disabled', text: `${cannot}: the contact is disabled`, data: {} };
  if (!actor.privileges.has('portal.login'))
    return {
      reason: 'no_portal_login',
      text: `${cannot}: its privilege group '${contact.privilegeGroupName}' lacks portal.login, so it cannot sign in`,
      data: { privilegeGroup: { id: actor.privilegeGroupId, name: contact.privilegeGroupName } },
    };
  const blocked = needs.modules.find((m) => !actor.modules.has(m));
  if (blocked) {
    const groups = await moduleGroups(db, blocked);
    const names = groups.map((g) => `'${g.name}'`).join(', ');
    return {
      reason: 'module_not_usable',
      text: `${cannot}: module ${blocked} is only for members of ${names} and it is a member of none of them`,
      data: { module: blocked, allowedGroups: groups },
    };
  }
  const missing = needs.privileges.filter((p) => !actor.privileges.has(p));
  if (missing.length)
    return {
      reason: 'privilege_missing',
      text: `${cannot}: its privilege group '${contact.privilegeGroupName}' lacks ${missing.join(', ')}`,
      data: { privilegeGroup: { id: actor.privilegeGroupId, name: contact.privilegeGroupName }, missing },
    };
  return undefined;
}

/** Joins the verdict with the explanation; a verdict the facts cannot account for is flagged. */
export function settle(
  action: string,
  allowed: boolean,
  paths: AccessPath[],
  denial: Denial | undefined,
  cannot: string,
): ActionExplanation {
  if (allowed && paths.length > 0 && !denial) return { action, allowed, paths };
  if (!allowed && denial) return { action, allowed, paths: [], denial };
  const text = `${allowed ? 'allowed' : cannot}: the facts found do not account for the decision; please report this`;
  return { action, allowed, paths: allowed ? paths : [], denial: { reason: 'unexplained', text, data: {} } };
}

export const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : null);

// ---- tickets ----

const TICKET_ACTIONS = {
  see: { verb: 'sees', cannot: 'see', needs: [] },
  reply: { verb: 'may reply to', cannot: 'reply to', needs: ['tickets.reply'] },
  editDescription: {
    verb: 'may edit the description of',
    cannot: 'edit the description of',
    needs: ['tickets.edit_description'],
  },
  close: { verb: 'may close and reopen', cannot: 'close or reopen', needs: ['tickets.close'] },
  priority: {
    verb: 'may change the priority of',
    cannot: 'change the priority of',
    needs: ['tickets.priority.edit', 'tickets.priority.view'],
  },
  asset: {
    verb: 'may set the asset of',
    cannot: 'set the asset of',
    needs: ['tickets.asset.edit', 'assets.view'],
  },
  upload: { verb: 'may upload files to', cannot: 'upload files to', needs: ['attachments.upload'] },
} satisfies Record<string, { verb: string; cannot: string; needs: Privilege[] }>;
export type TicketAction = keyof typeof TICKET_ACTIONS;

type TicketFacts = {
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
};

async function ticketFacts(db: Kysely<DB>, contact: LoadedContact, ticketId: string) {
  const { actor } = contact;
  const { rows } = await sql<TicketFacts>`
    select t.id, t.number, t.private, t.status, t.requester_id, rq.name as requester_name,
      rq.organization_id as requester_organization_id, t.organization_id, o.name as organization_name,
      coalesce(${visibleTickets(actor, 't')}, false) as visible,
      coalesce(${writableTickets(actor, 't')}, false) as writable,
      (select sc.depth from organization_closure sc
        where sc.ancestor_id = ${actor.organizationId}::uuid and sc.descendant_id = t.organization_id) as scope_depth
    from tickets t join contacts rq on rq.id = t.requester_id join organizations o on o.id = t.organization_id
    where t.id = ${ticketId}::uuid`.execute(db);
  return rows[0];
}

function scopePath(
  contact: LoadedContact,
  t: TicketFacts,
  verb: string,
  label: string,
): AccessPath | undefined {
  const { actor } = contact;
  const inScope =
    actor.ticketScope === 'organization'
      ? t.organization_id === actor.organizationId
      : actor.ticketScope === 'organization_tree' && t.scope_depth !== null;
  if (t.private || !inScope) return undefined;
  const where =
    t.organization_id === actor.organizationId
      ? `its organization '${t.organization_name}' is the ticket's organization`
      : `the ticket's organization '${t.organization_name}' is under its organization '${contact.organizationName}'`;
  return {
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
  };
}

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

function grantPath(g: GrantFact, t: TicketFacts, verb: string, label: string): AccessPath {
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
}

function notReached(contact: LoadedContact, t: TicketFacts, grants: GrantFact[], cannot: string): Denial {
  const notes = grants.map((g) =>
    g.live
      ? `the requester is not a member of '${g.groupName}'`
      : `the grant on '${g.groupName}' expired ${day(g.expiresAt)}`,
  );
  const scope =
    contact.actor.ticketScope === 'own'
      ? 'its ticket scope is own'
      : `the ticket's organization '${t.organization_name}' is outside its ticket scope (${contact.actor.ticketScope})`;
  return {
    reason: 'not_reached',
    text: `${cannot}: ${scope} and no grant reaches the requester ${t.requester_name}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    data: {
      ticketScope: contact.actor.ticketScope,
      organization: { id: t.organization_id, name: t.organization_name },
      grants: grants.map((g) => ({
        grantId: g.grantId,
        userGroup: { id: g.groupId, name: g.groupName },
        live: g.live,
        expiresAt: g.expiresAt,
        requesterIsMember: g.reasons.length > 0,
      })),
    },
  };
}

function readOnly(paths: AccessPath[], cannot: string): Denial {
  const what = paths.map((p) =>
    p.kind === 'grant'
      ? `the grant on user group '${(p.data.userGroup as { name: string }).name}'`
      : 'its ticket scope',
  );
  const text = what.length === 1 ? `${what[0]} is read-only` : `every path is read-only (${what.join(', ')})`;
  return { reason: 'read_only', text: `${cannot}: ${text}`, data: { readPaths: paths.map((p) => p.data) } };
}

export type TicketExplanation = {
  ticket: { id: string; number: number; private: boolean; status: string };
  actions: ActionExplanation[];
};

/** Every ticket action for the contact; undefined when there is no such ticket. */
export async function explainTicket(
  db: Kysely<DB>,
  contact: LoadedContact,
  ticketId: string,
): Promise<TicketExplanation | undefined> {
  const t = await ticketFacts(db, contact, ticketId);
  if (!t) return undefined;
  const { actor } = contact;
  const grants = await grantFacts(db, actor.id, t.requester_id);
  const label = `ticket #${t.number}`;
  const signedIn = maySignIn(contact);
  const writable = signedIn && t.writable === true;
  const abilities = ticketAbilities(actor, { writable, status: t.status, requesterId: t.requester_id });
  const verdicts: Record<TicketAction, boolean> = {
    see: signedIn && t.visible === true,
    reply: abilities.reply,
    editDescription: abilities.editDescription,
    close: abilities.close || abilities.reopen,
    priority: abilities.changePriority,
    asset: abilities.setAsset,
    upload: abilities.upload,
  };
  const actions: ActionExplanation[] = [];
  for (const [name, spec] of Object.entries(TICKET_ACTIONS) as [
    TicketAction,
    (typeof TICKET_ACTIONS)[TicketAction],
  ][]) {
    const cannot = `cannot ${spec.cannot} ${label}`;
    const modules: Module[] = name === 'asset' ? ['tickets', 'assets'] : ['tickets'];
    const privileges: Privilege[] = ['tickets.view', ...spec.needs];
    let denial = await gateDenial(db, contact, { modules, privileges }, cannot);
    const paths: AccessPath[] = [];
    if (!denial && t.private && t.requester_id !== actor.id)
      denial = {
        reason: 'private_ticket',
        text: `${cannot}: the ticket is private to its requester ${t.requester_name}`,
        data: { requester: { id: t.requester_id, name: t.requester_name } },
      };
    if (!denial) {
      if (t.requester_id === actor.id)
        paths.push({
          kind: 'own',
          level: 'write',
          text: `${spec.verb} ${label}: it is the requester`,
          data: {},
        });
      const scope = scopePath(contact, t, spec.verb, label);
      if (scope) paths.push(scope);
      for (const g of grants)
        if (!t.private && g.live && g.reasons.length > 0) paths.push(grantPath(g, t, spec.verb, label));
      if (paths.length === 0) denial = notReached(contact, t, grants, cannot);
    }
    const granting = name === 'see' ? paths : paths.filter((p) => p.level === 'write');
    if (!denial && granting.length === 0) denial = readOnly(paths, cannot);
    actions.push(settle(name, verdicts[name], granting, denial, cannot));
  }
  return { ticket: { id: t.id, number: t.number, private: t.private, status: t.status }, actions };
}
