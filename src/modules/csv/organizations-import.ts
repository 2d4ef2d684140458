import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ORGANIZATION_COLUMNS } from './columns.ts';
import { lockOrganizationTree } from '../organizations/repo.ts';
import {
  addTo,
  chunks,
  fold,
  isUuid,
  readHeader,
  rowReader,
  textCell,
  type IssueList,
} from './import-input.ts';
import type { CsvRecord } from './parse.ts';
import { depths, findCycles } from './tree.ts';

export type ImportCounts = { created: number; updated: number; unchanged: number };

type DbOrg = { id: string; name: string; parent_id: string | null };
type ParentRef = { kind: 'root' } | { kind: 'id'; id: string } | { kind: 'name'; name: string };
type Row = {
  line: number;
  id?: string;
  name: string;
  ref: ParentRef;
  /** Where the row goes: null is the root, a row of the file or a stored organization (its id). */
  parent?: null | { row: Row } | { db: string };
  /** The stored organization the row writes; none: a new one. */
  stored?: DbOrg;
  /** The row or a row it depends on has a problem: not checked further. */
  bad: boolean;
};

const lineList = (rows: Row[]) => rows.map((r) => r.line).join(', ');

/** Reads and checks every row against the file and the database; nothing is written. */
async function readRows(trx: Transaction<DB>, records: CsvRecord[], issues: IssueList): Promise<Row[]> {
  const [headerRecord, ...data] = records;
  if (!headerRecord) return [];
  const header = readHeader(headerRecord, ORGANIZATION_COLUMNS, ['name'], false);
  const rows: Row[] = [];
  for (const record of data) {
    const cells = rowReader(header, record, issues);
    if (!cells) continue;
    const note = (column: string, message: string) => issues.add(record.line, column, message);
    const id = (cells.get('id') ?? '').trim().toLowerCase();
    if (id && !isUuid(id)) note('id', 'is not an organization id');
    const name = textCell(cells.get('name') ?? '', 'name', 200, true, note) ?? '';
    const parentId = (cells.get('parent_id') ?? '').trim().toLowerCase();
    const parentName = (cells.get('parent_name') ?? '').trim();
    let ref: ParentRef = { kind: 'root' };
    if (parentId) {
      if (isUuid(parentId)) ref = { kind: 'id', id: parentId };
      else note('parent_id', 'is not an organization id');
    } else if (parentName) ref = { kind: 'name', name: parentName };
    rows.push({ line: record.line, ...(id ? { id } : {}), name, ref, bad: issues.has(record.line) });
  }

  // The stored organizations the rows name: by id, and by name (parents and matches).
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const row of rows) {
    if (row.id) ids.add(row.id);
    else names.add(row.name);
    if (row.ref.kind === 'id') ids.add(row.ref.id);
    if (row.ref.kind === 'name') names.add(row.ref.name);
  }
  const byId = new Map<string, DbOrg>();
  const found = await trx
    .selectFrom('organizations')
    .select(['id', 'name', 'parent_id'])
    .where('id', '=', sql<string>`any(${[...ids].filter(isUuid)}::uuid[])`)
    .execute();
  for (const o of found) byId.set(o.id, o);
  const byName = new Map<string, DbOrg[]>();
  const named = await sql<DbOrg & { input: string }>`
    select x.input, o.id, o.name, o.parent_id
    from unnest(${[...names]}::text[]) as x(input) join organizations o on lower(o.name) = lower(x.input)
    order by o.id`.execute(trx);
  for (const o of named.rows) addTo(byName, o.input, o);

  // Explicit ids: once each, and naming a stored organization.
  const rowById = new Map<string, Row>();
  for (const row of rows) {
    if (!row.id || row.bad) continue;
    const first = rowById.get(row.id);
    if (first) issues.add(row.line, 'id', `already used by line ${first.line}`);
    else if (!byId.has(row.id)) issues.add(row.line, 'id', 'no such organization');
    else {
      rowById.set(row.id, row);
      row.stored = byId.get(row.id);
    }
    row.bad = issues.has(row.line);
  }

  // Parents: by id (a row of the file first, then the database), or by name (the same).
  const rowsByName = new Map<string, Row[]>();
  for (const row of rows) addTo(rowsByName, fold(row.name), row);
  for (const row of rows) {
    if (row.bad) continue;
    const note = (column: string, message: string) => issues.add(row.line, column, message);
    if (row.ref.kind === 'root') row.parent = null;
    else if (row.ref.kind === 'id') {
      const inFile = rowById.get(row.ref.id);
      if (inFile) row.parent = { row: inFile };
      else if (byId.has(row.ref.id)) row.parent = { db: row.ref.id };
      else note('parent_id', 'no such organization');
    } else {
      const { name } = row.ref;
      const inFile = rowsByName.get(fold(name)) ?? [];
      const stored = (byName.get(name) ?? []).filter((o) => !rowById.has(o.id));
      const [only] = inFile;
      if (only && inFile.length === 1) row.parent = { row: only };
      else if (inFile.length > 1)
        note('parent_name', `lines ${lineList(inFile)} are all named "${name}"; give parent_id instead`);
      else if (stored.length === 1 && stored[0]) row.parent = { db: stored[0].id };
      else if (stored.length > 1)
        note('parent_name', `${stored.length} organizations are named "${name}"; give parent_id instead`);
      else note('parent_name', `no organization is named "${name}"`);
    }
    row.bad = issues.has(row.line);
  }

  // Cycles among the rows of the file; the parents of a row come before it in `order`.
  const keyOfRow = new Map<string, Row>(rows.map((r) => [`line:${r.line}`, r]));
  const fileParent = (key: string) => {
    const p = keyOfRow.get(key)?.parent;
    return p && 'row' in p ? `line:${p.row.line}` : null;
  };
  for (const cycle of findCycles(keyOfRow.keys(), fileParent)) {
    const onCycle = cycle.map((k) => keyOfRow.get(k) as Row);
    for (const row of onCycle) {
      issues.add(row.line, 'parent', `lines ${lineList(onCycle)} are each other's parents (a cycle)`);
      row.bad = true;
    }
  }
  const acyclicParent = (key: string) => (keyOfRow.get(key)?.bad ? null : fileParent(key));
  const order = [...depths(keyOfRow.keys(), acyclicParent)].sort((a, b) => a[1] - b[1]);

  // Rows without an id match a stored organization by name under the same parent.
  const claimedBy = new Map<string, Row>(rowById);
  for (const [key] of order) {
    const row = keyOfRow.get(key) as Row;
    const p = row.parent;
    if (p && 'row' in p && p.row.bad) row.bad = true;
    if (row.id || row.bad || p === undefined) continue;
    const parentId = p === null ? null : 'db' in p ? p.db : p.row.stored?.id;
    if (parentId === undefined) continue; // the parent is new: so is this row
    const same = (byName.get(row.name) ?? []).filter((o) => o.parent_id === parentId);
    const [match] = same;
    if (same.length > 1)
      issues.add(row.line, 'name', `${same.length} organizations with this name have this parent; give id`);
    else if (match && claimedBy.has(match.id))
      issues.add(row.line, 'name', `the same organization as line ${claimedBy.get(match.id)?.line}`);
    else if (match) {
      row.stored = match;
      claimedBy.set(match.id, row);
    }
    row.bad = issues.has(row.line);
  }
  return rows;
}

