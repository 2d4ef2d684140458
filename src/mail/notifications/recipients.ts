import { sql, type RawBuilder } from 'kysely';
import { staffUserSeesTicket } from '../../authz/staff-tickets.ts';
import { ticketReachers } from '../../authz/tickets/bulk.ts';
import type { Db } from '../../db/database.ts';
import { PREPARE } from '../../db/prepared.ts';
import type { MailTicketEventKind } from '../../db/schema.ts';

/** One person an event is mailed to, with what its message may show. */
export type Recipient = {
  kind: 'contact' | 'staff';
  id: string;
  email: string;
  name: string;
  /** tickets.priority.view for a contact; staff always. */
  sees_priority: boolean;
};

export type RecipientQuestion = {
  ticketId: string;
  event: MailTicketEventKind;
  actorContactId: string | null;
  actorStaffId: string | null;
};

/**
 * Everyone an event on one ticket is mailed to at once, in one set-based query (permission model
 * §9), resolved now: the contacts that may see the ticket (ticketReachers: the portal's paths
 * behind the portal's gate, so a disabled contact, one without tickets.view or the tickets module,
 * or one that lost its path gets nothing) whose preference asks for it, the staff that opted in to
 * contact activity and the ticket's assignee (or, while it has none, the members of its team, §6b),
 * each only while the ticket is in its staff scope. Never the actor. A priority change goes only
 * to those who may see priorities.
 *
 * Each reason to be told is one term: for contacts of the `n_asked` condition (the requester, the
 * participants of §6a, the watchers), for staff of the staff part's condition.
 */
export async function recipientsOf(db: Db, q: RecipientQuestion): Promise<Recipient[]> {
  const { rows } = await recipientsQuery(q).execute(db);
  return rows;
}

/**
 * The statement recipientsOf runs (the benchmark explains it). Prepared (src/db/prepared.ts): at
 * profile L its planning took about as long as its execution, and its plan is driven from one
 * ticket's id whatever the id.
 */
export function recipientsQuery(q: RecipientQuestion): RawBuilder<Recipient> {
  return sql<Recipient>`${PREPARE}
    with n_t as materialized (select id, requester_id from tickets where id = ${q.ticketId}::uuid),
    n_seen as materialized (select * from ${ticketReachers(sql`select id from n_t`)} n_r),
    n_pref as (
      select n_seen.*, coalesce(np.scope, 'mine') as scope, coalesce(np.delivery, 'immediate') as delivery
      from n_seen left join contact_notification_preferences np on np.contact_id = n_seen.contact_id
    ),
    n_asked as (
      select * from n_pref
      where delivery = 'immediate' and (
        -- watchers: everything they may see
        scope = 'visible'
        -- the requester, unless it asked for nothing
        or (scope <> 'none' and contact_id = (select requester_id from n_t))
        -- the participants (§6a): "my and participating tickets", unless they asked for nothing
        or (scope <> 'none' and contact_id in (
          select n_tp.contact_id from ticket_participants n_tp where n_tp.ticket_id = ${q.ticketId}::uuid))
      )
    )
    select 'contact' as kind, contact_id as id, email, name, sees_priority
    from n_asked
    where contact_id is distinct from ${q.actorContactId}::uuid
      and (${q.event} <> 'priority_changed' or sees_priority)
    union all
    -- staff, about what contacts do: those who opted in, and the ticket's own (§6b)
    select 'staff', su.id, su.email, su.name, true
    from staff_users su left join staff_notification_preferences sp on sp.staff_user_id = su.id
    where ${q.actorContactId}::uuid is not null and not su.disabled
      and su.id is distinct from ${q.actorStaffId}::uuid
      -- only about a ticket in the staff user's own scope (§6b), like every staff read
      and exists (select 1 from tickets t where t.id = ${q.ticketId}::uuid and ${staffUserSeesTicket('su', 't')})
      and ((sp.scope = 'all' or (sp.scope = 'commented' and exists (
        select 1 from ticket_comments tc where tc.ticket_id = ${q.ticketId}::uuid and tc.author_staff_id = su.id)))
        -- teams (§6b): the ticket's assignee; while it has none, every member of its team
        or su.id in (
          select t.assignee_id from tickets t where t.id = ${q.ticketId}::uuid
          union all
          select stm.staff_user_id from tickets t join staff_team_members stm on stm.team_id = t.team_id
          where t.id = ${q.ticketId}::uuid and t.assignee_id is null))
    order by 1, 4, 3`;
}
