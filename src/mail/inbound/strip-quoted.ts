// The new part of a reply by mail: what the sender wrote above the quoted history and the
// signature. The comment gets this; the whole original stays filed with the ticket.

// "On Mon, 7 Dec 2026 at 10:00, Alice <a@example.com> wrote:" (Gmail, Apple Mail, Thunderbird);
// clients wrap it, so "wrote:" may end the next line.
const ON_WROTE = /^on\b.{0,300}\bwrote:\s*$/i;
const ON_START = /^on\b.{0,300}$/i;
const WROTE_END = /^.{0,300}\bwrote:\s*$/i;
// Outlook: "-----Original Message-----", or a "From: …" line with "Sent: …" close below it.
const ORIGINAL_MESSAGE = /^-{2,}\s*original message\s*-{2,}\s*$/i;
const OUTLOOK_FROM = /^\*?from:\*?\s/i;
const OUTLOOK_SENT = /^\*?(sent|date):\*?\s/i;
// The RFC 3676 signature separator is "-- " (dash dash space); editors that trim lines leave "--".
const SIGNATURE = /^-- ?$/;

function historyStarts(lines: string[], i: number): boolean {
  const raw = lines[i] ?? '';
  const line = raw.trim();
  if (ON_WROTE.test(line) || ORIGINAL_MESSAGE.test(line)) return true;
  if (ON_START.test(line) && WROTE_END.test(lines[i + 1]?.trim() ?? '')) return true;
  if (OUTLOOK_FROM.test(line)) {
    return lines.slice(i + 1, i + 4).some((next) => OUTLOOK_SENT.test(next.trim()));
  }
  return SIGNATURE.test(raw);
}

/**
 * Cuts a plain-text reply at the first line that starts quoted history or a signature, drops
 * `>` lines above it, and trims. Returns the whole text when that would leave nothing (a message
 * that is only a quote is better filed whole than empty).
 */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (historyStarts(lines, i)) break;
    if (!/^\s*>/.test(line)) kept.push(line);
  }
  const result = kept.join('\n').trim();
  return result === '' ? text.trim() : result;
}
