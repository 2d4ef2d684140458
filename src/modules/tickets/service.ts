import { sql, type Transaction, type UpdateObject } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { invalid, notFound } from '../../errors.ts';
import { queueTicketEvent } from '../../mail/outbox.ts';
import { queueFieldEvents } from '../../mail/field-events.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { recordTicketEvents, type FieldChange } from './event-repo.ts';
import { accessLostIfPrivate, PrivateConfirmRequired } from './private-change.ts';
import { findTicketOut, lockTicket, ticketAfterWrite } from './repo.ts';
import { autoAssignee, checkAssignee, checkTeam, defaultTeamAssignment } from './assignment.ts';
import { found } from '../shared/record-routes.ts';
import { staffVisibleTickets } from '../../authz/staff-tickets.ts';
import type { TicketOut, TicketUpdate } from './schema.ts';
import { syncTicketSla } from '../sla/ticket-sla.ts';

type Trx = Transaction<DB>;
const log = auditOf('ticket');
type CreateInput = {
  subject: string;
  description?: string;
  requesterId: string;
  priority?: TicketOut['priority'];
  status?: TicketOut['status'];
  assetId?: string | null;
  private?: boolean;
  teamId?: string | null;
  assigneeId?: string | null;
  /** A customer's ticket a staff user files (held inbound mail): the default team applies. */
  defaultTeam?: boolean;
};

/** The requester and, through it, the ticket's organization; shared lock so it cannot move meanwhile. */
async function requesterOrganization(trx: Trx, contactId: string): Promise<string> {
  const contact = await trx
    .selectFrom('contacts')
    .select('organization_id')
    .where('id', '=', contactId)
    .forShare()
    .executeTakeFirst();
  if (!contact) throw invalid('body.requesterId', 'no such contact');
  return contact.organization_id;
}

/** A ticket's asset must belong to the ticket's organization. */
async function checkAsset(trx: Trx, assetId: string, organizationId: string, path: string, message: string) {
  const asset = await trx
    .selectFrom('assets')
    .select('organization_id')
    .where('id', '=', assetId)
    .forShare()
    .executeTakeFirst();
  if (!asset) throw invalid('body.assetId', 'no such asset');
  if (asset.organization_id !== organizationId) throw invalid(path, message);
}

