import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import {
  claimDueMails,
  markFailed,
  releaseExpiredClaims,
  requeue,
  type ClaimedMail,
} from './outbox-claims.ts';
import { expandNextBatch } from './group-mail.ts';
import { purgeOldMail } from './retention.ts';
import { SentMarks } from './sent-marks.ts';
import { backoffSeconds, classifySmtpFailure, type SmtpFailure } from './smtp-failure.ts';
import { processNextTicketEvent } from './ticket-events.ts';

/** What the worker reports to the metrics (src/mail/metrics.ts). */
export type MailWorkerEvents = {
  sent(count: number): void;
  failure(kind: SmtpFailure['kind']): void;
};

// Ticket events handled per round, so a burst of events does not hold up the sending.
const EVENTS_PER_ROUND = 50;
// Group e-mail chunks (src/mail/group-mail.ts) expanded per round.
const CHUNKS_PER_ROUND = 5;
const PURGE_EVERY_MS = 60 * 60 * 1000;
// Rows claimed per SMTP connection per round.
const CLAIM_PER_CONNECTION = 20;

/**
 * The outbox worker of one app instance (ADR 0006): turns pending ticket events into messages
 * and sends due messages over a pooled SMTP transport. Every instance runs one; the claims keep
 * them apart. Without SMTP_URL it still handles ticket events, and messages stay queued.
 */