/**
 * Imports the organizations file in the caller's transaction: every row is checked first (all
 * problems thrown together as one 422, nothing written), then the rows are written parents first.
 */
export async function importOrganizations(
  trx: Transaction<DB>,
  records: CsvRecord[],
  issues: IssueList,
): Promise<ImportCounts> {
  await lockOrganizationTree(trx);
  const rows = await readRows(trx, records, issues);
  const keyOf = (row: Row) => row.stored?.id ?? `line:${row.line}`;
  const good = rows.filter((r) => !r.bad);
  const byKey = new Map(good.map((r) => [keyOf(r), r]));
  const parentKey = (row: Row): string | null => {
    const p = row.parent;
    return !p ? null : 'db' in p ? p.db : keyOf(p.row);
  };

  // A new row may not repeat the name of another row under the same parent.
  const siblings = new Map<string, Row>();
  for (const row of good) if (row.stored) siblings.set(`${parentKey(row)}|${fold(row.name)}`, row);
  for (const row of good) {
    if (row.stored) continue;
    const key = `${parentKey(row)}|${fold(row.name)}`;
    const first = siblings.get(key);
    if (first) issues.add(row.line, 'name', `line ${first.line} has the same name and parent`);
    else siblings.set(key, row);
  }

  // Cycles through stored organizations: the final parent of a row is in the file, of any other
  // organization in the database (the ancestors of the stored parents the file names).
  const storedParents = [
    ...new Set(good.flatMap((r) => (r.parent && 'db' in r.parent ? [r.parent.db] : []))),
  ];
  const ancestors = await trx
    .selectFrom('organization_closure as c')
    .innerJoin('organizations as o', 'o.id', 'c.ancestor_id')
    .select(['o.id', 'o.parent_id'])
    .where('c.descendant_id', '=', sql<string>`any(${storedParents}::uuid[])`)
    .execute();
  const storedParent = new Map(ancestors.map((a) => [a.id, a.parent_id]));
  const finalParent = (key: string): string | null => {
    const row = byKey.get(key);
    return row ? parentKey(row) : (storedParent.get(key) ?? null);
  };
  for (const cycle of findCycles(byKey.keys(), finalParent)) {
    const onCycle = cycle.flatMap((k) => byKey.get(k) ?? []);
    for (const row of onCycle)
      issues.add(row.line, 'parent', `lines ${lineList(onCycle)} would end up under themselves (a cycle)`);
  }
  issues.throwIfAny();

  // Parents first, one level of the final tree at a time (no intermediate state has a cycle).
  const depth = depths(byKey.keys(), finalParent);
  const levels = new Map<number, Row[]>();
  for (const row of good) {
    addTo(levels, depth.get(keyOf(row)) ?? 0, row);
  }
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const newRows = good.filter((r) => !r.stored);
  const { rows: newIds } = await sql<{ id: string }>`
    select portico_uuid_v7() as id from generate_series(1, ${newRows.length})`.execute(trx);
  newRows.forEach((row, i) => (row.stored = { id: newIds[i]?.id ?? '', name: row.name, parent_id: null }));
  const created = new Set(newRows);
  for (const [, level] of [...levels].sort((a, b) => a[0] - b[0])) {
    const values = [];
    for (const row of level) {
      const p = row.parent;
      const parentId = !p ? null : 'db' in p ? p.db : (p.row.stored?.id ?? null);
      const stored = row.stored as DbOrg;
      if (created.has(row)) {
        values.push({ id: stored.id, name: row.name, parent_id: parentId });
        counts.created++;
      } else if (stored.name === row.name && stored.parent_id === parentId) counts.unchanged++;
      else {
        await trx
          .updateTable('organizations')
          .set({ name: row.name, parent_id: parentId, updated_at: sql<Date>`now()` })
          .where('id', '=', stored.id)
          .execute();
        counts.updated++;
      }
    }
    for (const chunk of chunks(values)) await trx.insertInto('organizations').values(chunk).execute();
  }
  return counts;
}