async function loadTicket(ctx: ChangeContext, id: string): Promise<TicketOut> {
  const ticket = await findTicketOut(ctx.trx, ctx.staff, id);
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

const OTHER_ORGANIZATION = "belongs to another organization than the requester's";

export async function createTicket(ctx: ChangeContext, input: CreateInput): Promise<TicketOut> {
  const { trx } = ctx;
  const organizationId = await requesterOrganization(trx, input.requesterId);
  if (input.assetId) await checkAsset(trx, input.assetId, organizationId, 'body.assetId', OTHER_ORGANIZATION);
  const status = input.status ?? 'open';
  let teamId = input.teamId ?? null;
  let assigneeId = input.assigneeId ?? null;
  if (input.defaultTeam)
    ({ team_id: teamId, assignee_id: assigneeId } = await defaultTeamAssignment(trx, organizationId));
  else {
    if (teamId) await checkTeam(ctx, teamId);
    if (assigneeId) await checkAssignee(ctx, assigneeId, teamId);
    else if (teamId && input.assigneeId === undefined) assigneeId = await autoAssignee(ctx, teamId);
  }
  const { id } = await trx
    .insertInto('tickets')
    .values({
      subject: input.subject,
      description: input.description ?? '',
      requester_id: input.requesterId,
      organization_id: organizationId,
      priority: input.priority ?? 'normal',
      status,
      asset_id: input.assetId ?? null,
      private: input.private ?? false,
      closed_at: status === 'closed' ? sql<Date>`now()` : null,
      resolved_at: status === 'resolved' ? sql<Date>`now()` : null,
      team_id: teamId,
      assignee_id: assigneeId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await syncTicketSla(trx, id, { recompute: true });
  const created = await loadTicket(ctx, id);
  await queueTicketEvent(trx, { ticketId: id, event: 'created', actor: { type: 'staff', id: ctx.staff.id } });
  await log.changed(ctx, 'create', id, undefined, created);
  return created;
}

const flag = (value: boolean) => String(value);

/**
 * Applies a PATCH: one ticket_events row per changed tracked field, activity bumped when there is
 * one, audit with before and after. A body that changes nothing writes nothing; making the ticket
 * private unconfirmed while contacts would lose it writes nothing either (409).
 */
export async function updateTicket(ctx: ChangeContext, id: string, body: TicketUpdate): Promise<TicketOut> {
  const { trx } = ctx;
  const current = await lockTicket(trx, ctx.staff, id);
  if (!current) throw notFound('Ticket');
  // Contacts who see the ticket now through their scope or a grant would lose it at once: staff
  // confirm as the requester does (docs/permissions.md, "Making a ticket private").
  if (body.private === true && !current.private && body.confirm !== true) {
    const loss = await accessLostIfPrivate(trx, id);
    if (loss.count > 0) throw new PrivateConfirmRequired(loss);
  }
  const set: UpdateObject<DB, 'tickets'> = {};
  const changes: FieldChange[] = [];
  const track = (field: string, oldValue: string | null, newValue: string | null) =>
    changes.push({ field, oldValue, newValue });

  let organizationId = current.organization_id;
  if (body.requesterId !== undefined && body.requesterId !== current.requester_id) {
    organizationId = await requesterOrganization(trx, body.requesterId);
    set.requester_id = body.requesterId;
    if (organizationId !== current.organization_id) set.organization_id = organizationId;
    track('requesterId', current.requester_id, body.requesterId);
  }

  const assetId = body.assetId !== undefined ? body.assetId : current.asset_id;
  if (assetId !== current.asset_id) {
    set.asset_id = assetId;
    track('assetId', current.asset_id, assetId);
  }
  if (assetId && (assetId !== current.asset_id || organizationId !== current.organization_id)) {
    const sent = body.assetId !== undefined;
    await checkAsset(
      trx,
      assetId,
      organizationId,
      sent ? 'body.assetId' : 'body.requesterId',
      sent
        ? OTHER_ORGANIZATION
        : "the ticket's asset belongs to the old organization: send assetId too (null or one of the new organization's)",
    );
  }

  if (body.subject !== undefined && body.subject !== current.subject) {
    set.subject = body.subject;
    track('subject', current.subject, body.subject);
  }
  if (body.description !== undefined && body.description !== current.description) {
    set.description = body.description;
  }
  if (body.status !== undefined && body.status !== current.status) {
    set.status = body.status;
    set.closed_at = body.status === 'closed' ? sql<Date>`now()` : null;
    set.resolved_at = body.status === 'resolved' ? sql<Date>`now()` : null;
    track('status', current.status, body.status);
  }
  if (body.priority !== undefined && body.priority !== current.priority) {
    set.priority = body.priority;
    track('priority', current.priority, body.priority);
  }
  if (body.private !== undefined && body.private !== current.private) {
    set.private = body.private;
    track('private', flag(current.private), flag(body.private));
  }

  // Team and assignee (§6b): a team the actor may see; an assignee of the ticket's team.
  const teamId = body.teamId !== undefined ? body.teamId : current.team_id;
  if (teamId !== current.team_id) {
    if (teamId) await checkTeam(ctx, teamId);
    set.team_id = teamId;
    track('teamId', current.team_id, teamId);
  }
  const assigneeId = body.assigneeId !== undefined ? body.assigneeId : current.assignee_id;
  if (assigneeId && (assigneeId !== current.assignee_id || teamId !== current.team_id)) {
    const sent = body.assigneeId !== undefined;
    await checkAssignee(ctx, assigneeId, teamId, sent ? 'body.assigneeId' : 'body.teamId');
  }
  if (assigneeId !== current.assignee_id) {
    set.assignee_id = assigneeId;
    track('assigneeId', current.assignee_id, assigneeId);
  }

  const before = await loadTicket(ctx, id);
  if (Object.keys(set).length === 0) return before;
  set.updated_at = sql<Date>`now()`;
  if (changes.length > 0) set.last_activity_at = sql<Date>`greatest(last_activity_at, now())`;
  await trx.updateTable('tickets').set(set).where('id', '=', id).execute();
  // SLA due times: computed afresh for a new priority or organization; the clock follows the status.
  const recompute = set.priority !== undefined || set.organization_id !== undefined;
  if (recompute || set.status !== undefined) await syncTicketSla(trx, id, { recompute });
  await recordTicketEvents(trx, id, ctx.staff.id, changes);
  await queueFieldEvents(trx, id, { type: 'staff', id: ctx.staff.id }, changes);
  const after = found(await ticketAfterWrite(trx, id), 'Ticket');
  await log.updated(ctx, id, before, after);
  return after;
}

/** Deletes a ticket; its attachments go with it (cascade), and so do their stored files. */
export async function deleteTicket(ctx: ChangeContext, id: string): Promise<void> {
  const { trx } = ctx;
  if (!(await lockTicket(trx, ctx.staff, id))) throw notFound('Ticket');
  const before = await loadTicket(ctx, id);
  const files = await trx.selectFrom('attachments').select('file_id').where('ticket_id', '=', id).execute();
  await trx.deleteFrom('tickets').where('id', '=', id).execute();
  if (files.length > 0)
    await trx
      .deleteFrom('files')
      .where(
        'id',
        'in',
        files.map((f) => f.file_id),
      )
      .execute();
  await log.changed(ctx, 'delete', id, before, undefined);
}

/**
 * A bulk action on a selection: all tickets or none, in one transaction. The selection is locked
 * through the staff scope in one query: a ticket the actor may not see (or that does not exist)
 * answers 404 and changes nothing. Each ticket then goes through updateTicket (its checks, events,
 * mail and audit), so a 422 on any one of them rolls back every one.
 */
export async function bulkUpdateTickets(
  ctx: ChangeContext,
  ids: string[],
  set: Pick<TicketUpdate, 'teamId' | 'assigneeId' | 'status' | 'priority'>,
): Promise<TicketOut[]> {
  const unique = [...new Set(ids)];
  const locked = await ctx.trx
    .selectFrom('tickets as t')
    .select('t.id')
    .where('t.id', 'in', unique)
    .where(staffVisibleTickets(ctx.staff))
    .orderBy('t.id')
    .forUpdate()
    .execute();
  if (locked.length !== unique.length) throw notFound('Ticket');
  const out: TicketOut[] = [];
  for (const id of unique) out.push(await updateTicket(ctx, id, set));
  return out;
}
