/**
 * A small hand-made PDF 1.4 writer for invoices: A4 pages, the built-in Helvetica and
 * Helvetica-Bold fonts (WinAnsiEncoding, so no font is embedded), text and a few rules. Every
 * byte is latin1, so string lengths are byte offsets and the xref table can be computed as the
 * file is written. Nothing is compressed: the text stays greppable.
 */

export type InvoicePdfLine = {
  position: number;
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
};

export type InvoicePdfInput = {
  provider: string;
  number: number;
  organization: string;
  /** The state's word as the screens show it (STATE_LABELS). */
  status: string;
  issuedOn: string | null;
  dueOn: string | null;
  lines: InvoicePdfLine[];
  totalCents: number;
  paidCents: number;
  balanceCents: number;
  /** ISO 4217: printed after each total. */
  currency: string;
  notes: string;
};

const PAGE = { width: 595, height: 842, left: 50, right: 545, top: 792, bottom: 60 };
const COLUMNS = {
  position: 50,
  description: 75,
  descriptionWidth: 270,
  quantity: 390,
  unit: 470,
  amount: 545,
};
const SIZE = 10;
const LEADING = 14;

// Helvetica advance widths (AFM, 1/1000 em) of the characters 32…126 in WinAnsiEncoding.
const ASCII_WIDTHS = (
  '278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 ' +
  '278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 ' +
  '611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 ' +
  '556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584'
)
  .split(' ')
  .map(Number);

// Characters of WinAnsiEncoding outside latin1 (0x80…0x9f).
const WIN_ANSI: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
  'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95,
  '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
}; // prettier-ignore

/** Text as WinAnsi bytes (one latin1 char each); what the fonts cannot show becomes '?'. */
function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) out += ch;
    else if (WIN_ANSI[ch] !== undefined) out += String.fromCharCode(WIN_ANSI[ch]);
    else if (code === 0x09) out += ' ';
    else out += '?';
  }
  return out;
}

/** Width in points of WinAnsi text; outside ASCII an average glyph. */
function widthOf(text: string, size: number): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) units += ASCII_WIDTHS[text.charCodeAt(i) - 32] ?? 556;
  return (units * size) / 1000;
}

