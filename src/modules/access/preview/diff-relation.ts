import { sql, type RawBuilder } from 'kysely';
import { visibleTicketPairs, visibleTicketPairsAmong } from '../../../authz/tickets/bulk.ts';
import { RECORD_KINDS, visibleRecordPairs, type RecordKind } from '../../../authz/records/bulk.ts';
import type { ContactIds } from '../../../authz/contacts.ts';
import type { VisibilityKind } from './plan-relation.ts';

/**
 * What the contacts of a set may see, as one relation (kind, contact_id, record_id) with kind
 * 'ticket' or a record kind, and the difference of two such states summarised in one query: the
 * pairs gained and lost, the distinct contacts and records, and the contacts gaining or losing
 * most. Used by preview, which keeps the BEFORE state in a temporary table.
 */

export type VisibilitySources = {
  /** Contacts whose every visible ticket counts. */
  ticketContacts?: ContactIds;
  /** Contacts whose visible tickets of some requesters count. */
  among?: { contacts: ContactIds; requesters: ContactIds };
  /** Record kinds that count, and for each, the contacts whose visible records of it count. */
  recordKinds: readonly RecordKind[];
  recordContacts: (kind: RecordKind) => ContactIds;
};

/** One SELECT of (kind, contact_id, record_id) over the sources; a pair may repeat (compare as sets). */
export function visibilityRelation(s: VisibilitySources): RawBuilder<unknown> {
  const branches: RawBuilder<unknown>[] = [];
  if (s.ticketContacts)
    branches.push(
      sql`select 'ticket'::text as kind, tp.contact_id, tp.ticket_id as record_id from ${visibleTicketPairs(s.ticketContacts)} tp`,
    );
  if (s.among)
    branches.push(
      sql`select 'ticket'::text as kind, ta.contact_id, ta.ticket_id as record_id
        from ${visibleTicketPairsAmong(s.among.contacts, s.among.requesters)} ta`,
    );
  if (s.recordKinds.length)
    branches.push(
      sql`select rp.kind, rp.contact_id, rp.record_id from ${visibleRecordPairs(s.recordContacts, s.recordKinds)} rp`,
    );
  if (branches.length === 0)
    return sql`select null::text as kind, null::uuid as contact_id, null::uuid as record_id where false`;
  return sql.join(branches, sql` union all `);
}

export type DiffSample = { contact: { id: string; name: string; email: string }; count: number };
export type DiffPart = {
  contactsGaining: number;
  contactsLosing: number;
  gained: { pairs: number; distinct: number };
  lost: { pairs: number; distinct: number };
  samples: { gaining: DiffSample[]; losing: DiffSample[] };
};
export type Diff = { affected: number; parts: Record<VisibilityKind, DiffPart> };

export const SAMPLE_SIZE = 10;

type TotalRow = {
  dir: 'gained' | 'lost';
  kind: VisibilityKind;
  pairs: number;
  contacts: number;
  records: number;
};
type SampleRow = {
  dir: 'gained' | 'lost';
  kind: VisibilityKind;
  n: number;
  id: string;
  name: string;
  email: string;
};

/**
 * The difference between the table `before` (kind, contact_id, record_id) and `after` (a SELECT
 * of the same columns), with the number of contacts in `affected` (a subquery of contact ids);
 * the sampled contacts are named from the table `people` (id, name, email).
 */
export function diffSummary(
  before: string,
  after: RawBuilder<unknown>,
  affected: RawBuilder<unknown>,
  people: string,
) {
  const beforeTable = sql.table(before);
  return sql<{ affected: number; totals: TotalRow[]; samples: SampleRow[] }>`
    -- One hashed pass over both sides: a triple on one side only is gained (after) or lost (before).
    with pv_diff as materialized (
      select kind, contact_id, record_id, case when bool_or(side) then 'gained' else 'lost' end as dir
      from (
        select a.kind, a.contact_id, a.record_id, true as side from (${after}) a
        union all
        select b.kind, b.contact_id, b.record_id, false from ${beforeTable} b
      ) s
      group by kind, contact_id, record_id
      having bool_or(side) <> bool_or(not side)
    ),
    -- Grouping instead of count(distinct ...): hashed, no sort of the whole difference.
    pv_per_contact as (select dir, kind, contact_id, count(*)::int as n from pv_diff group by dir, kind, contact_id),
    pv_per_record as (select dir, kind, record_id from pv_diff group by dir, kind, record_id),
    pv_totals as (
      select c.dir, c.kind, c.pairs, c.contacts, r.records
      from (select dir, kind, sum(n)::int as pairs, count(*)::int as contacts from pv_per_contact group by dir, kind) c
      join (select dir, kind, count(*)::int as records from pv_per_record group by dir, kind) r using (dir, kind)
    ),
    pv_ranked as (
      select dir, kind, contact_id, n,
        row_number() over (partition by dir, kind order by n desc, contact_id) as rn
      from pv_per_contact
    )
    select
      (select count(distinct a.id)::int from (${affected}) a(id)) as affected,
      coalesce((select json_agg(t) from pv_totals t), '[]'::json) as totals,
      coalesce((
        select json_agg(json_build_object('dir', rk.dir, 'kind', rk.kind, 'n', rk.n,
          'id', ct.id, 'name', ct.name, 'email', ct.email) order by rk.dir, rk.kind, rk.rn)
        from pv_ranked rk join ${sql.table(people)} ct on ct.id = rk.contact_id
        where rk.rn <= ${SAMPLE_SIZE}
      ), '[]'::json) as samples`;
}

const emptyPart = (): DiffPart => ({
  contactsGaining: 0,
  contactsLosing: 0,
  gained: { pairs: 0, distinct: 0 },
  lost: { pairs: 0, distinct: 0 },
  samples: { gaining: [], losing: [] },
});

/** No difference: every kind present, nothing changed. */
export const emptyDiff = (): Diff => toDiff({ affected: 0, totals: [], samples: [] });

/** The summary rows as one part per kind (every kind present, zero when nothing changed). */
export function toDiff(row: { affected: number; totals: TotalRow[]; samples: SampleRow[] }): Diff {
  const parts = Object.fromEntries(
    (['ticket', ...RECORD_KINDS] as VisibilityKind[]).map((k) => [k, emptyPart()]),
  ) as Record<VisibilityKind, DiffPart>;
  for (const t of row.totals) {
    const part = parts[t.kind];
    const side = { pairs: t.pairs, distinct: t.records };
    if (t.dir === 'gained') Object.assign(part, { contactsGaining: t.contacts, gained: side });
    else Object.assign(part, { contactsLosing: t.contacts, lost: side });
  }
  for (const s of row.samples) {
    const sample = { contact: { id: s.id, name: s.name, email: s.email }, count: s.n };
    parts[s.kind].samples[s.dir === 'gained' ? 'gaining' : 'losing'].push(sample);
  }
  return { affected: row.affected, parts };
}
