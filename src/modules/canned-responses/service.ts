import { sql } from 'kysely';
import type { StaffActor } from '../../authz/actor.ts';
import { staffVisibleTeams, staffVisibleTickets } from '../../authz/staff-tickets.ts';
import type { Db } from '../../db/database.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { found } from '../shared/record-routes.ts';
import { findCannedResponse } from './repo.ts';
import {
  PLACEHOLDER_PATTERN,
  type CannedResponseCreate,
  type CannedResponseOut,
  type CannedResponseUpdate,
  type Placeholder,
} from './schema.ts';

const log = auditOf('canned_response');

/**
 * Who may write a canned response of `teamId`: an admin any; an agent those of its own teams, not
 * global ones (403). A team the agent does not see is refused like a field it may not set (422).
 */
async function assertMayWrite(ctx: ChangeContext, teamId: string | null): Promise<void> {
  if (teamId === null) {
    if (ctx.staff.role !== 'admin') throw forbidden('Only administrators write global canned responses.');
    return;
  }
  const team = await ctx.trx
    .selectFrom('staff_teams')
    .select('id')
    .where('id', '=', teamId)
    .where(staffVisibleTeams(ctx.staff))
    .executeTakeFirst();
  if (!team) throw invalid('body.teamId', 'no such team, or not one of your teams');
}

export async function createCannedResponse(
  ctx: ChangeContext,
  body: CannedResponseCreate,
): Promise<CannedResponseOut> {
  const teamId = body.teamId ?? null;
  await assertMayWrite(ctx, teamId);
  const { id } = await ctx.trx
    .insertInto('canned_responses')
    .values({ title: body.title, body: body.body, team_id: teamId, created_by_staff_id: ctx.staff.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = found(await findCannedResponse(ctx.trx, ctx.staff, id), 'Canned response');
  await log.created(ctx, created);
  return created;
}

/** 404 when the staff user does not see it; 403 or 422 as assertMayWrite, for before and after. */
export async function updateCannedResponse(
  ctx: ChangeContext,
  id: string,
  body: CannedResponseUpdate,
): Promise<CannedResponseOut> {
  const before = found(await findCannedResponse(ctx.trx, ctx.staff, id), 'Canned response');
  await assertMayWrite(ctx, before.team?.id ?? null);
  if (body.teamId !== undefined) await assertMayWrite(ctx, body.teamId);
  await ctx.trx
    .updateTable('canned_responses')
    .set({ title: body.title, body: body.body, team_id: body.teamId, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  const after = found(await findCannedResponse(ctx.trx, ctx.staff, id), 'Canned response');
  await log.updated(ctx, id, before, after);
  return after;
}

export async function deleteCannedResponse(ctx: ChangeContext, id: string): Promise<void> {
  const before = found(await findCannedResponse(ctx.trx, ctx.staff, id), 'Canned response');
  await assertMayWrite(ctx, before.team?.id ?? null);
  await ctx.trx.deleteFrom('canned_responses').where('id', '=', id).execute();
  await log.deleted(ctx, before);
}

/**
 * The canned response's text with its placeholders filled in for a ticket: both must be visible
 * to the staff user (404 otherwise; the ticket through staffVisibleTickets). A placeholder saved
 * before it was known (none today) is left as written.
 */
export async function renderCannedResponse(
  db: Db,
  actor: StaffActor,
  id: string,
  ticketId: string,
): Promise<{ body: string }> {
  const canned = found(await findCannedResponse(db, actor, id), 'Canned response');
  const ticket = await db
    .selectFrom('tickets as t')
    .innerJoin('contacts as c', 'c.id', 't.requester_id')
    .select(['t.number', 't.subject', 'c.name as contact_name'])
    .where('t.id', '=', ticketId)
    .where(staffVisibleTickets(actor))
    .executeTakeFirst();
  if (!ticket) throw notFound('Ticket');
  const values: Record<Placeholder, string> = {
    'contact.name': ticket.contact_name,
    'contact.firstName': ticket.contact_name.trim().split(/\s+/)[0] ?? '',
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
    'agent.name': actor.name,
  };
  const body = canned.body.replace(
    PLACEHOLDER_PATTERN,
    (whole, name: string) => values[name as Placeholder] ?? whole,
  );
  return { body };
}
