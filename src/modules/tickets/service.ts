import { sql, type Transaction, type UpdateObject } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { invalid, notFound } from '../../errors.ts';
import { queueTicketEvent } from '../../mail/outbox.ts';
import { queueFieldEvents } from '../../mail/field-events.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { recordTicketEvents, type FieldChange } from './event-repo.ts';
import { accessLostIfPrivate, PrivateConfirmRequired } from './private-change.ts';
import { findTicketOut, lockTicket } from './repo.ts';
import type { TicketOut, TicketUpdate } from './schema.ts';

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

async function loadTicket(trx: Trx, id: string): Promise<TicketOut> {
  const ticket = await findTicketOut(trx, id);
  if (!ticket) throw notFound('Ticket');
  return ticket;
}

const OTHER_ORGANIZATION = "belongs to another organization than the requester's";

export async function createTicket(ctx: ChangeContext, input: CreateInput): Promise<TicketOut> {
  const { trx } = ctx;
  const organizationId = await requesterOrganization(trx, input.requesterId);
  if (input.assetId) await checkAsset(trx, input.assetId, organizationId, 'body.assetId', OTHER_ORGANIZATION);
  const status = input.status ?? 'open';
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = await loadTicket(trx, id);
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
  const current = await lockTicket(trx, id);
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

  const before = await loadTicket(trx, id);
  if (Object.keys(set).length === 0) return before;
  set.updated_at = sql<Date>`now()`;
  if (changes.length > 0) set.last_activity_at = sql<Date>`greatest(last_activity_at, now())`;
  await trx.updateTable('tickets').set(set).where('id', '=', id).execute();
  await recordTicketEvents(trx, id, ctx.staff.id, changes);
  await queueFieldEvents(trx, id, { type: 'staff', id: ctx.staff.id }, changes);
  const after = await loadTicket(trx, id);
  await log.updated(ctx, id, before, after);
  return after;
}

/** Deletes a ticket; its attachments go with it (cascade), and so do their stored files. */
export async function deleteTicket(ctx: ChangeContext, id: string): Promise<void> {
  const { trx } = ctx;
  if (!(await lockTicket(trx, id))) throw notFound('Ticket');
  const before = await loadTicket(trx, id);
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
