import { sql, type Expression, type SqlBool } from 'kysely';
import type { StaffActor } from './actor.ts';

/**
 * The one definition of which tickets a staff user may see (permission model §6b), as an SQL
 * condition over a tickets row (alias `t` by default). Every staff read of a ticket or of what is
 * filed under it (list, single read, counts, comments, attachments, e-mails, events, mails sent,
 * writes) ANDs it in; a ticket outside it answers 404 as if it did not exist.
 *
 * - An admin sees every ticket.
 * - An agent sees the tickets of its teams, the tickets assigned to it, and the tickets with no
 *   team (so a desk without teams, and the tickets not yet triaged, stay visible to every agent);
 *   every ticket when one of its teams has `sees_all_tickets` on.
 *
 * The agent's teams are read in the query itself (no cache): a change of membership takes effect
 * on the very next request.
 */
export function staffVisibleTickets(actor: StaffActor, t = 't'): Expression<SqlBool> {
  if (actor.role === 'admin') return sql<SqlBool>`true`;
  const team = sql.ref(`${t}.team_id`);
  const assignee = sql.ref(`${t}.assignee_id`);
  return sql<SqlBool>`(${team} is null
    or ${assignee} = ${actor.id}::uuid
    or ${team} in (select stm.team_id from staff_team_members stm where stm.staff_user_id = ${actor.id}::uuid)
    or exists (
      select 1 from staff_team_members stm join staff_teams st on st.id = stm.team_id
      where stm.staff_user_id = ${actor.id}::uuid and st.sees_all_tickets
    ))`;
}

/** The teams a staff user may see and set on a ticket: an admin every team, an agent its own. */
export function staffVisibleTeams(actor: StaffActor, team = 'staff_teams'): Expression<SqlBool> {
  if (actor.role === 'admin') return sql<SqlBool>`true`;
  return sql<SqlBool>`exists (select 1 from staff_team_members stm
    where stm.team_id = ${sql.ref(`${team}.id`)} and stm.staff_user_id = ${actor.id}::uuid)`;
}
