import { syncTicketSla } from '../sla/ticket-sla.ts';
import { queueTicketEvent } from '../../mail/outbox.ts';
import { queueFieldEvents } from '../../mail/field-events.ts';
import { sql, type Transaction, type UpdateObject } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import { ticketAbilities, type TicketAbilities } from '../../authz/tickets/condition.ts';
import type { Db } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { AppError, forbidden, notFound, type FieldIssue } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { actingStaffId } from '../impersonation/acting-staff.ts';
import {
  accessLostIfPrivate,
  PrivateConfirmRequired,
  type AccessLossOut,
} from '../tickets/private-change.ts';
import { assignByTeam, defaultTeamOf } from '../tickets/assignment.ts';
import { findTicketDetail, insertOwnTicket, isAssetVisible, lockWritableTicket } from './repo.ts';
import type { PortalTicketCreate, PortalTicketUpdate, TicketDetail } from './schema.ts';

type Trx = Transaction<DB>;
type FieldChange = { field: string; oldValue: string | null; newValue: string | null };

/** Every refused field at once, so the contact sees them all; nothing has been written yet. */
function refuse(issues: FieldIssue[]): void {
  if (issues.length === 0) return;
  throw new AppError('validation_failed', `You may not set: ${issues.map((i) => i.path).join(', ')}`, {
    issues,
  });
}

const NO_ASSET = 'is not an asset you may see';

