// Dates, money and sizes the way people read them, in the browser's language.

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** A date-only value ('2026-03-01') is a calendar day, not a UTC midnight. */
function parse(value: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  return new Date(value);
}

export const formatDate = (value: string | null | undefined) =>
  value ? dateFormat.format(parse(value)) : '—';

export const formatDateTime = (value: string | null | undefined) =>
  value ? dateTimeFormat.format(parse(value)) : '—';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "in 2 weeks"; "just now" under a minute. */
export function formatRelative(value: string, now = Date.now()): string {
  const seconds = (parse(value).getTime() - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer cents as a decimal string ('-1234.05'): exact, no float division. */
function centsToDecimal(cents: number): Intl.StringNumericLiteral {
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  return `${cents < 0 ? '-' : ''}${units}.${String(abs % 100).padStart(2, '0')}` as Intl.StringNumericLiteral;
}

/**
 * Integer cents (hundredths of the unit, as the API sends them) in the API's `currency` (ISO
 * 4217), for the reader's locale: "1.850,00 €", "CHF 1’850.00", "$1,850.00". The one money
 * formatter of both UIs.
 */
export function formatMoney(cents: number | null | undefined, currency: string): string {
  if (cents === null || cents === undefined) return '—';
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    moneyFormats.set(currency, format);
  }
  return format.format(centsToDecimal(cents));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** 'bank_transfer' → 'Bank transfer'. */
export const humanize = (value: string) => {
  const text = value.replace(/[_.-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
};