export class MailWorker {
  private readonly transport: Transporter | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  /** After the server was unreachable: no sending before this (ms since epoch), and how often in a row. */
  private pausedUntil = 0;
  private unreachableStreak = 0;
  private nextPurgeAt = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Config,
    private readonly log: FastifyBaseLogger,
    private readonly events: MailWorkerEvents,
  ) {
    const { smtpUrl, mailWorker } = config;
    // Timeouts well inside the lease, so a slow send ends before another instance may claim the row.
    const timeoutMs = Math.max(1000, (mailWorker.leaseSeconds * 1000) / 3);
    this.transport = smtpUrl
      ? nodemailer.createTransport({
          url: smtpUrl,
          pool: true,
          maxConnections: mailWorker.concurrency,
          maxMessages: Infinity,
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
        })
      : undefined;
  }

  get smtpConfigured(): boolean {
    return this.transport !== undefined;
  }

  start(): void {
    if (this.running) return;
    if (!this.transport) this.log.warn('SMTP_URL is not set: mail stays queued until it is');
    this.stopping = false;
    this.running = this.loop();
  }

  /** Look for work now (after a commit that queued mail) instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops claiming, lets the messages in flight finish (drain), closes the SMTP pool. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = undefined;
    this.transport?.close();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let busy = false;
      try {
        busy = (await this.handleTicketEvents()) || busy;
        busy = (await this.expandBatches()) || busy;
        await this.purgeWhenDue();
        if (this.transport && Date.now() >= this.pausedUntil)
          busy = (await this.sendRound(this.transport)) || busy;
      } catch (error) {
        // A database outage: log, wait, try again; nothing is lost, the rows stay where they are.
        this.log.error({ err: error }, 'mail worker round failed');
      }
      if (!busy && !this.stopping) await this.sleep(this.config.mailWorker.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).then(() => void (this.wakeUp = undefined));
  }

  /** Group e-mails become messages a few chunks per round, so sending goes on meanwhile. */
  private async expandBatches(): Promise<boolean> {
    let chunks = 0;
    while (
      chunks < CHUNKS_PER_ROUND &&
      !this.stopping &&
      (await expandNextBatch(this.db, this.config.publicUrl))
    )
      chunks++;
    return chunks > 0;
  }

  /** Old sent mail goes after MAIL_RETENTION_DAYS, checked once an hour (0 keeps it). */
  private async purgeWhenDue(): Promise<void> {
    const { retentionDays } = this.config.mailWorker;
    if (retentionDays === 0 || Date.now() < this.nextPurgeAt) return;
    this.nextPurgeAt = Date.now() + PURGE_EVERY_MS;
    const removed = await purgeOldMail(this.db, retentionDays);
    if (removed > 0) this.log.info({ removed, retentionDays }, 'old mail removed');
  }

  private async handleTicketEvents(): Promise<boolean> {
    let handled = 0;
    while (
      handled < EVENTS_PER_ROUND &&
      !this.stopping &&
      (await processNextTicketEvent(this.db, this.config))
    )
      handled++;
    return handled > 0;
  }

  /** One round: claim a batch, send it with `concurrency` messages in flight. True if it was full. */
  private async sendRound(transport: Transporter): Promise<boolean> {
    const { concurrency, leaseSeconds } = this.config.mailWorker;
    await releaseExpiredClaims(this.db);
    const limit = concurrency * CLAIM_PER_CONNECTION;
    // No send starts after half the lease: with the SMTP timeouts at a third of it, every send
    // ends while the claim holds, so another instance never takes a row this one is sending.
    const sendUntil = performance.now() + (leaseSeconds * 1000) / 2;
    const claimed = await claimDueMails(this.db, limit, leaseSeconds);
    if (claimed.length === 0) return false;
    // Sent or failed for good; the rest goes back to the queue.
    const settled = new Set<string>();
    const marks = new SentMarks(this.db, (count) => this.events.sent(count));
    let unreachable: SmtpFailure | undefined;
    let next = 0;
    const nextMail = () => (unreachable || performance.now() >= sendUntil ? undefined : claimed[next++]);
    const lane = async () => {
      // A lane sends its next message while the last one's mark is written, never further ahead:
      // a crash resends at most two messages per connection.
      let lastMark: Promise<void> = Promise.resolve();
      for (let mail = nextMail(); mail; mail = nextMail()) {
        const failure = await this.sendOne(transport, mail);
        await lastMark;
        if (failure?.kind === 'unreachable') {
          unreachable ??= failure;
          continue;
        }
        settled.add(mail.id);
        if (failure) await this.recordFailure(mail, failure);
        else lastMark = marks.mark(mail.id);
      }
      await lastMark;
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
    const unsent = claimed.filter((m) => !settled.has(m.id));
    if (unreachable) {
      await this.serverUnreachable(unsent, unreachable);
      return false;
    }
    this.unreachableStreak = 0;
    // Left over when the lease's half ran out (a slow server): due again at once, attempt refunded.
    await requeue(
      this.db,
      unsent.map((m) => m.id),
      0,
      null,
      true,
    );
    return claimed.length === limit;
  }

  private async sendOne(transport: Transporter, mail: ClaimedMail): Promise<SmtpFailure | undefined> {
    try {
      await transport.sendMail({
        from: this.config.mailFrom,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        ...(mail.html_body === null ? {} : { html: mail.html_body }),
        // The row's Message-ID: a resend after a crash carries the same one.
        messageId: mail.message_id,
        headers: mail.headers,
      });
      return undefined;
    } catch (error) {
      return classifySmtpFailure(error);
    }
  }

  private async recordFailure(mail: ClaimedMail, failure: SmtpFailure): Promise<void> {
    const { retryLimit, retryBaseSeconds, retryMaxSeconds } = this.config.mailWorker;
    this.events.failure(failure.kind);
    if (failure.kind === 'temporary' && mail.attempts < retryLimit) {
      const delay = backoffSeconds(mail.attempts, retryBaseSeconds, retryMaxSeconds);
      await requeue(this.db, [mail.id], delay, failure.reason, false);
    } else {
      this.log.warn({ mailId: mail.id, reason: failure.reason }, 'mail failed');
      await markFailed(this.db, mail.id, failure.reason);
    }
  }

  /**
   * The server could not be reached: says nothing about the messages, so they go back to the
   * queue with their attempt refunded (an outage of any length loses and fails none), and this
   * worker pauses with a backoff of its own.
   */
  private async serverUnreachable(unsent: ClaimedMail[], failure: SmtpFailure): Promise<void> {
    const { retryBaseSeconds, retryMaxSeconds } = this.config.mailWorker;
    this.events.failure('unreachable');
    this.unreachableStreak++;
    const pause = backoffSeconds(this.unreachableStreak, retryBaseSeconds, retryMaxSeconds);
    this.pausedUntil = Date.now() + pause * 1000;
    this.log.warn(
      { reason: failure.reason, pauseSeconds: pause },
      'SMTP server unreachable: mail stays queued',
    );
    await requeue(
      this.db,
      unsent.map((m) => m.id),
      0,
      `SMTP server unreachable: ${failure.reason}`,
      true,
    );
  }
}
