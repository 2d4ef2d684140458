// Raw RFC 822 messages for the inbound mail tests, written out by hand as a mail client would.
import { randomUUID } from 'node:crypto';

export type RawMail = {
  from: string;
  to?: string;
  cc?: string;
  subject?: string;
  body?: string;
  messageId?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; contentType: string; data: Buffer }>;
};

/** A message as bytes, CRLF line ends; multipart/mixed when it has attachments. */
export function rawMail(mail: RawMail): Buffer {
  const head = [
    `From: ${mail.from}`,
    `To: ${mail.to ?? 'support@portico.test'}`,
    ...(mail.cc ? [`Cc: ${mail.cc}`] : []),
    `Subject: ${mail.subject ?? 'Hello'}`,
    `Message-ID: ${mail.messageId ?? `<${randomUUID()}@client.test>`}`,
    'Date: Mon, 07 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...Object.entries(mail.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  const text = (mail.body ?? 'Hello there.').replace(/\r?\n/g, '\r\n');
  if (!mail.attachments?.length) {
    return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n'));
  }
  const boundary = `b-${randomUUID()}`;
  const parts = [
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    ...mail.attachments.flatMap((a) => [
      `--${boundary}`,
      `Content-Type: ${a.contentType}; name="${a.filename}"`,
      `Content-Disposition: attachment; filename="${a.filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      (a.data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n'),
    ]),
    `--${boundary}--`,
    '',
  ];
  return Buffer.from(
    [...head, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...parts].join('\r\n'),
  );
}