async function loadDetail(trx: Trx, actor: ContactActor, id: string): Promise<TicketDetail> {
  const ticket = await findTicketDetail(trx, actor, id);
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

/**
 * Opens a ticket as the contact, in its organization. A new ticket is the contact's own, so what
 * it may set is what ticketAbilities gives on an own, writable, open ticket.
 */
export async function createPortalTicket(
  trx: Trx,
  actor: ContactActor,
  body: PortalTicketCreate,
  ip: string,
): Promise<TicketDetail> {
  // A contact that cannot see tickets would open one it could not read back.
  if (!actor.privileges.has('tickets.view')) throw forbidden('You may not see tickets.');
  const may = ticketAbilities(actor, { writable: true, status: 'open', requesterId: actor.id });
  const issues: FieldIssue[] = [];
  if (body.priority !== undefined && !may.changePriority)
    issues.push({ path: 'body.priority', message: 'you may not set the priority' });
  if (body.assetId !== undefined) {
    if (!may.setAsset) issues.push({ path: 'body.assetId', message: 'you may not set the asset' });
    else if (!(await isAssetVisible(trx, actor, body.assetId)))
      issues.push({ path: 'body.assetId', message: NO_ASSET });
  }
  refuse(issues);
  const {
    detail: inserted,
    teamId,
    teamAutoAssigns,
  } = await insertOwnTicket(trx, actor, {
    team_id: defaultTeamOf(actor.organizationId),
    subject: body.subject,
    description: body.description ?? '',
    ...(body.priority !== undefined ? { priority: body.priority } : {}),
    asset_id: body.assetId ?? null,
    private: body.private ?? false,
    last_spoke: 'customer',
  });
  if (teamId && teamAutoAssigns) await assignByTeam(trx, inserted.id, teamId);
  // Read back only when the SLA wrote due times (an organization without a policy: no statement more).
  const timed = await syncTicketSla(trx, inserted.id, { recompute: true });
  const created = timed ? await loadDetail(trx, actor, inserted.id) : inserted;
  await queueTicketEvent(trx, {
    ticketId: created.id,
    event: 'created',
    actor: { type: 'contact', id: actor.id },
  });
  await recordAudit(
    trx,
    actor,
    { action: 'create', entityType: 'ticket', entityId: created.id, after: created },
    ip,
  );
  return created;
}

/** The field-by-field refusal of a PATCH, from the same abilities the detail shows. */
async function refusedFields(
  trx: Trx,
  actor: ContactActor,
  may: TicketAbilities,
  body: PortalTicketUpdate,
  currentAssetId: string | null,
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (body.description !== undefined && !may.editDescription)
    issues.push({ path: 'body.description', message: 'you may not edit the description' });
  if (body.priority !== undefined && !may.changePriority)
    issues.push({ path: 'body.priority', message: 'you may not change the priority' });
  if (body.assetId !== undefined) {
    if (!may.setAsset) issues.push({ path: 'body.assetId', message: 'you may not set the asset' });
    else if (
      body.assetId !== null &&
      body.assetId !== currentAssetId &&
      !(await isAssetVisible(trx, actor, body.assetId))
    )
      issues.push({ path: 'body.assetId', message: NO_ASSET });
  }
  // close and reopen are the one privilege tickets.close; which applies depends on the status.
  if (body.status !== undefined && !may.close && !may.reopen)
    issues.push({ path: 'body.status', message: 'you may not close or reopen this ticket' });
  if (body.private !== undefined && !may.setPrivate)
    issues.push({ path: 'body.private', message: 'only the requester may change this' });
  return issues;
}

/**
 * Applies a contact's PATCH: 404 when not visible, 403 when not writable, 422 naming every field
 * the contact may not set, 409 when making it private takes access from others unconfirmed; all
 * checked before anything is written. One ticket_events row per changed field; a body that
 * changes nothing writes nothing.
 */
export async function updatePortalTicket(
  trx: Trx,
  actor: ContactActor,
  id: string,
  body: PortalTicketUpdate,
  ip: string,
): Promise<TicketDetail> {
  const current = await lockWritableTicket(trx, actor, id);
  const may = ticketAbilities(actor, {
    writable: current.writable,
    status: current.status,
    requesterId: current.requester_id,
  });
  refuse(await refusedFields(trx, actor, may, body, current.asset_id));
  if (body.private === true && !current.private && body.confirm !== true) {
    const loss = await accessLostIfPrivate(trx, id);
    if (loss.count > 0) throw new PrivateConfirmRequired(loss);
  }

  const set: UpdateObject<DB, 'tickets'> = {};
  const changes: FieldChange[] = [];
  if (body.description !== undefined && body.description !== current.description) {
    set.description = body.description;
    changes.push({ field: 'description', oldValue: current.description, newValue: body.description });
  }
  if (body.priority !== undefined && body.priority !== current.priority) {
    set.priority = body.priority;
    changes.push({ field: 'priority', oldValue: current.priority, newValue: body.priority });
  }
  if (body.assetId !== undefined && body.assetId !== current.asset_id) {
    set.asset_id = body.assetId;
    changes.push({ field: 'assetId', oldValue: current.asset_id, newValue: body.assetId });
  }
  const closing = body.status === 'closed' && current.status !== 'closed';
  const reopening = body.status === 'open' && (current.status === 'closed' || current.status === 'resolved');
  if (closing || reopening) {
    const status = closing ? 'closed' : 'open';
    set.status = status;
    set.closed_at = closing ? sql<Date>`now()` : null;
    changes.push({ field: 'status', oldValue: current.status, newValue: status });
  }
  if (body.private !== undefined && body.private !== current.private) {
    set.private = body.private;
    changes.push({ field: 'private', oldValue: String(current.private), newValue: String(body.private) });
  }
  if (changes.length === 0) return loadDetail(trx, actor, id);

  const before = await loadDetail(trx, actor, id);
  await trx
    .updateTable('tickets')
    .set({
      ...set,
      updated_at: sql<Date>`now()`,
      last_activity_at: sql<Date>`greatest(last_activity_at, now())`,
    })
    .where('id', '=', id)
    .execute();
  if (set.status !== undefined || set.priority !== undefined)
    await syncTicketSla(trx, id, { recompute: set.priority !== undefined });
  await trx
    .insertInto('ticket_events')
    .values(
      changes.map((c) => ({
        ticket_id: id,
        field: c.field,
        old_value: c.oldValue,
        new_value: c.newValue,
        actor_contact_id: actor.id,
        acting_staff_id: actingStaffId(actor),
      })),
    )
    .execute();
  await queueFieldEvents(trx, id, { type: 'contact', id: actor.id }, changes);
  const after = await loadDetail(trx, actor, id);
  await recordAudit(trx, actor, { action: 'update', entityType: 'ticket', entityId: id, before, after }, ip);
  return after;
}

/** GET …/private-preview: who making the ticket private would cut off. 404 unseen, 403 not the requester. */
export async function previewPrivate(db: Db, actor: ContactActor, id: string): Promise<AccessLossOut> {
  const ticket = await findTicketDetail(db, actor, id);
  if (!ticket) throw notFound('Ticket');
  if (!ticket.abilities.setPrivate) throw forbidden('Only the requester may make this ticket private.');
  return ticket.private ? { count: 0, people: [] } : accessLostIfPrivate(db, id);
}
