import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

export type DemoContact = { id: string; name: string; email: string; organizationId: string };

/** What the seed steps share: the transaction, one clock and the ids made so far, by key. */
export type DemoContext = {
  trx: Transaction<DB>;
  now: Date;
  passwordHash: string;
  staff: { admin: string; agent: string };
  /** E-mails of the staff accounts made here (one that already existed is kept, not listed). */
  createdStaff: string[];
  orgs: Record<string, string>;
  contacts: Record<string, DemoContact>;
  userGroups: Record<string, string>;
  assets: Record<string, string>;
  contracts: Record<string, string>;
};

/** Looks a demo key up, failing loudly on a typo in the data instead of inserting a null. */
export function pick<T>(map: Record<string, T>, key: string): T {
  const value = map[key];
  if (value === undefined) throw new Error(`demo data: unknown key '${key}'`);
  return value;
}

/**
 * The lines of a text block written as an indented template literal (one item a line), trimmed,
 * blank ones dropped: chat logs and file contents read as they will appear.
 */
export const textLines = (block: string): string[] =>
  block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

const DAY_MS = 86_400_000;

/** The moment `days` (fractional) before `now`. */
export const daysAgo = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY_MS);

/** A calendar date ('YYYY-MM-DD', UTC) `days` from `now`; negative is in the past. */
export const dateOn = (now: Date, days: number): string =>
  new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);

/**
 * A UUIDv7 carrying `at` as its time, so ids of back-dated rows sort like their timestamps
 * (comments, events and keyset pages then follow the story, not the insertion instant).
 */
export function uuidV7(at: Date): string {
  const bytes = randomBytes(16);
  const ms = BigInt(at.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * round(quantity × unit price) in cents, computed on whole hundredths of the quantity so that
 * binary fractions cannot tip a half (demo prices are positive).
 */
export const lineAmount = (quantity: number, unitPriceCents: number): number =>
  Math.round((Math.round(quantity * 100) * unitPriceCents) / 100);

function pdfEscape(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[\\()]/g, (c) => `\\${c}`);
}

/** A small but valid one-page PDF (Helvetica, one text line per entry). */
export function simplePdf(title: string, lines: string[]): Buffer {
  const text = [
    `/F1 16 Tf (${pdfEscape(title)}) Tj /F1 11 Tf`,
    ...lines.map((l) => `T* (${pdfEscape(l)}) Tj`),
  ];
  const stream = `BT 72 770 Td 16 TL ${text.join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((content, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${content}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
