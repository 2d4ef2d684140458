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
 * contact activity. Never the actor. A priority change goes only to those who may see priorities.
 *
 * Each reason to be told is one term of `n_wants`: the requester, the participants (§6a), the
 * watchers; staff teams (§6b) become one more term there, with no change to the gate or the body.
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
      -- the participants (§6a): "my and participating tickets", unless they asked for nothing
      select n_pref.contact_id from n_pref join ticket_participants n_tp on n_tp.contact_id = n_pref.contact_id
      where n_tp.ticket_id = ${q.ticketId}::uuid and n_pref.scope <> 'none' and n_pref.delivery = 'immediate'
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
    -- staff who opted in, about what contacts do (until teams and assignees exist, §6b)
    select 'staff', su.id, su.email, su.name, true
    from staff_notification_preferences sp join staff_users su on su.id = sp.staff_user_id
    where ${q.actorContactId}::uuid is not null and not su.disabled
      and su.id is distinct from ${q.actorStaffId}::uuid
      and (sp.scope = 'all' or (sp.scope = 'commented' and exists (
        select 1 from ticket_comments tc where tc.ticket_id = ${q.ticketId}::uuid and tc.author_staff_id = su.id)))
    order by 1, 4, 3`;
}
