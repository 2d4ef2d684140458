import { sql, type RawBuilder } from 'kysely';
import { holdsSql } from '../../authz/contacts.ts';
import { ticketReach } from '../../authz/tickets/bulk.ts';
import type { Db } from '../../db/database.ts';
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
 * §9), resolved now: the contacts that may see the ticket (ticketReach: the portal's paths behind
 * the portal's gate, so a disabled contact, one without tickets.view or the tickets module, or one
 * that lost its path gets nothing) whose preference asks for it, and the staff that opted in to
 * contact activity, and the ticket's assignee (or, while it has none, the members of its team,
 * §6b). Never the actor. A priority change goes only to those who may see priorities.
 *
 * Each reason to be told is one term: for contacts of `n_wants` (ticket participants, §6a, become
 * one more `union all` there), for staff of the staff part's condition.
 */
export async function recipientsOf(db: Db, q: RecipientQuestion): Promise<Recipient[]> {
  const { rows } = await recipientsQuery(q).execute(db);
  return rows;
}

/** The statement recipientsOf runs (the benchmark explains it). */
export function recipientsQuery(q: RecipientQuestion): RawBuilder<Recipient> {
  return sql<Recipient>`
    with n_t as materialized (select id, requester_id from tickets where id = ${q.ticketId}::uuid),
    n_seen as materialized (
      select distinct contact_id from ${ticketReach(sql`select id from n_t`)} n_r
    ),
    n_pref as (
      select n_seen.contact_id, coalesce(np.scope, 'mine') as scope, coalesce(np.delivery, 'immediate') as delivery
      from n_seen left join contact_notification_preferences np on np.contact_id = n_seen.contact_id
    ),
    n_wants as (
      -- the requester, unless it asked for nothing
      select n_pref.contact_id from n_pref join n_t on n_t.requester_id = n_pref.contact_id
      where n_pref.scope <> 'none' and n_pref.delivery = 'immediate'
      union
      -- watchers: everything they may see
      select contact_id from n_pref where scope = 'visible' and delivery = 'immediate'
    )
    select 'contact' as kind, ct.id, ct.email, ct.name, ${holdsSql('tickets.priority.view')} as sees_priority
    from n_wants join contacts ct on ct.id = n_wants.contact_id
    join privilege_groups pgp on pgp.id = ct.privilege_group_id
    where ct.id is distinct from ${q.actorContactId}::uuid
      and (${q.event} <> 'priority_changed' or ${holdsSql('tickets.priority.view')})
    union all
    -- staff, about what contacts do: those who opted in, and the ticket's own (§6b)
    select 'staff', su.id, su.email, su.name, true
    from staff_users su left join staff_notification_preferences sp on sp.staff_user_id = su.id
    where ${q.actorContactId}::uuid is not null and not su.disabled
      and su.id is distinct from ${q.actorStaffId}::uuid
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
