// The one intake of inbound mail (permission model §9), whichever way a message arrives (IMAP, the
// MTA pipe, the webhook): raw bytes → envelope checks → parse → decision → effect, recorded in
// mail_inbound in one transaction with the effect and any bounce. The Message-ID is unique there,
// so a redelivered message, or one fetched by two instances at once, is processed once.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { addressOf, type Config } from '../../config.ts';
import type { DB, MailInboundStatus } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { readEnvelope, type Envelope } from '../../mail/inbound/envelope.ts';
import { findThread } from '../../mail/inbound/thread.ts';
import { queueMails } from '../../mail/outbox.ts';
import { storeFile } from '../files/store.ts';
import { contentOf, fullText, parseMessage } from './content.ts';
import { contactNewTicket, contactReply, staffReply, type Effect, type MailContent } from './effects.ts';
import { createContactByDomain, findSender, mayUsePortalTickets, type Sender } from './sender.ts';

type Trx = Transaction<DB>;
export type IntakeSource = 'imap' | 'webhook' | 'pipe';

export type IntakeOutcome = {
  /** The mail_inbound row; null for a duplicate. */
  id: string | null;
  status: Exclude<MailInboundStatus, 'accepted' | 'rejected'> | 'duplicate';
  reason: string;
};

/** A message that ends held or refused: thrown from anywhere in the decision, so what it wrote rolls back. */
class Stop extends Error {
  constructor(
    readonly status: 'held' | 'refused',
    readonly reason: string,
    readonly detail = '',
  ) {
    super(reason);
  }
}

// What a refused human sender is told: never which ticket, nor whether it exists (§9).
const BOUNCE_TEXT: Record<string, string> = {
  malformed: 'it could not be read as an e-mail message',
  too_large: 'it is larger than we accept',
  too_many_recipients: 'it is addressed to too many recipients',
  unknown_sender: 'your address is not known to us',
  not_permitted: 'your address may not do this by e-mail',
  attachment_refused: 'an attachment was refused (too large, over a quota, or flagged by the virus scanner)',
};

// AppErrors of the portal's services, as a refusal's reason. 404 and 403 alike say "not
// permitted" to the sender; staff see the service's own message in the detail.
function refusalOf(error: AppError): Stop {
  const reason =
    error.code === 'not_found'
      ? 'no_access'
      : error.code === 'quota_exceeded' || error.code === 'payload_too_large' || error.code === 'infected'
        ? 'attachment_refused'
        : 'not_permitted';
  return new Stop('refused', reason, error.message);
}

type Prepared = {
  envelope: Envelope | undefined;
  parsed?: ParsedMail;
  content?: MailContent;
  refusal?: Stop;
};

/** Everything that needs no database: envelope, parse, attachment checks (the virus scan is slow). */
async function prepare(raw: Buffer, config: Config): Promise<Prepared> {
  const own = [addressOf(config.mailFrom), config.mailReplyAddress].map((a) => a.toLowerCase());
  const limits = { maxBytes: config.inboundMail.maxBytes, maxRecipients: config.inboundMail.maxRecipients };
  const read = await readEnvelope(raw, { ...limits, ownAddresses: own }).catch(() => undefined);
  if (!read?.envelope) return { envelope: undefined, refusal: new Stop('refused', 'malformed') };
  const { envelope } = read;
  if (read.refusal) return { envelope, refusal: new Stop('refused', read.refusal) };
  const parsed = await parseMessage(raw);
  if (!parsed) return { envelope, refusal: new Stop('refused', 'malformed') };
  try {
    return { envelope, parsed, content: await contentOf(parsed, config) };
  } catch (error) {
    // The scanner being down is temporary: the caller retries later (IMAP leaves it unread, HTTP 503).
    if (error instanceof AppError && error.code !== 'service_unavailable')
      return { envelope, parsed, refusal: refusalOf(error) };
    throw error;
  }
}

