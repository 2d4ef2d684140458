import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Module, Privilege } from '../privileges.ts';
import { maySignIn, type LoadedContact } from '../actor.ts';
import { gateDenial } from '../contacts.ts';
import { day, settle, type AccessPath, type ActionExplanation, type Denial } from '../explanation.ts';
import { grantFacts, type GrantFact } from '../grants.ts';
import { ticketAbilities, visibleTickets, writableTickets } from './condition.ts';
import { TICKET_PATHS, type TicketFacts } from './paths.ts';

/**
 * Explain for tickets (permission-model §8): every path of tickets/paths.ts that grants each
 * action, and the first reason that denies it. The verdict is enforcement's (visibleTickets,
 * writableTickets, ticketAbilities for the contact's actor); the facts read here only say why.
 */

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

async function ticketFacts(db: Kysely<DB>, contact: LoadedContact, ticketId: string) {
  const { actor } = contact;
  const { rows } = await sql<TicketFacts>`
    select t.id, t.number, t.private, t.status, t.requester_id, rq.name as requester_name,
      rq.organization_id as requester_organization_id, t.organization_id, o.name as organization_name,
      coalesce(${visibleTickets(actor, 't')}, false) as visible,
      coalesce(${writableTickets(actor, 't')}, false) as writable,
      (select sc.depth from organization_closure sc
        where sc.ancestor_id = ${actor.organizationId}::uuid and sc.descendant_id = t.organization_id) as scope_depth,
      tp.contact_id is not null as participant,
      coalesce(ab.name, sb.name || ' (staff)') as participant_added_by, tp.added_at as participant_added_at
    from tickets t
    left join ticket_participants tp on tp.ticket_id = t.id and tp.contact_id = ${actor.id}::uuid
    left join contacts ab on ab.id = tp.added_by_contact_id
    left join staff_users sb on sb.id = tp.added_by_staff_id join contacts rq on rq.id = t.requester_id join organizations o on o.id = t.organization_id
    where t.id = ${ticketId}::uuid`.execute(db);
  return rows[0];
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
    if (!denial) {
      const input = { contact, ticket: t, grants, verb: spec.verb, label };
      paths.push(...TICKET_PATHS.flatMap((p) => p.explain(input)));
      // A private ticket is reached only by the paths that reach private tickets (its requester).
      if (paths.length === 0 && t.private)
        denial = {
          reason: 'private_ticket',
          text: `${cannot}: the ticket is private to its requester ${t.requester_name}`,
          data: { requester: { id: t.requester_id, name: t.requester_name } },
        };
      else if (paths.length === 0) denial = notReached(contact, t, grants, cannot);
    }
    const granting = name === 'see' ? paths : paths.filter((p) => p.level === 'write');
    if (!denial && granting.length === 0) denial = readOnly(paths, cannot);
    actions.push(settle(name, verdicts[name], granting, denial, cannot));
  }
  return { ticket: { id: t.id, number: t.number, private: t.private, status: t.status }, actions };
}
