import { sql, type RawBuilder } from 'kysely';
import { visibleTicketPairs, visibleTicketPairsAmong } from '../../../authz/tickets/bulk.ts';
import { RECORD_KINDS, visibleRecordPairs, type RecordKind } from '../../../authz/records/bulk.ts';
import type { ContactIds } from '../../../authz/contacts.ts';
import { capabilityRelation } from './capability-relation.ts';
import type { VisibilityKind } from './plan-relation.ts';

/**
 * What the contacts of a set may see and do, as one relation (kind, contact_id, record_id) with
 * kind 'ticket', 'ticket_write' (a ticket it may write), a record kind or 'capability' (record_id
 * the privilege, capability-relation.ts), and the difference of two such states summarised in one query: the
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
  /** Contacts whose capabilities (privileges they may use) count. */
  capabilityContacts?: ContactIds;
};

/** What is compared: what the plan's kinds cover, seeing a ticket also covering writing it. */
export type DiffKind = VisibilityKind | 'ticket_write';
export const DIFF_KINDS: readonly DiffKind[] = ['ticket', 'ticket_write', ...RECORD_KINDS, 'capability'];

/** A ticket pair as 'ticket', and as 'ticket_write' too when its path lets the contact write. */
const ticketRows = (pairs: RawBuilder<unknown>) =>
  sql`select k.kind, tp.contact_id, tp.ticket_id::text as record_id from ${pairs} tp
    cross join lateral (values ('ticket'::text), (case when tp.level = 'write' then 'ticket_write' end)) k(kind)
    where k.kind is not null`;

/** One SELECT of (kind, contact_id, record_id) over the sources; a pair may repeat (compare as sets). */
export function visibilityRelation(s: VisibilitySources): RawBuilder<unknown> {
  const branches: RawBuilder<unknown>[] = [];
  if (s.ticketContacts) branches.push(ticketRows(visibleTicketPairs(s.ticketContacts)));
  if (s.among) branches.push(ticketRows(visibleTicketPairsAmong(s.among.contacts, s.among.requesters)));
  if (s.recordKinds.length)
    branches.push(
      sql`select rp.kind, rp.contact_id, rp.record_id::text from ${visibleRecordPairs(s.recordContacts, s.recordKinds)} rp`,
    );
  if (s.capabilityContacts) branches.push(capabilityRelation(s.capabilityContacts));
  if (branches.length === 0)
    return sql`select null::text as kind, null::uuid as contact_id, null::text as record_id where false`;
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
/** A capability gained or lost, and by how many contacts. */
export type CapabilityChange = { privilege: string; contacts: number };
export type Diff = {
  affected: number;
  parts: Record<DiffKind, DiffPart>;
  capabilities: { gained: CapabilityChange[]; lost: CapabilityChange[] };
};

export const SAMPLE_SIZE = 10;

type TotalRow = {
  dir: 'gained' | 'lost';
  kind: DiffKind;
  pairs: number;
  contacts: number;
  records: number;
};
type CapabilityRow = { dir: 'gained' | 'lost'; privilege: string; contacts: number };
type SampleRow = {
  dir: 'gained' | 'lost';
  kind: DiffKind;
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
type SummaryRow = {
  affected: number;
  totals: TotalRow[];
  capabilities: CapabilityRow[];
  samples: SampleRow[];
};

export function diffSummary(
  before: string,
  after: RawBuilder<unknown>,
  affected: RawBuilder<unknown>,
  people: string,
) {
  const beforeTable = sql.table(before);
  return sql<SummaryRow>`
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
        select json_agg(json_build_object('dir', c.dir, 'privilege', c.record_id, 'contacts', c.n)
          order by c.dir, c.record_id)
        from (select dir, record_id, count(*)::int as n from pv_diff where kind = 'capability' group by dir, record_id) c
      ), '[]'::json) as capabilities,
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
export const emptyDiff = (): Diff => toDiff({ affected: 0, totals: [], capabilities: [], samples: [] });

/** The summary rows as one part per kind (every kind present, zero when nothing changed). */
export function toDiff(row: SummaryRow): Diff {
  const parts = Object.fromEntries(DIFF_KINDS.map((k) => [k, emptyPart()])) as Record<DiffKind, DiffPart>;
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
  const capabilities = (dir: CapabilityRow['dir']) =>
    row.capabilities.filter((c) => c.dir === dir).map(({ privilege, contacts }) => ({ privilege, contacts }));
  return {
    affected: row.affected,
    parts,
    capabilities: { gained: capabilities('gained'), lost: capabilities('lost') },
  };
}
