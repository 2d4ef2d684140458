import type { Transaction } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import { visibleTickets, writableColumn } from '../../authz/tickets/condition.ts';
import {
  addableByContact,
  mayAddParticipants,
  mayRemoveParticipant,
} from '../../authz/tickets/participants.ts';
import type { DB } from '../../db/schema.ts';
import type { StaffActor } from '../../authz/actor.ts';
import { staffVisibleTickets } from '../../authz/staff-tickets.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Page, PageQuery } from '../../http/pagination.ts';
import { queueTicketEvent } from '../../mail/outbox.ts';
import { audit, type ChangeContext } from '../audit/change.ts';
import { recordAudit } from '../audit/record.ts';
import { actingStaffId } from '../impersonation/acting-staff.ts';
import { lockVisibleTicket } from '../portal-tickets/repo.ts';
import type { Db } from '../../db/database.ts';
import { candidatePage, findParticipant, participantRows, toParticipant } from './repo.ts';
import type {
  CandidateQuery,
  ParticipantCandidateOut,
  ParticipantOut,
  PortalParticipantOut,
} from './schema.ts';

/**
 * Adding and removing ticket participants (permission-model §6a) for both audiences. Who may is
 * decided in src/authz/tickets/participants.ts; here: 404 outside what the actor sees, 403 without
 * the action, 422 for a contact that may not be added, each before anything is written; every
 * change audited and, for an addition, the "participant added" mail event queued (§9) in the
 * same transaction.
 */

type Trx = Transaction<DB>;

const CONTACT_PATH = 'body.contactId';

