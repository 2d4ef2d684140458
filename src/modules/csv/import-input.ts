// Reading an uploaded CSV file: the request body, the text, the header and the problem list.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, invalid, type FieldIssue } from '../../errors.ts';
import { ATTRIBUTE_KEY } from '../contacts/schema.ts';
import { readUpload } from '../files/store.ts';
import { ATTRIBUTE_PREFIX, MAX_IMPORT_ROWS, MAX_ISSUES } from './columns.ts';
import { CsvSyntaxError, CsvTooManyRecordsError, parseCsv, type CsvRecord } from './parse.ts';
import { restoreCell } from './write.ts';

/** The file of an import: multipart/form-data with one file part, or a text/csv body. */
export async function readCsvBody(
  request: FastifyRequest,
  limitBytes: number,
): Promise<{ filename: string; data: Buffer }> {
  if (request.isMultipart()) return readUpload(request, limitBytes);
  if (Buffer.isBuffer(request.body)) return { filename: 'upload.csv', data: request.body };
  throw new AppError(
    'unsupported_media_type',
    'Send the CSV file as multipart/form-data (field "file") or as a text/csv body.',
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text (with or without a byte-order mark) to header and data records. */
export function parseCsvFile(data: Buffer): { header: CsvRecord; rows: CsvRecord[] } {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    throw invalid('file', 'is not UTF-8 text');
  }
  let records: CsvRecord[];
  try {
    records = parseCsv(text, { maxRecords: MAX_IMPORT_ROWS + 1 });
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new AppError('validation_failed', `The file is not valid CSV (line ${error.line}).`, {
        issues: [{ path: `line ${error.line}`, message: error.message }],
      });
    if (error instanceof CsvTooManyRecordsError)
      throw invalid('file', `has more than ${MAX_IMPORT_ROWS} rows; split it into several files`);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw invalid('file', 'is empty: its first line must name the columns');
  return { header, rows };
}

/** Every problem found in a file, by line and column; the answer lists the first MAX_ISSUES in line order. */
export class IssueList {
  private readonly all: Array<{ line: number; column: string | null; message: string }> = [];
  private readonly lines = new Set<number>();

  /** A problem of the line; `column` names the cell (null: the line as a whole, or the header). */
  add(line: number, column: string | null, message: string): void {
    this.all.push({ line, column, message });
    this.lines.add(line);
  }

  has(line: number): boolean {
    return this.lines.has(line);
  }

  /** 422 with the issues when there are any: nothing has been written yet. */
  throwIfAny(): void {
    if (this.all.length === 0) return;
    const sorted = [...this.all].sort((a, b) => a.line - b.line);
    const issues: FieldIssue[] = sorted.slice(0, MAX_ISSUES).map((i) => ({
      path: `line ${i.line}`,
      message: i.column ? `${i.column}: ${i.message}` : i.message,
      line: i.line,
      ...(i.column ? { column: i.column } : {}),
    }));
    const shown = sorted.length > MAX_ISSUES ? ` (the first ${MAX_ISSUES} are listed)` : '';
    throw new AppError(
      'validation_failed',
      `Nothing was imported: ${sorted.length} problem(s) on ${this.lines.size} line(s)${shown}.`,
      { issues },
    );
  }
}

export type Header = {
  columns: Map<string, number>;
  attributes: Array<{ key: string; index: number }>;
  width: number;
};

/**
 * The header record: known column names (any case), `attr:<key>` columns when allowed, each at
 * most once; the `required` columns must be there. Problems throw at once (no row can be read).
 */
export function readHeader(
  record: CsvRecord,
  known: readonly string[],
  required: readonly string[],
  withAttributes: boolean,
): Header {
  const issues = new IssueList();
  const header: Header = { columns: new Map(), attributes: [], width: record.cells.length };
  const seen = new Set<string>();
  record.cells.forEach((raw, index) => {
    const name = raw.trim();
    const isAttribute = withAttributes && name.toLowerCase().startsWith(ATTRIBUTE_PREFIX);
    const id = isAttribute ? ATTRIBUTE_PREFIX + name.slice(ATTRIBUTE_PREFIX.length) : name.toLowerCase();
    if (seen.has(id)) return issues.add(record.line, null, `column "${name}": appears more than once`);
    seen.add(id);
    if (isAttribute) {
      const key = name.slice(ATTRIBUTE_PREFIX.length);
      if (!ATTRIBUTE_KEY.test(key))
        return issues.add(
          record.line,
          null,
          `column "${name}": attribute keys start with a letter and hold letters, digits and _ (at most 63)`,
        );
      header.attributes.push({ key, index });
    } else if (known.includes(id)) header.columns.set(id, index);
    else {
      const expected = [...known, ...(withAttributes ? [`${ATTRIBUTE_PREFIX}<key>`] : [])].join(', ');
      issues.add(record.line, null, `column "${name}": unknown column (expected ${expected})`);
    }
  });
  for (const name of required)
    if (!header.columns.has(name)) issues.add(record.line, null, `column "${name}": is required`);
  issues.throwIfAny();
  return header;
}

/**
 * The cells of a data row, by column name: undefined when the file has no such column, the cell
 * with the export's formula guard taken off otherwise. A row of the wrong width is reported.
 */
export function rowReader(header: Header, record: CsvRecord, issues: IssueList) {
  if (record.cells.length !== header.width) {
    issues.add(record.line, null, `has ${record.cells.length} fields; the header has ${header.width}`);
    return undefined;
  }
  return {
    get(column: string): string | undefined {
      const index = header.columns.get(column);
      return index === undefined ? undefined : restoreCell(record.cells[index] ?? '');
    },
    attribute(index: number): string {
      return restoreCell(record.cells[index] ?? '');
    },
  };
}

const Uuid = z.uuid();
export const isUuid = (value: string) => Uuid.safeParse(value).success;

/** Trimmed text of at most `max` characters; `required`: not empty. Undefined: the problem is noted. */
export function textCell(
  value: string,
  column: string,
  max: number,
  required: boolean,
  note: (column: string, message: string) => void,
): string | undefined {
  const text = value.trim();
  if (required && text === '') return void note(column, 'is required');
  if (text.length > max) return void note(column, `at most ${max} characters`);
  return text;
}

/** Several rows may need the same record: one query per chunk of keys, not one per row. */
export function chunks<T>(items: readonly T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Appends to the list kept under `key` (in place: a file may hold thousands of equal keys). */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A case-insensitive key for names and e-mail addresses, as the unique indexes compare them. */
export const fold = (text: string) => text.toLowerCase();
