import { sql, type Selectable, type Transaction } from 'kysely';
import type { ContactsTable, DB } from '../../db/schema.ts';
import { MAX_ATTRIBUTES } from '../contacts/schema.ts';
import { readContactRows, type ContactRow } from './contact-rows.ts';
import { addTo, chunks, fold, type IssueList } from './import-input.ts';
import type { ImportCounts } from './organizations-import.ts';
import type { CsvRecord } from './parse.ts';
import { contactsPlan } from '../access/preview/plan-relation.ts';
import { measureSave, type PreviewResult } from '../access/preview/preview.ts';

type Stored = Selectable<ContactsTable>;
type Values = {
  name: string;
  email: string;
  phone: string;
  title: string;
  department: string;
  organization_id: string;
  privilege_group_id: string;
  disabled: boolean;
  attributes: Record<string, string>;
};

/** Input value → the ids of the rows `lower(column)` matches (case-insensitively, as PostgreSQL folds). */
async function idsByName(
  trx: Transaction<DB>,
  table: 'organizations' | 'privilege_groups',
  inputs: Iterable<string>,
): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ input: string; id: string }>`
    select x.input, t.id from unnest(${[...new Set(inputs)]}::text[]) as x(input)
    join ${sql.table(table)} t on lower(t.name) = lower(x.input)`.execute(trx);
  const out = new Map<string, string[]>();
  for (const r of rows) addTo(out, r.input, r.id);
  return out;
}

const sameAttributes = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

const unchanged = (s: Stored, v: Values) =>
  s.name === v.name &&
  s.email === v.email &&
  s.phone === v.phone &&
  s.title === v.title &&
  s.department === v.department &&
  s.organization_id === v.organization_id &&
  s.privilege_group_id === v.privilege_group_id &&
  s.disabled === v.disabled &&
  sameAttributes(s.attributes, v.attributes);

/** Checks every row against the file and the database: the values to write, nothing written. */
async function resolveRows(trx: Transaction<DB>, records: CsvRecord[], issues: IssueList) {
  // Every readable row is checked in full, so that every problem of every row is reported.
  const rows = readContactRows(records, issues);

  // E-mail addresses once per file, compared case-insensitively.
  const emailLine = new Map<string, number>();
  for (const row of rows) {
    if (row.email === '') continue;
    const first = emailLine.get(fold(row.email));
    if (first !== undefined) issues.add(row.line, 'email', `already used by line ${first}`);
    else emailLine.set(fold(row.email), row.line);
  }

  const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
  const byId = new Map<string, Stored>();
  const byEmail = new Map<string, Stored>();
  for (const chunk of chunks(ids)) {
    const found = await trx.selectFrom('contacts').selectAll().where('id', 'in', chunk).execute();
    for (const c of found) byId.set(c.id, c);
  }
  for (const chunk of chunks(rows.flatMap((r) => (r.unresolved ? [] : [r.email])))) {
    const { rows: found } = await sql<Stored & { input: string }>`
      select x.input, c.* from unnest(${chunk}::text[]) as x(input)
      join contacts c on lower(c.email) = lower(x.input)`.execute(trx);
    for (const c of found) byEmail.set(c.input, c);
  }
  const orgIds = new Set<string>();
  const orgIdsWanted = rows.flatMap((r) => (r.organization.kind === 'id' ? [r.organization.id] : []));
  for (const chunk of chunks([...new Set(orgIdsWanted)])) {
    const found = await trx.selectFrom('organizations').select('id').where('id', 'in', chunk).execute();
    for (const o of found) orgIds.add(o.id);
  }
  const orgsByName = await idsByName(
    trx,
    'organizations',
    rows.flatMap((r) => (r.organization.kind === 'name' ? [r.organization.name] : [])),
  );
  const groupsByName = await idsByName(
    trx,
    'privilege_groups',
    rows.flatMap((r) => (r.privilegeGroup ? [r.privilegeGroup] : [])),
  );
  const defaultGroup = await trx
    .selectFrom('privilege_groups')
    .select('id')
    .where('is_default', '=', true)
    .executeTakeFirst();

  // Which stored contact each row writes: by id, or else by e-mail address; each at most once.
  const claimedBy = new Map<string, number>();
  const targets = new Map<ContactRow, Stored | undefined>();
  const resolvable = rows.filter((r) => !r.unresolved);
  for (const row of [...resolvable.filter((r) => r.id), ...resolvable.filter((r) => !r.id)]) {
    const note = (column: string, message: string) => issues.add(row.line, column, message);
    const owner = byEmail.get(row.email);
    let stored: Stored | undefined;
    if (row.id) {
      stored = byId.get(row.id);
      if (!stored) note('id', 'no such contact');
      else if (claimedBy.has(row.id)) note('id', `already used by line ${claimedBy.get(row.id)}`);
      else if (owner && owner.id !== row.id) note('email', 'already used by another contact');
    } else if (owner && claimedBy.has(owner.id)) {
      note('email', `belongs to the contact that line ${claimedBy.get(owner.id)} writes`);
    } else stored = owner;
    if (stored) claimedBy.set(stored.id, row.line);
    targets.set(row, stored);
  }

  const writes: Array<{ row: ContactRow; stored?: Stored; values: Values }> = [];
  for (const row of rows) {
    const note = (column: string, message: string) => issues.add(row.line, column, message);
    const stored = targets.get(row);
    const ref = row.organization;
    let organizationId = stored?.organization_id;
    if (ref.kind === 'id') {
      organizationId = ref.id;
      if (!orgIds.has(ref.id)) note('organization_id', 'no such organization');
    } else if (ref.kind === 'name') {
      const found = orgsByName.get(ref.name) ?? [];
      organizationId = found[0];
      if (found.length === 0) note('organization_name', `no organization is named "${ref.name}"`);
      if (found.length > 1)
        note(
          'organization_name',
          `${found.length} organizations are named "${ref.name}"; give organization_id`,
        );
    } else if (ref.kind === 'none' && !stored && !row.unresolved)
      note('organization_id', 'a new contact needs organization_id or organization_name');

    let groupId = stored?.privilege_group_id ?? defaultGroup?.id;
    if (row.privilegeGroup) {
      groupId = groupsByName.get(row.privilegeGroup)?.[0];
      if (!groupId) note('privilege_group', `no privilege group is named "${row.privilegeGroup}"`);
    } else if (!groupId) note('privilege_group', 'is required (no privilege group is the default)');

    // Attributes without a column are kept; an empty cell removes one (an empty value stays).
    const merged = new Map(Object.entries(stored?.attributes ?? {}));
    for (const { key, value } of row.attributes) {
      if (value !== '') merged.set(key, value);
      else if (merged.get(key) !== '') merged.delete(key);
    }
    const attributes = Object.fromEntries(merged);
    if (merged.size > MAX_ATTRIBUTES) note('attributes', `at most ${MAX_ATTRIBUTES} per contact`);
    if (issues.has(row.line) || !organizationId || !groupId) continue;
    const values: Values = {
      name: row.name,
      email: row.email,
      phone: row.phone ?? stored?.phone ?? '',
      title: row.title ?? stored?.title ?? '',
      department: row.department ?? stored?.department ?? '',
      organization_id: organizationId,
      privilege_group_id: groupId,
      disabled: row.disabled ?? stored?.disabled ?? false,
      attributes,
    };
    writes.push({ row, ...(stored ? { stored } : {}), values });
  }
  return writes;
}

