import { Counter, Gauge, type Registry } from 'prom-client';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { MailWorkerEvents } from './worker.ts';

// The statuses whose rows are counted at scrape time: each is an index range over
// mail_messages_status_idx. Sent rows grow for ever and are counted by the counter instead.
const DEPTH_STATUSES = ['queued', 'sending', 'failed'] as const;

/**
 * The outbox's metrics: its depth by status (read at scrape time), messages sent and send
 * failures by kind (unreachable, temporary, permanent) as counters of this instance.
 */
export function registerMailMetrics(registry: Registry, db: Kysely<DB>): MailWorkerEvents {
  new Gauge({
    name: 'portico_mail_outbox_messages',
    help: 'Messages in the mail outbox not yet sent, by status (queued, sending, failed).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows = await db
        .selectFrom('mail_messages')
        .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
        .where('status', 'in', [...DEPTH_STATUSES])
        .groupBy('status')
        .execute();
      for (const status of DEPTH_STATUSES)
        this.set({ status }, Number(rows.find((r) => r.status === status)?.count ?? 0));
    },
  });
  const sent = new Counter({
    name: 'portico_mail_sent_total',
    help: 'Messages this instance handed to the SMTP server.',
    registers: [registry],
  });
  const failures = new Counter({
    name: 'portico_mail_send_failures_total',
    help: 'Failed sends by kind: unreachable (server down), temporary (4xx, retried), permanent (5xx).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  return {
    sent: (count) => sent.inc(count),
    failure: (kind) => failures.inc({ kind }),
  };
}
