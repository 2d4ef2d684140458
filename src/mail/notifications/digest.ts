import { createElement as h } from 'react';
import { sql } from 'kysely';
import { visibleTicketPairsAmong } from '../../authz/tickets/bulk.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { OutgoingMail } from '../outbox.ts';
import { page } from './message.ts';

/** The views a digest is grouped by, as the portal names its ticket views. */
const VIEWS = [
  ['mine', 'My tickets'],
  ['organization', 'My organization'],
  ['groups', 'Groups I follow'],
] as const;
type DigestView = (typeof VIEWS)[number][0];

type DigestRow = {
  contact_id: string;
  email: string;
  ticket_id: string;
  number: number;
  subject: string;
  status: string;
  view: DigestView;
  changes: number;
};

/**
 * The daily digests due at `now`, and their windows marked covered (last_digest_at = now), in
 * the caller's transaction: the worker queues the result in the same one, so a digest is neither
 * lost nor sent twice. A contact is due a day after its last digest (or after choosing the digest);
 * the digest lists, per view (mine / my organization / groups I follow), the tickets that changed
 * in its window by someone else and that it may see now (`mine`: its own and those it takes part in) — the same bulk scope as preview
 * (visibleTicketPairsAmong), in one query over every due contact. Priorities are not listed, so
 * no field depends on tickets.priority.view; a contact with nothing new gets no message.
 */
export async function digestsDue(db: Db, config: Config, now: Date): Promise<OutgoingMail[]> {
  const { rows } = await sql<DigestRow>`
    with d_c as materialized (
      select np.contact_id, np.scope, coalesce(np.last_digest_at, np.updated_at) as since
      from contact_notification_preferences np
      where np.delivery = 'daily' and np.scope <> 'none'
        and coalesce(np.last_digest_at, np.updated_at) <= ${now}::timestamptz - interval '1 day'
    ),
    d_e as materialized (
      select e.ticket_id, e.actor_contact_id, e.created_at from mail_ticket_events e
      where e.created_at > (select min(since) from d_c) and e.created_at <= ${now}::timestamptz
    ),
    d_pairs as (
      select distinct p.contact_id, p.ticket_id from ${visibleTicketPairsAmong(
        sql`select contact_id from d_c`,
        sql`select dt.requester_id from tickets dt where dt.id in (select ticket_id from d_e)`,
      )} p
    )
    select ct.id as contact_id, ct.email, t.id as ticket_id, t.number, t.subject, t.status,
      case
        when t.requester_id = ct.id or d_part.contact_id is not null then 'mine'
        when (pgp.ticket_scope = 'organization' and t.organization_id = ct.organization_id)
          or (pgp.ticket_scope = 'organization_tree' and exists (select 1 from organization_closure oc
            where oc.ancestor_id = ct.organization_id and oc.descendant_id = t.organization_id))
          then 'organization'
        else 'groups'
      end as view,
      count(*)::int as changes
    from d_pairs join d_c on d_c.contact_id = d_pairs.contact_id
    join d_e on d_e.ticket_id = d_pairs.ticket_id and d_e.created_at > d_c.since
      and d_e.actor_contact_id is distinct from d_c.contact_id
    join tickets t on t.id = d_pairs.ticket_id
    join contacts ct on ct.id = d_c.contact_id
    join privilege_groups pgp on pgp.id = ct.privilege_group_id
    left join ticket_participants d_part on d_part.ticket_id = t.id and d_part.contact_id = ct.id
    where d_c.scope = 'visible' or t.requester_id = ct.id or d_part.contact_id is not null
    group by ct.id, ct.email, t.id, t.number, t.subject, t.status, t.requester_id, t.organization_id,
      pgp.ticket_scope, ct.organization_id, d_part.contact_id
    order by ct.id, t.number`.execute(db);

  await db
    .updateTable('contact_notification_preferences')
    .set({ last_digest_at: now })
    .where('delivery', '=', 'daily')
    .where('scope', '<>', 'none')
    .where(sql<boolean>`coalesce(last_digest_at, updated_at) <= ${now}::timestamptz - interval '1 day'`)
    .execute();

  const byContact = new Map<string, DigestRow[]>();
  for (const r of rows) byContact.set(r.contact_id, [...(byContact.get(r.contact_id) ?? []), r]);
  return [...byContact].map(([contactId, tickets]) =>
    digestMail(config, contactId, tickets[0]?.email ?? '', tickets),
  );
}

function digestMail(config: Config, contactId: string, to: string, tickets: DigestRow[]): OutgoingMail {
  const link = (r: DigestRow) => `${config.publicUrl}/portal/tickets/${r.ticket_id}`;
  const line = (r: DigestRow) =>
    `#${r.number} ${r.subject} (${r.status}; ${r.changes} change${r.changes === 1 ? '' : 's'})`;
  const sections = VIEWS.map(([view, title]) => ({
    title,
    rows: tickets.filter((r) => r.view === view),
  })).filter((s) => s.rows.length > 0);
  const text = [
    'What changed on your tickets since the last summary:',
    ...sections.flatMap((s) => ['', s.title, ...s.rows.map((r) => `- ${line(r)}: ${link(r)}`)]),
    '',
    `Change what you receive: ${config.publicUrl}/portal/account`,
  ].join('\n');
  const html = page([
    h('p', { key: 'intro' }, 'What changed on your tickets since the last summary:'),
    ...sections.map((s) =>
      h('section', { key: s.title }, [
        h('h2', { key: 'h' }, s.title),
        h(
          'ul',
          { key: 'l' },
          s.rows.map((r) => h('li', { key: r.ticket_id }, h('a', { href: link(r) }, line(r)))),
        ),
      ]),
    ),
    h(
      'p',
      { key: 'prefs' },
      h('a', { href: `${config.publicUrl}/portal/account` }, 'Change what you receive'),
    ),
  ]);
  const count = new Set(tickets.map((r) => r.ticket_id)).size;
  return {
    kind: 'digest',
    to,
    subject: `Your daily summary: ${count} ticket${count === 1 ? '' : 's'} changed`,
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated' },
    contactId,
  };
}