const literal = (text: string) => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** Splits text into WinAnsi lines no wider than `width`: at line breaks, then at spaces where it can. */
function wrap(text: string, width: number, size = SIZE): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of winAnsi(paragraph).split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (widthOf(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (widthOf(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && widthOf(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

export function formatCents(cents: number): string {
  const abs = Math.abs(cents);
  const units = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}${units}.${String(abs % 100).padStart(2, '0')}`;
}

type Text = { x: number; text: string; bold?: boolean; size?: number; right?: boolean };
/** One row of the layout: texts on a baseline, or a horizontal rule. */
type Row = { height: number; texts?: Text[]; rule?: boolean };

/** `texts` must already be WinAnsi (winAnsi() is not idempotent for 0x80…0x9f). */
const row = (texts: Text[], height = LEADING): Row => ({ height, texts });
const gap = (height = LEADING / 2): Row => ({ height });

function rows(invoice: InvoicePdfInput): Row[] {
  const out: Row[] = [
    row([{ x: PAGE.left, text: winAnsi(invoice.provider), bold: true, size: 20 }], 28),
    row([{ x: PAGE.left, text: `Invoice ${invoice.number}`, bold: true, size: 14 }], 24),
    row([{ x: PAGE.left, text: `Organization: ${winAnsi(invoice.organization)}` }]),
    row([{ x: PAGE.left, text: `Status: ${winAnsi(invoice.status)}` }]),
    row([{ x: PAGE.left, text: `Issued on: ${invoice.issuedOn ?? '-'}` }]),
    row([{ x: PAGE.left, text: `Due on: ${invoice.dueOn ?? '-'}` }]),
    gap(LEADING),
    row([
      { x: COLUMNS.position, text: '#', bold: true },
      { x: COLUMNS.description, text: 'Description', bold: true },
      { x: COLUMNS.quantity, text: 'Qty', bold: true, right: true },
      { x: COLUMNS.unit, text: 'Unit price', bold: true, right: true },
      { x: COLUMNS.amount, text: `Amount (${invoice.currency})`, bold: true, right: true },
    ]),
    { height: 6, rule: true },
  ];
  for (const line of invoice.lines) {
    const description = wrap(line.description, COLUMNS.descriptionWidth);
    out.push(
      row([
        { x: COLUMNS.position, text: String(line.position) },
        { x: COLUMNS.description, text: description[0] ?? '' },
        { x: COLUMNS.quantity, text: String(line.quantity), right: true },
        { x: COLUMNS.unit, text: formatCents(line.unitPriceCents), right: true },
        { x: COLUMNS.amount, text: formatCents(line.amountCents), right: true },
      ]),
    );
    for (const more of description.slice(1)) out.push(row([{ x: COLUMNS.description, text: more }]));
  }
  out.push({ height: 6, rule: true }, gap());
  const total = (label: string, cents: number, bold = false) =>
    row([
      { x: COLUMNS.unit, text: label, bold, right: true },
      { x: COLUMNS.amount, text: `${formatCents(cents)} ${invoice.currency}`, bold, right: true },
    ]);
  out.push(total('Total', invoice.totalCents, true), total('Paid', invoice.paidCents));
  out.push(total('Balance due', invoice.balanceCents, true));
  if (invoice.notes.trim()) {
    out.push(gap(LEADING), row([{ x: PAGE.left, text: 'Notes', bold: true }]));
    for (const line of wrap(invoice.notes, PAGE.right - PAGE.left))
      out.push(row([{ x: PAGE.left, text: line }]));
  }
  return out;
}

const num = (n: number) => String(Math.round(n * 100) / 100);

function draw(text: Text, y: number): string {
  const size = text.size ?? SIZE;
  const x = text.right ? text.x - widthOf(text.text, size) : text.x;
  return `BT /${text.bold ? 'F2' : 'F1'} ${size} Tf ${num(x)} ${num(y)} Td ${literal(text.text)} Tj ET`;
}

/** Lays the rows out on as many pages as they need; each page gets a footer. */
function paginate(all: Row[], footer: string): string[] {
  let ops: string[] = [];
  const pages = [ops];
  let y = PAGE.top;
  for (const r of all) {
    if (y - r.height < PAGE.bottom) {
      ops = [];
      pages.push(ops);
      y = PAGE.top;
    }
    y -= r.height;
    if (r.rule) ops.push(`0.5 w ${PAGE.left} ${num(y + 3)} m ${PAGE.right} ${num(y + 3)} l S`);
    for (const t of r.texts ?? []) ops.push(draw(t, y));
  }
  return pages.map((page, i) => {
    const label = `${footer} - page ${i + 1} of ${pages.length}`;
    return [...page, draw({ x: PAGE.right, text: label, size: 8, right: true }, 30)].join('\n');
  });
}

/** Numbers the objects, writes them and the cross-reference table that points at each. */
function assemble(contents: string[], title: string): Buffer {
  // Objects 1-5 are fixed; then each page is followed by its content stream.
  const pageId = (i: number) => 6 + 2 * i;
  const pageIds = contents.map((_, i) => pageId(i));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${contents.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Producer (Portico) /Title ${literal(title)} >>`,
  ];
  contents.forEach((content, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] ` +
        `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageId(i) + 1} 0 R >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
  });
  // The comment line of four high bytes tells transfer tools that the file is binary.
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, two-byte EOL.
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function invoicePdf(invoice: InvoicePdfInput): Buffer {
  const title = `Invoice ${invoice.number}`;
  return assemble(paginate(rows(invoice), `${winAnsi(invoice.provider)} - ${title}`), title);
}
