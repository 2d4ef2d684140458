import { sql } from 'kysely';
import type { StaffActor } from '../../authz/actor.ts';
import { staffVisibleTeams } from '../../authz/staff-tickets.ts';
import type { Db } from '../../db/database.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { alphabeticalPage } from '../shared/case-insensitive.ts';
import type { TeamOut } from './schema.ts';

/** A team with its members (name order) in one row: a json array aggregated in SQL. */
function teamsQuery(db: Db) {
  return db.selectFrom('staff_teams').select([
    'staff_teams.id',
    'staff_teams.name',
    'staff_teams.sees_all_tickets',
    'staff_teams.auto_assign',
    'staff_teams.created_at',
    'staff_teams.updated_at',
    sql<TeamOut['members']>`coalesce((
        select json_agg(json_build_object('id', su.id, 'name', su.name, 'email', su.email) order by lower(su.name), su.id)
        from staff_team_members stm join staff_users su on su.id = stm.staff_user_id
        where stm.team_id = staff_teams.id), '[]'::json)`.as('members'),
  ]);
}

type TeamRow = {
  id: string;
  name: string;
  sees_all_tickets: boolean;
  auto_assign: TeamOut['autoAssign'];
  created_at: Date;
  updated_at: Date;
  members: TeamOut['members'];
};

export const toTeamOut = (r: TeamRow): TeamOut => ({
  id: r.id,
  name: r.name,
  seesAllTickets: r.sees_all_tickets,
  autoAssign: r.auto_assign,
  members: r.members,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The teams the staff user may see (an admin all, an agent its own), by name. */
export async function listTeams(db: Db, actor: StaffActor, filter: { q?: string }, page: PageQuery) {
  let query = teamsQuery(db).where(staffVisibleTeams(actor));
  if (filter.q) query = query.where('staff_teams.name', 'ilike', `%${escapeLike(filter.q)}%`);
  return alphabeticalPage(
    query,
    { column: 'staff_teams.name', id: 'staff_teams.id', textOf: (r) => r.name },
    page,
    toTeamOut,
  );
}

export async function findTeam(db: Db, actor: StaffActor, id: string): Promise<TeamOut | undefined> {
  const row = await teamsQuery(db)
    .where('staff_teams.id', '=', id)
    .where(staffVisibleTeams(actor))
    .executeTakeFirst();
  return row && toTeamOut(row);
}

export async function teamNameTaken(db: Db, name: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom('staff_teams')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}
