import type { ReviewItemOut } from './schema.ts';

/**
 * CSV for spreadsheets: every value quoted, and a cell that a spreadsheet would run as a formula
 * (starting with = + - @, or a tab or carriage return) prefixed with an apostrophe (OWASP CSV
 * injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null | undefined): string {
  const text = value ?? '';
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export const csvRow = (values: Array<string | null | undefined>) => values.map(csvCell).join(',');

const HEADER = [
  'contact_id',
  'contact_name',
  'contact_email',
  'organization',
  'privilege_group',
  'path',
  'ticket_scope',
  'scope_organization',
  'user_group',
  'path_level',
  'contact_level',
];

/** One line per (contact, path), after a header line; CRLF line ends (RFC 4180). */
export function reviewCsv(items: ReviewItemOut[]): string {
  const lines = [csvRow(HEADER)];
  for (const item of items)
    for (const p of item.paths)
      lines.push(
        csvRow([
          item.contact.id,
          item.contact.name,
          item.contact.email,
          item.organization.name,
          item.privilegeGroup.name,
          p.kind,
          p.ticketScope,
          p.organization?.name,
          p.userGroup?.name,
          p.level,
          item.level,
        ]),
      );
  return `${lines.join('\r\n')}\r\n`;
}
