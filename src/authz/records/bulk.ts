import { sql, type RawBuilder } from 'kysely';
import { holdsSql, maySignInSql, mayUseModuleSql, type ContactIds } from '../contacts.ts';
import { RECORD_KINDS, RECORD_RULES, type RecordKind } from './condition.ts';

export { RECORD_KINDS, type RecordKind } from './condition.ts';

/**
 * The organization-owned records of records/condition.ts (visibleRecords, by RECORD_RULES) as one
 * relation over many contacts, for preview. Each kind is gated like a portal read (signed in,
 * view privilege, module usable); the organizations in scope come from organization_closure
 * (`own` and `organization`: the contact's own organization); what a kind never shows (drafts,
 * documents not public) is its rule's `shown`, as per request. A property test compares it with
 * the per-actor builders (test/api/access-preview.test.ts).
 */

export type RecordPair = { kind: RecordKind; contact_id: string; record_id: string };

const ct = { id: sql.ref<string>('ct.id'), org: sql.ref<string>('ct.organization_id') };

/**
 * Every (kind, contact, record) visible to the contacts, for the kinds asked: `contactsOf(kind)`
 * gives the contacts (a subquery of ids) whose records of that kind are wanted. Each triple
 * appears once.
 */
export function visibleRecordPairs(
  contactsOf: (kind: RecordKind) => ContactIds,
  kinds: readonly RecordKind[] = RECORD_KINDS,
): RawBuilder<RecordPair> {
  if (kinds.length === 0)
    return sql<RecordPair>`(select null::text as kind, null::uuid as contact_id, null::uuid as record_id where false)`;
  const wanted = sql.join(
    kinds.map((k) => sql`select ${k}::text as kind, w.id from (${contactsOf(k)}) w(id)`),
    sql` union all `,
  );
  const flag = (k: RecordKind) =>
    sql`(${holdsSql(RECORD_RULES[k].privilege)} and ${mayUseModuleSql(RECORD_RULES[k].module, ct.id, ct.org)}
      and exists (select 1 from vr_w where vr_w.id = ct.id and vr_w.kind = ${k}))`;
  const branches = kinds.map((k) => {
    const rule = RECORD_RULES[k];
    const shown = rule.shown ? sql` and ${rule.shown('vr_x')}` : sql``;
    const inScope = sql`select ${k}::text as kind, vr_s.contact_id, vr_x.id as record_id
      from vr_s join ${sql.table(rule.table)} vr_x on vr_x.organization_id = vr_s.scope_organization_id
      where vr_s.${sql.raw(k)}${shown}`;
    if (!rule.linkedToContact) return inScope;
    // Linked to the contact (own), or in its record scope when that is wider than own.
    return sql`(select ${k}::text as kind, vr_c.contact_id, vr_x.id as record_id
        from vr_c join ${sql.table(rule.table)} vr_x on vr_x.contact_id = vr_c.contact_id where vr_c.${sql.raw(k)}
      union
      ${inScope} and vr_s.record_scope <> 'own')`;
  });
  return sql<RecordPair>`(
    with vr_w as materialized (${wanted}),
    vr_c as materialized (
      select ct.id as contact_id, ct.organization_id, pgp.record_scope,
        ${sql.join(kinds.map((k) => sql`${flag(k)} as ${sql.raw(k)}`))}
      from contacts ct join privilege_groups pgp on pgp.id = ct.privilege_group_id
      where ct.id in (select id from vr_w) and ${maySignInSql()}
    ),
    vr_s as materialized (
      select vr_c.*, vr_sc.descendant_id as scope_organization_id
      from vr_c join organization_closure vr_sc on vr_sc.ancestor_id = vr_c.organization_id
      where vr_c.record_scope = 'organization_tree' or vr_sc.depth = 0
    )
    ${sql.join(branches, sql` union all `)}
  )`;
}
