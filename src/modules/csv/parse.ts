/** One CSV record and the (1-based) line of the file it starts on. */
export type CsvRecord = { line: number; cells: string[] };

/** The text is not CSV; `line` is where the broken record starts or the problem lies. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** More records than `maxRecords`: parsing stopped there. */
export class CsvTooManyRecordsError extends Error {
  constructor(readonly maxRecords: number) {
    super(`more than ${maxRecords} records`);
  }
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Line breaks in text[from, to): CRLF, LF and a lone CR each count once. */
function countBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) breaks++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) breaks++;
  }
  return breaks;
}

/**
 * RFC 4180 CSV: comma-separated fields, fields in double quotes may hold commas, line breaks and
 * doubled quotes (""). Records end with CRLF, LF or a lone CR; a leading byte-order mark is
 * dropped; empty lines are skipped. A quote inside an unquoted field is kept as it is (as
 * spreadsheets write it); text after a closing quote, or a quote never closed, is an error.
 */
export function parseCsv(input: string, options: { maxRecords?: number } = {}): CsvRecord[] {
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let onlyBlank = true;
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endRecord = () => {
    const blank = onlyBlank && cells.length === 1 && cells[0] === '';
    if (!blank) {
      if (records.length >= maxRecords) throw new CsvTooManyRecordsError(maxRecords);
      records.push({ line: recordLine, cells });
    }
    cells = [];
    onlyBlank = true;
    recordLine = line;
  };

  if (n === 0) return records;
  for (;;) {
    // At the start of a field.
    if (text.charCodeAt(i) === QUOTE) {
      onlyBlank = false;
      const startLine = line;
      let value = '';
      let segment = i + 1;
      for (;;) {
        const q = text.indexOf('"', segment);
        if (q === -1) throw new CsvSyntaxError(startLine, 'a quoted field is never closed');
        line += countBreaks(text, segment, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(segment, q + 1);
          segment = q + 2;
          continue;
        }
        value += text.slice(segment, q);
        i = q + 1;
        break;
      }
      cells.push(value);
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === CR || c === LF) break;
        j++;
      }
      cells.push(text.slice(i, j));
      i = j;
    }
    // After a field: a comma, a line break or the end of the text.
    if (i >= n) {
      endRecord();
      return records;
    }
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    if (c === CR || c === LF) {
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      endRecord();
      if (i >= n) return records;
      continue;
    }
    throw new CsvSyntaxError(line, 'a closing quote must be followed by a comma or the end of the line');
  }
}
