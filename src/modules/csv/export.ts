import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ATTRIBUTE_PREFIX, CONTACT_COLUMNS, EXPORT_BATCH, ORGANIZATION_COLUMNS } from './columns.ts';
import { csvHeader, csvRecord, UTF8_BOM } from './write.ts';

export type ExportFilter = { organizationId?: string; privilegeGroupId?: string };

/** The organization and everything below it (organization_closure includes the node itself). */
const subtreeOf = (db: Kysely<DB>, organizationId: string) =>
  db.selectFrom('organization_closure').select('descendant_id').where('ancestor_id', '=', organizationId);

/**
 * The organizations file, one chunk of text per batch: keyset batches by id (UUIDv7, so creation
 * order; parents usually come before their children), never more than one batch in memory.
 */
export async function* organizationsCsv(db: Kysely<DB>, filter: ExportFilter): AsyncGenerator<string> {
  yield UTF8_BOM + csvHeader(ORGANIZATION_COLUMNS);
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('organizations as o')
      .leftJoin('organizations as p', 'p.id', 'o.parent_id')
      .select(['o.id', 'o.name', 'o.parent_id', 'p.name as parent_name']);
    if (filter.organizationId) query = query.where('o.id', 'in', subtreeOf(db, filter.organizationId));
    if (after) query = query.where('o.id', '>', after);
    const rows = await query.orderBy('o.id').limit(EXPORT_BATCH).execute();
    if (rows.length === 0) return;
    yield rows.map((r) => csvRecord([r.id, r.name, r.parent_id ?? '', r.parent_name ?? ''])).join('');
    if (rows.length < EXPORT_BATCH) return;
    after = rows[rows.length - 1]?.id;
  }
}

/** The attribute keys of the exported contacts, sorted: one SQL query, before the rows are read. */
export async function contactAttributeKeys(db: Kysely<DB>, filter: ExportFilter): Promise<string[]> {
  const conditions = [sql`true`];
  if (filter.organizationId)
    conditions.push(
      sql`c.organization_id in (select descendant_id from organization_closure where ancestor_id = ${filter.organizationId})`,
    );
  if (filter.privilegeGroupId) conditions.push(sql`c.privilege_group_id = ${filter.privilegeGroupId}`);
  const result = await sql<{ key: string }>`
    select distinct k.key from contacts c cross join lateral jsonb_object_keys(c.attributes) as k(key)
    where ${sql.join(conditions, sql` and `)}
    order by k.key`.execute(db);
  return result.rows.map((r) => r.key);
}

/** The contacts file: the fixed columns, then `attr:<key>` for each key in `attributeKeys`. */
export async function* contactsCsv(
  db: Kysely<DB>,
  filter: ExportFilter,
  attributeKeys: readonly string[],
): AsyncGenerator<string> {
  yield UTF8_BOM + csvHeader([...CONTACT_COLUMNS, ...attributeKeys.map((k) => ATTRIBUTE_PREFIX + k)]);
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('contacts as c')
      .innerJoin('organizations as o', 'o.id', 'c.organization_id')
      .innerJoin('privilege_groups as g', 'g.id', 'c.privilege_group_id')
      .select([
        'c.id',
        'c.name',
        'c.email',
        'c.phone',
        'c.title',
        'c.department',
        'c.organization_id',
        'o.name as organization_name',
        'g.name as privilege_group',
        'c.disabled',
        'c.attributes',
      ]);
    if (filter.organizationId)
      query = query.where('c.organization_id', 'in', subtreeOf(db, filter.organizationId));
    if (filter.privilegeGroupId) query = query.where('c.privilege_group_id', '=', filter.privilegeGroupId);
    if (after) query = query.where('c.id', '>', after);
    const rows = await query.orderBy('c.id').limit(EXPORT_BATCH).execute();
    if (rows.length === 0) return;
    yield rows
      .map((r) =>
        csvRecord([
          r.id,
          r.name,
          r.email,
          r.phone,
          r.title,
          r.department,
          r.organization_id,
          r.organization_name,
          r.privilege_group,
          String(r.disabled),
          ...attributeKeys.map((k) => String(r.attributes[k] ?? '')),
        ]),
      )
      .join('');
    if (rows.length < EXPORT_BATCH) return;
    after = rows[rows.length - 1]?.id;
  }
}
