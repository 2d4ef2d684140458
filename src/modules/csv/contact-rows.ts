// The rows of a contacts file, read and checked on their own (no database yet).
import { Email } from '../contacts/schema.ts';
import { CONTACT_COLUMNS } from './columns.ts';
import { fold, isUuid, readHeader, rowReader, textCell, type IssueList } from './import-input.ts';
import type { CsvRecord } from './parse.ts';

/** 'invalid': the cell is not an id (already reported). */
export type Reference =
  { kind: 'none' } | { kind: 'invalid' } | { kind: 'id'; id: string } | { kind: 'name'; name: string };

export type ContactRow = {
  line: number;
  id?: string;
  name: string;
  email: string;
  /** undefined: the file has no such column (kept, or empty for a new contact). */
  phone?: string;
  title?: string;
  department?: string;
  organization: Reference;
  /** Group name; undefined: kept, or the default group for a new contact. */
  privilegeGroup?: string;
  /** undefined: kept, or false for a new contact. */
  disabled?: boolean;
  /** The attribute columns of the file; an empty value removes the attribute. */
  attributes: Array<{ key: string; value: string }>;
  /**
   * Its id or e-mail cell is unusable, so which contact it writes is unknown: the checks that
   * depend on it (claims on a stored contact, a new contact's organization) are skipped; every
   * other cell is still checked against the file and the database.
   */
  unresolved: boolean;
};

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

/** Every row, its own problems noted (and the row marked bad). */
export function readContactRows(records: CsvRecord[], issues: IssueList): ContactRow[] {
  const [headerRecord, ...data] = records;
  if (!headerRecord) return [];
  const header = readHeader(headerRecord, CONTACT_COLUMNS, ['name', 'email'], true);
  const rows: ContactRow[] = [];
  for (const record of data) {
    const cells = rowReader(header, record, issues);
    if (!cells) continue;
    const note = (column: string, message: string) => issues.add(record.line, column, message);
    const optionalText = (column: string, max: number) => {
      const value = cells.get(column);
      return value === undefined ? undefined : textCell(value, column, max, false, note);
    };

    const idCell = (cells.get('id') ?? '').trim().toLowerCase();
    const id = isUuid(idCell) ? idCell : '';
    if (idCell && !id) note('id', 'is not a contact id');
    const name = textCell(cells.get('name') ?? '', 'name', 200, true, note) ?? '';
    const emailCell = (cells.get('email') ?? '').trim();
    const email = Email.safeParse(emailCell);
    if (emailCell === '') note('email', 'is required');
    else if (!email.success) note('email', 'is not a valid e-mail address');

    const organizationId = (cells.get('organization_id') ?? '').trim().toLowerCase();
    const organizationName = (cells.get('organization_name') ?? '').trim();
    let organization: Reference = { kind: 'none' };
    if (organizationId) {
      if (isUuid(organizationId)) organization = { kind: 'id', id: organizationId };
      else {
        organization = { kind: 'invalid' };
        note('organization_id', 'is not an organization id');
      }
    } else if (organizationName) organization = { kind: 'name', name: organizationName };

    const disabledCell = fold((cells.get('disabled') ?? '').trim());
    let disabled: boolean | undefined;
    if (TRUE.has(disabledCell)) disabled = true;
    else if (FALSE.has(disabledCell)) disabled = false;
    else if (disabledCell !== '') note('disabled', 'write true or false');

    const attributes = header.attributes.map(({ key, index }) => ({ key, value: cells.attribute(index) }));
    for (const { key, value } of attributes)
      if (value.length > 1000) note(`attr:${key}`, 'at most 1000 characters');

    const row: ContactRow = {
      line: record.line,
      ...(id ? { id } : {}),
      name,
      email: email.data ?? emailCell,
      phone: optionalText('phone', 50),
      title: optionalText('title', 200),
      department: optionalText('department', 200),
      organization,
      privilegeGroup: (cells.get('privilege_group') ?? '').trim() || undefined,
      disabled,
      attributes,
      unresolved: (idCell !== '' && !id) || !email.success,
    };
    rows.push(row);
  }
  return rows;
}