/** The ticket as the contact sees it, locked, with its write flag: 404 when not visible. */
async function visibleTicket(trx: Trx, actor: ContactActor, ticketId: string) {
  const ticket = await lockVisibleTicket(trx, actor, ticketId);
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

/** The same for a read: no lock. */
async function seenTicket(db: Db, actor: ContactActor, ticketId: string) {
  const ticket = await db
    .selectFrom('tickets as t')
    .select(['t.id', 't.requester_id', writableColumn(actor, 't').as('writable')])
    .where('t.id', '=', ticketId)
    .where(visibleTickets(actor, 't'))
    .executeTakeFirst();
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

async function refuseRequesterOrTwice(
  trx: Trx,
  ticket: { id: string; requester_id: string },
  contactId: string,
) {
  if (ticket.requester_id === contactId)
    throw invalid(CONTACT_PATH, 'is the requester of this ticket, who sees it already');
  if (await findParticipant(trx, ticket.id, contactId))
    throw invalid(CONTACT_PATH, 'is already a participant of this ticket');
}

async function insertParticipant(
  trx: Trx,
  ticketId: string,
  contactId: string,
  by: { contactId?: string; staffId?: string; actingStaffId?: string | null },
): Promise<ParticipantOut> {
  await trx
    .insertInto('ticket_participants')
    .values({
      ticket_id: ticketId,
      contact_id: contactId,
      added_by_contact_id: by.contactId ?? null,
      added_by_staff_id: by.staffId ?? null,
      acting_staff_id: by.actingStaffId ?? null,
    })
    .execute();
  const added = await findParticipant(trx, ticketId, contactId);
  if (!added) throw new AppError('internal', 'The participant was not recorded.');
  return toParticipant(added);
}

// ---- the portal ----

export async function listPortalParticipants(
  db: Db,
  actor: ContactActor,
  ticketId: string,
  page: PageQuery,
): Promise<Page<PortalParticipantOut> & { mayAdd: boolean }> {
  const ticket = await seenTicket(db, actor, ticketId);
  const rows = await participantRows(db, ticketId, page);
  const t = { writable: ticket.writable, requesterId: ticket.requester_id };
  return {
    items: rows.items.map((r) => ({
      ...toParticipant(r),
      mayRemove: mayRemoveParticipant(actor, t, r.added_by_contact_id),
    })),
    nextCursor: rows.nextCursor,
    mayAdd: mayAddParticipants(actor, ticket),
  };
}

/** The contacts the signed-in contact may add to the ticket, by name. */
export async function portalCandidates(
  db: Db,
  actor: ContactActor,
  ticketId: string,
  query: CandidateQuery,
): Promise<Page<ParticipantCandidateOut>> {
  const ticket = await seenTicket(db, actor, ticketId);
  if (!mayAddParticipants(actor, ticket)) throw forbidden('You may not add participants to this ticket.');
  return candidatePage(db, ticket, addableByContact(actor, 'c'), query);
}

export async function addPortalParticipant(
  trx: Trx,
  actor: ContactActor,
  ticketId: string,
  contactId: string,
  ip: string,
): Promise<PortalParticipantOut> {
  const ticket = await visibleTicket(trx, actor, ticketId);
  if (!mayAddParticipants(actor, ticket)) throw forbidden('You may not add participants to this ticket.');
  // One answer for unknown, disabled and out-of-scope contacts: no oracle for who exists elsewhere.
  const target = await trx
    .selectFrom('contacts as c')
    .select('c.id')
    .where('c.id', '=', contactId)
    .where(addableByContact(actor, 'c'))
    .executeTakeFirst();
  if (!target)
    throw invalid(
      CONTACT_PATH,
      'is not a contact you may add: only enabled contacts of your organization (or of the organizations your ticket scope reaches)',
    );
  await refuseRequesterOrTwice(trx, ticket, contactId);
  const added = await insertParticipant(trx, ticketId, contactId, {
    contactId: actor.id,
    actingStaffId: actingStaffId(actor),
  });
  await queueTicketEvent(trx, {
    ticketId,
    event: 'participant_added',
    detail: contactId,
    actor: { type: 'contact', id: actor.id },
  });
  await recordAudit(
    trx,
    actor,
    { action: 'participant.add', entityType: 'ticket', entityId: ticketId, after: added },
    ip,
  );
  return { ...added, mayRemove: true };
}

export async function removePortalParticipant(
  trx: Trx,
  actor: ContactActor,
  ticketId: string,
  contactId: string,
  ip: string,
): Promise<void> {
  const ticket = await visibleTicket(trx, actor, ticketId);
  const row = await findParticipant(trx, ticketId, contactId);
  if (!row) throw notFound('Participant');
  const t = { writable: ticket.writable, requesterId: ticket.requester_id };
  if (!mayRemoveParticipant(actor, t, row.added_by_contact_id))
    throw forbidden('Only the requester, or the contact who added this participant, may remove it.');
  await deleteParticipant(trx, ticketId, contactId);
  await recordAudit(
    trx,
    actor,
    { action: 'participant.remove', entityType: 'ticket', entityId: ticketId, before: toParticipant(row) },
    ip,
  );
}

async function deleteParticipant(trx: Trx, ticketId: string, contactId: string) {
  await trx
    .deleteFrom('ticket_participants')
    .where('ticket_id', '=', ticketId)
    .where('contact_id', '=', contactId)
    .execute();
}

// ---- the staff console ----

/** The ticket, locked, if it is in the staff user's scope (§6b); 404 otherwise. */
async function staffTicket(trx: Trx, staff: StaffActor, ticketId: string) {
  const ticket = await trx
    .selectFrom('tickets as t')
    .select(['t.id', 't.requester_id'])
    .where('t.id', '=', ticketId)
    .where(staffVisibleTickets(staff))
    .forUpdate()
    .executeTakeFirst();
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

export async function listStaffParticipants(db: Db, staff: StaffActor, ticketId: string, page: PageQuery) {
  const exists = await db
    .selectFrom('tickets as t')
    .select('t.id')
    .where('t.id', '=', ticketId)
    .where(staffVisibleTickets(staff))
    .executeTakeFirst();
  if (!exists) throw notFound('Ticket');
  const rows = await participantRows(db, ticketId, page);
  return { items: rows.items.map(toParticipant), nextCursor: rows.nextCursor };
}

/** Staff may add any enabled contact (§6a). */
export async function addStaffParticipant(
  ctx: ChangeContext,
  ticketId: string,
  contactId: string,
): Promise<ParticipantOut> {
  const ticket = await staffTicket(ctx.trx, ctx.staff, ticketId);
  const target = await ctx.trx
    .selectFrom('contacts')
    .select(['id', 'disabled'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!target) throw invalid(CONTACT_PATH, 'is not a contact');
  if (target.disabled) throw invalid(CONTACT_PATH, 'is disabled: only enabled contacts may be added');
  await refuseRequesterOrTwice(ctx.trx, ticket, contactId);
  const added = await insertParticipant(ctx.trx, ticketId, contactId, { staffId: ctx.staff.id });
  await queueTicketEvent(ctx.trx, {
    ticketId,
    event: 'participant_added',
    detail: contactId,
    actor: { type: 'staff', id: ctx.staff.id },
  });
  await audit(ctx, { action: 'participant.add', entityType: 'ticket', entityId: ticketId, after: added });
  return added;
}

export async function removeStaffParticipant(ctx: ChangeContext, ticketId: string, contactId: string) {
  await staffTicket(ctx.trx, ctx.staff, ticketId);
  const row = await findParticipant(ctx.trx, ticketId, contactId);
  if (!row) throw notFound('Participant');
  await deleteParticipant(ctx.trx, ticketId, contactId);
  await audit(ctx, {
    action: 'participant.remove',
    entityType: 'ticket',
    entityId: ticketId,
    before: toParticipant(row),
  });
}
