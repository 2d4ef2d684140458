import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, CsvTooManyRecordsError, parseCsv } from '../../src/modules/csv/parse.ts';
import { findCycles, depths } from '../../src/modules/csv/tree.ts';
import { csvRecord, neutraliseCell, quoteCell, restoreCell } from '../../src/modules/csv/write.ts';

const cells = (text: string) => parseCsv(text).map((r) => r.cells);
const lines = (text: string) => parseCsv(text).map((r) => r.line);

describe('parseCsv', () => {
  it('reads plain records with LF, CRLF and lone CR line ends', () => {
    expect(cells('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(cells('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(cells('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, leading and trailing', () => {
    expect(cells(',a,\n,,\n')).toEqual([
      ['', 'a', ''],
      ['', '', ''],
    ]);
    expect(cells('a,')).toEqual([['a', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(cells('"a,b","say ""hi""","two\r\nlines"\n"",x')).toEqual([
      ['a,b', 'say "hi"', 'two\r\nlines'],
      ['', 'x'],
    ]);
  });

  it('drops the byte-order mark and skips empty lines', () => {
    expect(cells('\ufeffid,name\n\n1,x\r\n\r\n')).toEqual([
      ['id', 'name'],
      ['1', 'x'],
    ]);
  });

  it('numbers each record by the line it starts on, counting breaks inside quotes', () => {
    expect(lines('h\n"a\nb\r\nc"\n\nx\r\ny')).toEqual([1, 2, 6, 7]);
  });

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(cells('5" disk,x')).toEqual([['5" disk', 'x']]);
  });

  it('refuses text after a closing quote and quotes never closed, naming the line', () => {
    expect(() => parseCsv('a\n"x"y,1')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a\nb\n"never closed\n\n');
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(3);
    }
    expect.assertions(2);
  });

  it('stops past maxRecords', () => {
    expect(() => parseCsv('a\nb\nc\n', { maxRecords: 2 })).toThrow(CsvTooManyRecordsError);
    expect(parseCsv('a\nb\n', { maxRecords: 2 })).toHaveLength(2);
  });

  it('an empty text has no records', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\ufeff')).toEqual([]);
  });

  it('reads back whatever the writer writes (property)', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'b', ',', '"', '\r', '\n', ' ', '=', "'", 'é', '-'),
    });
    const record = fc.array(cell, { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), (records) => {
        const text = records.map((r) => csvRecord(r)).join('');
        const parsed = parseCsv(text).map((r) => r.cells.map(restoreCell));
        expect(parsed).toEqual(records);
      }),
    );
  });
});

describe('writing cells', () => {
  it('quotes commas, quotes and line breaks only', () => {
    expect(quoteCell('plain')).toBe('plain');
    expect(quoteCell('a,b')).toBe('"a,b"');
    expect(quoteCell('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCell('two\nlines')).toBe('"two\nlines"');
    expect(csvRecord(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('guards formula starts with an apostrophe, and the import takes it off again', () => {
    for (const value of ['=1+1', '+31 20', '-5', '@SUM(A1)', '\tx', '\rx'])
      expect(neutraliseCell(value)).toBe(`'${value}`);
    expect(neutraliseCell("'=x")).toBe("''=x");
    expect(neutraliseCell("'hello")).toBe("'hello");
    expect(neutraliseCell('a=b')).toBe('a=b');
    for (const value of ['=1', "'=1", "''-2", "'x", 'x', "'", ''])
      expect(restoreCell(neutraliseCell(value))).toBe(value);
    expect(restoreCell("'=typed by hand")).toBe('=typed by hand');
  });
});

describe('tree walks', () => {
  const parents: Record<string, string | null> = { a: null, b: 'a', c: 'b', x: 'y', y: 'z', z: 'x', s: 's' };
  const parentOf = (k: string) => parents[k] ?? null;

  it('finds each cycle once, with its members', () => {
    const cycles = findCycles(['c', 'x', 'y', 's'], parentOf).map((c) => [...c].sort());
    expect(cycles).toEqual([['x', 'y', 'z'], ['s']]);
  });

  it('gives depths from the root, also for long chains', () => {
    expect(Object.fromEntries(depths(['c', 'a'], parentOf))).toEqual({ a: 0, b: 1, c: 2 });
    const chain = (k: string) => (Number(k) > 0 ? String(Number(k) - 1) : null);
    expect(depths(['60000'], chain).get('60000')).toBe(60000);
  });
});
