// The body and attachments of an inbound message, read once the envelope passed: the comment's
// text without quoted history, and attachments checked like uploads (size cap, virus scan).
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { stripQuoted } from '../../mail/inbound/strip-quoted.ts';
import { assertNotInfected } from '../files/scan.ts';
import { cleanFilename } from '../files/store.ts';
import type { MailContent } from './effects.ts';

const MAX_BODY = 20_000;

/** The message parsed whole; undefined when the parser gives up on it. */
export async function parseMessage(raw: Buffer): Promise<ParsedMail | undefined> {
  try {
    return await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  } catch {
    return undefined;
  }
}

/** The whole text of the message, for the filed e-mail (HTML-only mail is turned into text). */
export const fullText = (parsed: ParsedMail) => (parsed.text ?? '').slice(0, 200_000);

/**
 * The comment's content. Throws AppError `payload_too_large` / `infected` for an attachment the
 * upload rules refuse, `service_unavailable` when the configured scanner cannot be asked (the
 * message is then left for a later try).
 */
export async function contentOf(parsed: ParsedMail, config: Config): Promise<MailContent> {
  const attachments = parsed.attachments
    // Inline parts of an HTML body (logos in signatures) are not files the sender attached.
    .filter((a) => !a.related && a.content.length > 0)
    .map((a) => ({ filename: cleanFilename(a.filename ?? 'attachment'), data: a.content }));
  for (const file of attachments) {
    if (file.data.length > config.uploadLimitBytes)
      throw new AppError(
        'payload_too_large',
        `The attachment ${file.filename} is larger than the upload limit.`,
      );
    await assertNotInfected(config.clamav, file.data);
  }
  const body = stripQuoted(fullText(parsed)).slice(0, MAX_BODY);
  return {
    subject: parsed.subject ?? '',
    body: body.trim() === '' ? '(no text)' : body,
    attachments,
  };
}
