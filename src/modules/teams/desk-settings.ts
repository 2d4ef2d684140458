import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ChangeContext } from '../audit/change.ts';
import { audit } from '../audit/change.ts';
import { checkTeamExists } from '../tickets/assignment.ts';

/** The desk's default team for tickets contacts open (migration 0026), with its name. */
export async function deskDefaultTeam(db: Db): Promise<{ id: string; name: string } | null> {
  const row = await db
    .selectFrom('desk_settings as ds')
    .innerJoin('staff_teams as st', 'st.id', 'ds.default_team_id')
    .select(['st.id', 'st.name'])
    .executeTakeFirst();
  return row ?? null;
}

/** Sets the desk's default team (null: none); a team that does not exist is a 422 naming the field. */
export async function setDeskDefaultTeam(ctx: ChangeContext, teamId: string | null) {
  await checkTeamExists(ctx.trx, teamId, 'body.defaultTeamId');
  const before = await deskDefaultTeam(ctx.trx);
  await ctx.trx
    .updateTable('desk_settings')
    .set({ default_team_id: teamId, updated_at: sql<Date>`now()` })
    .execute();
  const after = await deskDefaultTeam(ctx.trx);
  await audit(ctx, {
    action: 'desk_settings_changed',
    entityType: 'desk_settings',
    entityId: null,
    before: { defaultTeam: before },
    after: { defaultTeam: after },
  });
  return after;
}
