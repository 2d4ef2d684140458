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
  return agentScope(sql<string>`${actor.id}::uuid`, t);
}

/**
 * The tickets assigned to the staff user (the "Mine" queue). It lies inside staffVisibleTickets
 * for every role (an admin sees every ticket; for an agent it is one of the scope's own terms,
 * written here once), so a read of these tickets needs no other scope term.
 */
export function staffAssignedTickets(actor: StaffActor, t = 't'): Expression<SqlBool> {
  return assignedTo(sql<string>`${actor.id}::uuid`, t);
}

const assignedTo = (staffId: Expression<string>, t: string) =>
  sql<SqlBool>`${sql.ref(`${t}.assignee_id`)} = ${staffId}`;

/** The agent's part of staffVisibleTickets for a staff user id given as SQL (one or many users). */
function agentScope(staffId: Expression<string>, t: string): Expression<SqlBool> {
  const team = sql.ref(`${t}.team_id`);
  return sql<SqlBool>`(${team} is null
    or ${assignedTo(staffId, t)}
    or ${team} in (select stm.team_id from staff_team_members stm where stm.staff_user_id = ${staffId})
    or exists (
      select 1 from staff_team_members stm join staff_teams st on st.id = stm.team_id
      where stm.staff_user_id = ${staffId} and st.sees_all_tickets
    ))`;
}

/**
 * staffVisibleTickets for every staff user of a query at once (a staff_users row, alias `su` by
 * default): for mail recipients, which are many staff users in one statement.
 */
export function staffUserSeesTicket(su = 'su', t = 't'): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${su}.role`)} = 'admin' or ${agentScope(sql.ref(`${su}.id`), t)})`;
}

/** The teams a staff user may see and set on a ticket: an admin every team, an agent its own. */
export function staffVisibleTeams(actor: StaffActor, team = 'staff_teams'): Expression<SqlBool> {
  if (actor.role === 'admin') return sql<SqlBool>`true`;
  return sql<SqlBool>`exists (select 1 from staff_team_members stm
    where stm.team_id = ${sql.ref(`${team}.id`)} and stm.staff_user_id = ${actor.id}::uuid)`;
}
