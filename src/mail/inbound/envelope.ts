// The first look at an inbound message: its header block only, before the body is parsed or
// anything is stored. Automatic mail, oversized, malformed and mass-addressed messages stop here.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';

export type Envelope = {
  /** The Message-ID header, or a hash of the bytes when there is none (a redelivery hashes alike). */
  messageId: string;
  /** Lower-cased address of the From header. */
  from: string;
  fromName: string;
  subject: string;
  /** Every To and Cc address, lower-cased, and the delivery headers MTAs add (token lookup). */
  recipients: string[];
  /** In-Reply-To first, then References newest first. */
  references: string[];
};

/** Why a message is refused at the envelope; `automatic` is never answered (no mail loops). */
export type EnvelopeRefusal = 'malformed' | 'automatic' | 'too_large' | 'too_many_recipients';

export type EnvelopeLimits = { maxBytes: number; maxRecipients: number; ownAddresses: string[] };

// A header block this long is not mail a person wrote.
const MAX_HEADER_BYTES = 256 * 1024;
const DELIVERY_HEADERS = ['delivered-to', 'x-original-to', 'envelope-to'];

function headerBlock(raw: Buffer): Buffer | undefined {
  const window = raw.subarray(0, MAX_HEADER_BYTES + 4);
  const crlf = window.indexOf('\r\n\r\n');
  const lf = window.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  if (ends.length === 0) return raw.length <= MAX_HEADER_BYTES ? raw : undefined;
  return raw.subarray(0, Math.min(...ends) + 2);
}

/** Every header of that name, unfolded, values only. */
export function headerValues(parsed: Pick<ParsedMail, 'headerLines'>, name: string): string[] {
  return parsed.headerLines
    .filter((h) => h.key === name)
    .map((h) =>
      h.line
        .slice(h.line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
}

function addresses(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const flat = (list: EmailAddress[]): EmailAddress[] => list.flatMap((a) => (a.group ? flat(a.group) : [a]));
  return (field === undefined ? [] : [field].flat()).flatMap((o) => flat(o.value));
}

const MESSAGE_ID = /<[^<>\s]+>/g;

/** RFC 3834 and the de-facto markers of auto-replies, bounces and list traffic. */
export function isAutomatic(parsed: Pick<ParsedMail, 'headerLines'>, from: string, own: string[]): boolean {
  const one = (name: string) => headerValues(parsed, name)[0]?.toLowerCase();
  const autoSubmitted = one('auto-submitted')?.split(';')[0]?.trim();
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return true;
  if (['bulk', 'junk', 'list'].includes(one('precedence') ?? '')) return true;
  if (one('list-id') !== undefined) return true;
  if (one('x-autoreply') !== undefined || one('x-autorespond') !== undefined) return true;
  if (one('content-type')?.startsWith('multipart/report')) return true;
  if (one('return-path')?.replace(/\s/g, '') === '<>') return true;
  const local = from.slice(0, from.lastIndexOf('@'));
  if (['mailer-daemon', 'postmaster'].includes(local)) return true;
  // Our own address as the sender is a loop, whatever the headers say.
  return own.includes(from);
}

/** Reads the header block and applies the checks that need no body and no database. */
export async function readEnvelope(
  raw: Buffer,
  limits: EnvelopeLimits,
): Promise<
  { envelope: Envelope; refusal?: EnvelopeRefusal } | { refusal: 'malformed'; envelope?: undefined }
> {
  const block = headerBlock(raw);
  if (!block) return { refusal: 'malformed' };
  const head = await simpleParser(block, { skipHtmlToText: true, skipTextToHtml: true });
  const sender = addresses(head.from)[0];
  const from = sender?.address?.trim().toLowerCase();
  if (!from || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(from)) return { refusal: 'malformed' };
  const recipients = [...addresses(head.to), ...addresses(head.cc)].flatMap((a) =>
    a.address ? [a.address.toLowerCase()] : [],
  );
  const delivered = DELIVERY_HEADERS.flatMap((name) => headerValues(head, name)).map((v) => v.toLowerCase());
  const references = [
    ...headerValues(head, 'in-reply-to'),
    ...headerValues(head, 'references').reverse(),
  ].flatMap((v) => v.match(MESSAGE_ID) ?? []);
  const messageId =
    headerValues(head, 'message-id')[0]?.match(MESSAGE_ID)?.[0] ??
    `<sha256.${createHash('sha256').update(raw).digest('hex')}@portico.invalid>`;
  const envelope: Envelope = {
    messageId,
    from,
    fromName: sender?.name ?? '',
    subject: (head.subject ?? '').slice(0, 998),
    recipients: [...new Set([...recipients, ...delivered])],
    references: [...new Set(references)],
  };
  // Automatic first: it is never answered, whatever else is wrong with it.
  if (isAutomatic(head, from, limits.ownAddresses)) return { envelope, refusal: 'automatic' };
  if (raw.length > limits.maxBytes) return { envelope, refusal: 'too_large' };
  if (recipients.length > limits.maxRecipients) return { envelope, refusal: 'too_many_recipients' };
  return { envelope };
}