async function recentFromSender(trx: Trx, from: string, exceptId: string): Promise<number> {
  const row = await trx
    .selectFrom('mail_inbound')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(sql`lower(from_address)`, '=', from)
    .where('received_at', '>', sql<Date>`now() - interval '10 minutes'`)
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type Done = { reason: string; effect: Effect; sender: Sender };

async function asContact(
  trx: Trx,
  config: Config,
  sender: Extract<Sender, { kind: 'contact' }>,
  ticketId: string | undefined,
  content: MailContent,
): Promise<Done> {
  if (!mayUsePortalTickets(sender))
    throw new Stop(
      'refused',
      'not_permitted',
      'The contact is disabled or may not use the portal’s tickets.',
    );
  const quotas = config.uploadQuotas;
  return ticketId
    ? { reason: 'reply', sender, effect: await contactReply(trx, sender.actor, ticketId, content, quotas) }
    : { reason: 'new_ticket', sender, effect: await contactNewTicket(trx, sender.actor, content, quotas) };
}

/** The decision and its effect; throws Stop (or a service's AppError) for anything else. */
async function decide(trx: Trx, config: Config, envelope: Envelope, content: MailContent): Promise<Done> {
  const thread = await findThread(trx, envelope);
  if (thread && 'forged' in thread)
    throw new Stop(
      'refused',
      'forged_sender',
      'The reply address was issued to another address than the sender’s.',
    );
  const ticketId = thread?.ticketId;
  const sender = await findSender(trx, envelope.from);
  if (sender.kind === 'staff') {
    if (!ticketId)
      throw new Stop('held', 'staff_without_ticket', 'A staff user wrote without naming a ticket.');
    return {
      reason: 'staff_reply',
      sender,
      effect: await staffReply(trx, sender.actor, ticketId, content, config.uploadQuotas),
    };
  }
  if (sender.kind === 'contact') return asContact(trx, config, sender, ticketId, content);
  const policy = config.inboundMail.unknownSenders;
  if (policy === 'reject') throw new Stop('refused', 'unknown_sender');
  if (policy === 'hold') throw new Stop('held', 'unknown_sender');
  const created = await createContactByDomain(trx, envelope.from, envelope.fromName);
  if (!created) throw new Stop('held', 'unknown_sender', 'No organization has the sender’s mail domain.');
  return asContact(trx, config, created, ticketId, content);
}

/** Runs the decision in a savepoint: a refusal leaves nothing of it behind. */
async function decideInSavepoint(
  trx: Trx,
  config: Config,
  envelope: Envelope,
  content: MailContent,
): Promise<Done | Stop> {
  await sql`savepoint portico_inbound`.execute(trx);
  try {
    const done = await decide(trx, config, envelope, content);
    await sql`release savepoint portico_inbound`.execute(trx);
    return done;
  } catch (error) {
    await sql`rollback to savepoint portico_inbound`.execute(trx);
    if (error instanceof Stop) return error;
    if (error instanceof AppError) return refusalOf(error);
    throw error;
  }
}

/** Keeps the original (staff download it) and files the e-mail under its ticket. */
async function keepOriginal(trx: Trx, id: string, raw: Buffer): Promise<void> {
  const file = await storeFile(trx, { filename: 'message.eml', data: raw });
  await trx.updateTable('mail_inbound').set({ raw_file_id: file.id }).where('id', '=', id).execute();
}

export async function fileEmail(
  trx: Trx,
  inboundId: string,
  ticketId: string,
  envelope: Pick<Envelope, 'from' | 'subject'>,
  parsed: ParsedMail,
): Promise<void> {
  await trx
    .insertInto('ticket_emails')
    .values({
      ticket_id: ticketId,
      inbound_id: inboundId,
      from_address: parsed.from?.text.slice(0, 998) || envelope.from,
      to_address: [parsed.to ?? []]
        .flat()
        .map((a) => a.text)
        .join(', ')
        .slice(0, 998),
      subject: envelope.subject,
      body: fullText(parsed),
      public: false,
    })
    .execute();
}

async function bounce(trx: Trx, config: Config, envelope: Envelope, reason: string): Promise<void> {
  const why = BOUNCE_TEXT[reason === 'no_access' ? 'not_permitted' : reason];
  if (!why) return;
  await queueMails(trx, config.publicUrl, [
    {
      kind: 'bounce',
      to: envelope.from,
      subject: 'Your message was not accepted',
      text:
        `Your message ${envelope.messageId} was not accepted: ${why}.\n\n` +
        `Sign in to the portal at ${config.publicUrl}/portal to see and answer your tickets.\n`,
      headers: { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': envelope.messageId },
    },
  ]);
}

/** Takes one raw RFC 822 message and does what §9 says with it; see the file's head. */
export async function intakeMail(
  db: Kysely<DB>,
  config: Config,
  raw: Buffer,
  source: IntakeSource,
): Promise<IntakeOutcome> {
  const prepared = await prepare(raw, config);
  const envelope = prepared.envelope;
  const messageId =
    envelope?.messageId ?? `<sha256.${createHash('sha256').update(raw).digest('hex')}@portico.invalid>`;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('mail_inbound')
      .values({
        message_id: messageId,
        from_address: envelope?.from ?? '',
        subject: envelope?.subject ?? '',
        status: 'refused',
        reason: 'pending',
        source,
        size_bytes: raw.length,
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return { id: null, status: 'duplicate', reason: 'duplicate' };

    let result: Done | Stop;
    if (prepared.refusal || !envelope || !prepared.content)
      result = prepared.refusal ?? new Stop('refused', 'malformed');
    else if ((await recentFromSender(trx, envelope.from, row.id)) >= config.inboundMail.perSenderPer10Min)
      result = new Stop('refused', 'rate_limited');
    else result = await decideInSavepoint(trx, config, envelope, prepared.content);

    const status = result instanceof Stop ? result.status : 'processed';
    const sender = result instanceof Stop ? undefined : result.sender;
    await trx
      .updateTable('mail_inbound')
      .set({
        status,
        reason: result.reason,
        detail: result instanceof Stop ? result.detail : '',
        ticket_id: result instanceof Stop ? null : result.effect.ticketId,
        comment_id: result instanceof Stop ? null : result.effect.commentId,
        contact_id: sender?.kind === 'contact' ? sender.actor.id : null,
        staff_user_id: sender?.kind === 'staff' ? sender.actor.id : null,
        decided_at: status === 'held' ? null : sql<Date>`now()`,
      })
      .where('id', '=', row.id)
      .execute();
    if (status !== 'refused') await keepOriginal(trx, row.id, raw);
    if (!(result instanceof Stop) && envelope && prepared.parsed)
      await fileEmail(trx, row.id, result.effect.ticketId, envelope, prepared.parsed);
    if (result instanceof Stop && result.status === 'refused' && envelope)
      await bounce(trx, config, envelope, result.reason);
    return { id: row.id, status, reason: result.reason };
  });
}
