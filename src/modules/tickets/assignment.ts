import { sql, type Expression, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { staffVisibleTeams } from '../../authz/staff-tickets.ts';
import { invalid } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';

// A ticket's team and assignee (permission model §6b): who may be set, and who a team's
// auto-assignment picks. Every refusal is a 422 before anything is written.

/** The team must exist and be one the actor may see (an admin: any; an agent: its own). */
export async function checkTeam(ctx: ChangeContext, teamId: string, path = 'body.teamId'): Promise<void> {
  const team = await ctx.trx
    .selectFrom('staff_teams')
    .select('id')
    .where('id', '=', teamId)
    .where(staffVisibleTeams(ctx.staff))
    .forShare()
    .executeTakeFirst();
  if (!team) throw invalid(path, 'no such team, or not a team you belong to');
}

/** The assignee must be an enabled staff user and, when the ticket has a team, one of its members. */
export async function checkAssignee(
  ctx: ChangeContext,
  assigneeId: string,
  teamId: string | null,
  path = 'body.assigneeId',
): Promise<void> {
  const row = await ctx.trx
    .selectFrom('staff_users as su')
    .select([
      'su.id',
      sql<boolean>`${teamId}::uuid is null or exists (select 1 from staff_team_members stm
        where stm.staff_user_id = su.id and stm.team_id = ${teamId}::uuid)`.as('in_team'),
    ])
    .where('su.id', '=', assigneeId)
    .where('su.disabled', '=', false)
    .forShare('su')
    .executeTakeFirst();
  if (!row) throw invalid(path, 'no such staff user, or disabled');
  if (!row.in_team) throw invalid(path, "is not a member of the ticket's team");
}

/**
 * The member a team's auto-assignment gives a new ticket, or null (no auto-assignment, or no
 * enabled member). round_robin: the member after the last one given a ticket, in id order;
 * least_loaded: the member with the fewest tickets not closed (ties: id order). The team row is
 * locked, so two tickets created at once do not both go to the same member by round robin.
 */
export async function autoAssignee(ctx: { trx: Transaction<DB> }, teamId: string): Promise<string | null> {
  const team = await ctx.trx
    .selectFrom('staff_teams')
    .select(['auto_assign', 'last_assigned_staff_id'])
    .where('id', '=', teamId)
    .forUpdate()
    .executeTakeFirst();
  if (!team || team.auto_assign === 'none') return null;
  const members = ctx.trx
    .selectFrom('staff_team_members as stm')
    .innerJoin('staff_users as su', 'su.id', 'stm.staff_user_id')
    .select('su.id')
    .where('stm.team_id', '=', teamId)
    .where('su.disabled', '=', false);
  let pick: { id: string } | undefined;
  if (team.auto_assign === 'round_robin') {
    const last = team.last_assigned_staff_id;
    pick = last
      ? await members.where('su.id', '>', last).orderBy('su.id').limit(1).executeTakeFirst()
      : undefined;
    pick ??= await members.orderBy('su.id').limit(1).executeTakeFirst();
  } else {
    pick = await members
      .orderBy(
        sql`(select count(*) from tickets t where t.assignee_id = su.id and t.status in ('open', 'pending'))`,
      )
      .orderBy('su.id')
      .limit(1)
      .executeTakeFirst();
  }
  if (!pick) return null;
  await ctx.trx
    .updateTable('staff_teams')
    .set({ last_assigned_staff_id: pick.id })
    .where('id', '=', teamId)
    .execute();
  return pick.id;
}

/** A team named by an administrator's setting must exist (any team: the setting is not about the actor's). */
export async function checkTeamExists(trx: Transaction<DB>, teamId: string | null | undefined, path: string) {
  if (!teamId) return;
  const team = await trx
    .selectFrom('staff_teams')
    .select('id')
    .where('id', '=', teamId)
    .forShare()
    .executeTakeFirst();
  if (!team) throw invalid(path, 'no such team');
}

/**
 * The default team of a ticket a contact opens in `organizationId` (portal, inbound mail;
 * docs/desk.md, "Default team"): its organization's, else its nearest ancestor's, else the desk's;
 * null when none applies. An expression, so that the ticket's INSERT reads it (no statement more).
 */
export const defaultTeamOf = (organizationId: string) =>
  sql<string | null>`coalesce(
    (select o.default_team_id from organization_closure oc join organizations o on o.id = oc.ancestor_id
      where oc.descendant_id = ${organizationId}::uuid and o.default_team_id is not null
      order by oc.depth limit 1),
    (select ds.default_team_id from desk_settings ds))`;

/** Whether `teamId` assigns its new tickets by itself (read with the ticket's INSERT, like the team). */
export const teamAutoAssigns = (teamId: Expression<string | null>) =>
  sql<boolean>`exists (select 1 from staff_teams st where st.id = ${teamId} and st.auto_assign <> 'none')`;

/** The team and assignee of a ticket a contact opens, staff accepting held mail for it. */
export async function defaultTeamAssignment(
  trx: Transaction<DB>,
  organizationId: string,
): Promise<{ team_id: string | null; assignee_id: string | null }> {
  const row = await trx
    .selectFrom('staff_teams as st')
    .select(['st.id', 'st.auto_assign'])
    .where('st.id', '=', defaultTeamOf(organizationId))
    .executeTakeFirst();
  if (!row) return { team_id: null, assignee_id: null };
  const assignee = row.auto_assign === 'none' ? null : await autoAssignee({ trx }, row.id);
  return { team_id: row.id, assignee_id: assignee };
}

/** A ticket just opened on a team that assigns by itself: its assignee, by the team's rule. */
export async function assignByTeam(trx: Transaction<DB>, ticketId: string, teamId: string): Promise<void> {
  const assignee = await autoAssignee({ trx }, teamId);
  if (assignee)
    await trx.updateTable('tickets').set({ assignee_id: assignee }).where('id', '=', ticketId).execute();
}
