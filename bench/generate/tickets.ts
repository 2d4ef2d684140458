import type { Profile } from '../profiles.ts';

const THREE_YEARS_S = 3 * 365 * 86_400;

/** The word in 0.1 % of the generated tickets (their descriptions), for the search scenario. */
export const SEARCH_WORD = 'lamp';

/**
 * Tickets number `from`..`to` of a profile. Independent hash streams per field: requester (80 %
 * uniform, 20 % Zipf over contacts: heavy requesters), status (22 % open, 8 % pending, 70 %
 * closed: 30 % open or pending), 2 % private, last activity over 3 years skewed to recent
 * (u^2), subjects 40-80 characters, 0.1 % of descriptions with the word SEARCH_WORD. Generating in ranges lets the scale curve grow the same
 * distribution from 1/20 to the full profile.
 */
export function ticketsSql(p: Profile, from: number, to: number, referenceTime: string): string {
  const C = p.contacts;
  return `
    insert into tickets (id, subject, description, status, priority, requester_id, organization_id, private,
                         created_at, updated_at, last_activity_at, closed_at)
    select bench_uuid(4, x.g), x.subject, x.description, x.status, x.priority, c.id, c.organization_id, x.private,
      x.activity - interval '1 second' * floor(bench_rand(x.g, 46) * 2592000), x.activity, x.activity,
      case when x.status = 'closed' then x.activity end
    from (
      select g,
        case when bench_rand(g, 40) < 0.8 then 1 + floor(bench_rand(g, 41) * ${C})::int
             else bench_permute(bench_zipf(bench_rand(g, 42), ${C}, 1.1, 50), ${C}) end as requester,
        case when bench_rand(g, 43) < 0.22 then 'open' when bench_rand(g, 43) < 0.30 then 'pending' else 'closed' end as status,
        (array['low','normal','normal','normal','high','urgent'])[1 + floor(bench_rand(g, 47) * 6)::int] as priority,
        bench_rand(g, 48) < 0.02 as private,
        timestamptz '${referenceTime}'
          - interval '1 second' * floor(power(bench_rand(g, 44), 2) * ${THREE_YEARS_S})
          - interval '1 millisecond' * floor(bench_rand(g, 45) * 1000) as activity,
        left('Ticket ' || g || ': ' || (array['printer','projector','laptop','network','e-mail','badge reader',
          'phone','scanner'])[1 + floor(bench_rand(g, 49) * 8)::int]
          || ' does not work in room ' || (100 + floor(bench_rand(g, 50) * 400)::int)
          || ' since the last update, reported by the front office this morning',
          40 + floor(bench_rand(g, 51) * 41)::int) as subject,
        -- 0.1 % of tickets mention a lamp (the full-text search scenario's rare word, SEARCH_WORD).
        case when bench_rand(g, 52) < 0.001 then 'The desk lamp in this room flickers and then goes out.'
             else '' end as description
      from generate_series(${from}, ${to}) g
    ) x
    join contacts c on c.id = bench_uuid(2, x.requester)`;
}

/**
 * The search rows of the tickets that have none yet, as tickets_search_insert (migration 0015)
 * writes them. No anti-join with ticket_search: planned while the table was still empty (the
 * first step of the scale curve), it became a nested loop rescanning the rows being inserted for
 * every ticket, quadratic (more than 10 minutes for the first 100,000 tickets at L); the
 * conflict check is one index probe per row.
 */
export function ticketSearchSql(): string {
  return `
    insert into ticket_search (ticket_id, public)
    select t.id, setweight(portico_search_vector(portico_search_language(), t.subject, 1000), 'A')
      || setweight(portico_search_vector(portico_search_language(), t.description, 100000), 'B')
    from tickets t
    on conflict (ticket_id) do nothing`;
}
