import { sql, type Expression, type SqlBool } from 'kysely';
import type { StaffActor } from '../../authz/actor.ts';
import type { Db } from '../../db/database.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { alphabeticalPage } from '../shared/case-insensitive.ts';
import type { CannedResponseOut } from './schema.ts';

/**
 * The canned responses a staff user sees: an admin every one, an agent the global ones and those
 * of its teams (read in the query, so a change of membership counts on the next request).
 */
export function visibleCannedResponses(actor: StaffActor, cr = 'cr'): Expression<SqlBool> {
  if (actor.role === 'admin') return sql<SqlBool>`true`;
  const team = sql.ref(`${cr}.team_id`);
  return sql<SqlBool>`(${team} is null or ${team} in (
    select stm.team_id from staff_team_members stm where stm.staff_user_id = ${actor.id}::uuid))`;
}

function cannedQuery(db: Db, actor: StaffActor) {
  return db
    .selectFrom('canned_responses as cr')
    .leftJoin('staff_teams as st', 'st.id', 'cr.team_id')
    .select([
      'cr.id',
      'cr.title',
      'cr.body',
      'cr.team_id',
      'st.name as team_name',
      'cr.created_at',
      'cr.updated_at',
    ])
    .where(visibleCannedResponses(actor));
}

type Row = {
  id: string;
  title: string;
  body: string;
  team_id: string | null;
  team_name: string | null;
  created_at: Date;
  updated_at: Date;
};

const toOut = (r: Row): CannedResponseOut => ({
  id: r.id,
  title: r.title,
  body: r.body,
  team: r.team_id ? { id: r.team_id, name: r.team_name ?? '' } : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** By title, within what the staff user sees; `q` filters on the title. */
export async function listCannedResponses(db: Db, actor: StaffActor, q: string | undefined, page: PageQuery) {
  let query = cannedQuery(db, actor);
  if (q) query = query.where('cr.title', 'ilike', `%${escapeLike(q)}%`);
  return alphabeticalPage(query, { column: 'cr.title', id: 'cr.id', textOf: (r) => r.title }, page, toOut);
}

export async function findCannedResponse(
  db: Db,
  actor: StaffActor,
  id: string,
): Promise<CannedResponseOut | undefined> {
  const row = await cannedQuery(db, actor).where('cr.id', '=', id).executeTakeFirst();
  return row && toOut(row);
}
