// Writing CSV cells, and the formula-injection guard both ways.

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or CR) as a formula. Such a value is
 * written with a leading apostrophe. So that an exported file imports back unchanged, a value
 * that already has apostrophes in front of such a character gets one more, and the import takes
 * exactly one away (`restoreCell`): "=1" ⇄ "'=1", "'=1" ⇄ "''=1", "'hello" stays as it is.
 */
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return NEEDS_GUARD.test(value) ? `'${value}` : value;
}

/** The inverse of neutraliseCell, applied to every imported cell. */
export function restoreCell(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * RFC 4180 quoting: a field with a comma, quote or line break goes in quotes, quotes doubled.
 * `always` quotes every field (the access review's file, read by spreadsheets as all text).
 */
export function quoteCell(text: string, always = false): string {
  return always || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One data record (values guarded, then quoted; a missing value is empty), CRLF-terminated. */
export function csvRecord(
  values: ReadonlyArray<string | null | undefined>,
  options: { quoteAll?: boolean } = {},
): string {
  return `${values.map((v) => quoteCell(neutraliseCell(v ?? ''), options.quoteAll)).join(',')}\r\n`;
}

/** The header record: fixed column names, quoted but not guarded. */
export function csvHeader(names: readonly string[]): string {
  return `${names.map((name) => quoteCell(name)).join(',')}\r\n`;
}

/** Excel reads a CSV as UTF-8 only with the byte-order mark; the importer drops it again. */
export const UTF8_BOM = '\ufeff';
