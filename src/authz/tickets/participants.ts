import { sql, type Expression, type SqlBool } from 'kysely';
import type { ContactActor } from '../actor.ts';

/**
 * Who may change a ticket's participants (permission-model §6a). Seeing and writing through
 * participation is the participant path of tickets/paths.ts; this file is only about adding and
 * removing:
 * - staff may add any enabled contact and remove any participant;
 * - a contact that may write T and holds tickets.participants.manage may add enabled contacts of
 *   the organizations in its own ticket scope (at least its own organization), and remove the
 *   participants it added;
 * - the requester may always remove any participant of its own ticket.
 * Nobody is added twice, and the requester is never its own ticket's participant.
 */

/** May the contact add participants to a ticket it sees, with this write flag? */
export function mayAddParticipants(actor: ContactActor, ticket: { writable: boolean }): boolean {
  return ticket.writable && actor.privileges.has('tickets.participants.manage');
}

/** May the contact remove the participant (added by `addedByContactId`) from a ticket it sees? */
export function mayRemoveParticipant(
  actor: ContactActor,
  ticket: { writable: boolean; requesterId: string },
  addedByContactId: string | null,
): boolean {
  if (ticket.requesterId === actor.id) return true;
  return mayAddParticipants(actor, ticket) && addedByContactId === actor.id;
}

/**
 * The contacts (alias `c`) a contact may add: enabled, in its own organization or an organization
 * of its ticket scope. SQL over a contacts row, for the picker's list and the add's check alike.
 */
export function addableByContact(actor: ContactActor, c = 'c'): Expression<SqlBool> {
  const org = sql.ref(`${c}.organization_id`);
  const enabled = sql<SqlBool>`not ${sql.ref(`${c}.disabled`)}`;
  if (actor.ticketScope === 'organization_tree')
    return sql<SqlBool>`(${enabled} and ${org} in (
      select pa_oc.descendant_id from organization_closure pa_oc where pa_oc.ancestor_id = ${actor.organizationId}::uuid))`;
  return sql<SqlBool>`(${enabled} and ${org} = ${actor.organizationId}::uuid)`;
}
