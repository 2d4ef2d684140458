import { sql } from 'kysely';
import { conflict, invalid } from '../../errors.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { found } from '../shared/record-routes.ts';
import { findTeam, teamNameTaken } from './repo.ts';
import type { TeamCreate, TeamOut, TeamUpdate } from './schema.ts';

const log = auditOf('staff_team');
const nameTaken = () => conflict('A team with this name already exists.');

/** Serializes team writes: the first team's default and unique names are decided under it. */
async function lockTeams(ctx: ChangeContext): Promise<void> {
  await sql`select pg_advisory_xact_lock(7276413)`.execute(ctx.trx);
}

/** Every member must be an existing staff user; 422 naming the first that is not. */
async function setMembers(ctx: ChangeContext, teamId: string, memberIds: string[]): Promise<void> {
  const ids = [...new Set(memberIds)];
  if (ids.length > 0) {
    const known = await ctx.trx.selectFrom('staff_users').select('id').where('id', 'in', ids).execute();
    const knownIds = new Set(known.map((r) => r.id));
    const index = memberIds.findIndex((id) => !knownIds.has(id));
    if (index >= 0) throw invalid(`body.memberIds.${index}`, 'no such staff user');
  }
  await ctx.trx.deleteFrom('staff_team_members').where('team_id', '=', teamId).execute();
  if (ids.length > 0)
    await ctx.trx
      .insertInto('staff_team_members')
      .values(ids.map((id) => ({ team_id: teamId, staff_user_id: id })))
      .execute();
}

export async function createTeam(ctx: ChangeContext, body: TeamCreate): Promise<TeamOut> {
  await lockTeams(ctx);
  if (await teamNameTaken(ctx.trx, body.name)) throw nameTaken();
  const first = !(await ctx.trx.selectFrom('staff_teams').select('id').executeTakeFirst());
  const { id } = await ctx.trx
    .insertInto('staff_teams')
    .values({
      name: body.name,
      sees_all_tickets: body.seesAllTickets ?? first,
      auto_assign: body.autoAssign ?? 'none',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setMembers(ctx, id, body.memberIds ?? []);
  const created = found(await findTeam(ctx.trx, ctx.staff, id), 'Team');
  await log.changed(ctx, 'create', id, undefined, created);
  return created;
}

export async function updateTeam(ctx: ChangeContext, id: string, body: TeamUpdate): Promise<TeamOut> {
  await lockTeams(ctx);
  const before = found(await findTeam(ctx.trx, ctx.staff, id), 'Team');
  if (body.name !== undefined && (await teamNameTaken(ctx.trx, body.name, id))) throw nameTaken();
  await ctx.trx
    .updateTable('staff_teams')
    .set({
      name: body.name,
      sees_all_tickets: body.seesAllTickets,
      auto_assign: body.autoAssign,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
  if (body.memberIds !== undefined) await setMembers(ctx, id, body.memberIds);
  const after = found(await findTeam(ctx.trx, ctx.staff, id), 'Team');
  await log.updated(ctx, id, before, after);
  return after;
}

/** Its tickets keep their assignee and lose the team (they become visible to every agent). */
export async function deleteTeam(ctx: ChangeContext, id: string): Promise<void> {
  await lockTeams(ctx);
  const before = found(await findTeam(ctx.trx, ctx.staff, id), 'Team');
  await ctx.trx.deleteFrom('staff_teams').where('id', '=', id).execute();
  await log.changed(ctx, 'delete', id, before, undefined);
}