/** What a contacts file did (or, in a dry run, would do): the rows, and who gains and loses access. */
export type ContactsImported = ImportCounts & { access: PreviewResult };

/**
 * Imports the contacts file in the caller's transaction: every row is checked first (every
 * problem thrown together as one 422, nothing written); rows equal to the stored contact are not
 * written. The writes are measured like any access change (measureSave): what the contacts they
 * touch see and may do before and after, and what grant holders see of their tickets.
 */
export async function importContacts(
  trx: Transaction<DB>,
  records: CsvRecord[],
  issues: IssueList,
): Promise<ContactsImported> {
  const writes = await resolveRows(trx, records, issues);
  issues.throwIfAny();
  const updates = writes.filter((w) => w.stored && !unchanged(w.stored, w.values));
  // New contacts get their ids now, so that the preview's plan names them before they exist.
  const fresh = writes.filter((w) => !w.stored);
  const { rows: freshIds } = await sql<{ id: string }>`
    select portico_uuid_v7() as id from generate_series(1, ${fresh.length})`.execute(trx);
  const inserts = fresh.map((w, i) => ({ id: freshIds[i]?.id ?? '', ...w.values }));
  const stored = updates.map((w) => ({ id: w.stored?.id ?? '', before: w.stored, values: w.values }));
  const plan = contactsPlan({
    ids: [...inserts.map((v) => v.id), ...stored.map((u) => u.id)],
    stored: stored.map((u) => u.id),
    organizations: stored.map((u) => u.values.organization_id),
  });
  const access = await measureSave(
    trx,
    async () => plan,
    () => writeContacts(trx, inserts, stored),
  );
  return {
    created: inserts.length,
    updated: updates.length,
    unchanged: writes.length - inserts.length - updates.length,
    access,
  };
}

async function writeContacts(
  trx: Transaction<DB>,
  inserts: Array<Values & { id: string }>,
  updates: Array<{ id: string; before?: Stored; values: Values }>,
): Promise<void> {
  for (const chunk of chunks(updates, 500)) {
    const json = JSON.stringify(chunk.map((u) => ({ id: u.id, ...u.values })));
    await sql`
      update contacts c set name = v.name, email = v.email, phone = v.phone, title = v.title,
        department = v.department, organization_id = v.organization_id,
        privilege_group_id = v.privilege_group_id, disabled = v.disabled, attributes = v.attributes,
        updated_at = now()
      from jsonb_to_recordset(${json}::jsonb) as v(id uuid, name text, email text, phone text,
        title text, department text, organization_id uuid, privilege_group_id uuid, disabled boolean,
        attributes jsonb)
      where c.id = v.id`.execute(trx);
  }
  // A contact the file disables is signed out everywhere, as with PATCH.
  const disabled = updates.flatMap((u) => (u.values.disabled && !u.before?.disabled ? [u.id] : []));
  for (const chunk of chunks(disabled))
    await trx.deleteFrom('sessions').where('contact_id', 'in', chunk).execute();
  for (const chunk of chunks(inserts, 500))
    await trx
      .insertInto('contacts')
      .values(chunk.map((v) => ({ ...v, attributes: JSON.stringify(v.attributes), password_hash: null })))
      .execute();
}
