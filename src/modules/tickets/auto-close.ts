import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';

/**
 * Closes the tickets resolved more than `days` days ago, in one statement over
 * tickets_resolved_idx, with a status event (no actor: the desk did it) for each; answers how many.
 * Safe on several instances at once: a ticket is taken only while it is still resolved, and the
 * update locks it, so a customer's reply that reopens it first wins and it is left alone.
 */
export async function closeResolvedTickets(db: Db, days: number): Promise<number> {
  if (days <= 0) return 0;
  const { rows } = await sql<{ n: number }>`
    with closed as (
      update tickets set status = 'closed', closed_at = now(), resolved_at = null, updated_at = now()
      where status = 'resolved' and resolved_at < now() - make_interval(days => ${days}::int)
      returning id
    ), events as (
      insert into ticket_events (ticket_id, field, old_value, new_value)
      select id, 'status', 'resolved', 'closed' from closed
    )
    select count(*)::int as n from closed`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * The periodic job, run by every instance from ready to close like the mail worker
 * (src/mail/worker.ts): every `intervalMs`, close what is due. A failure is logged and retried at
 * the next tick; closing the app waits for a run in progress.
 */
export function startAutoClose(app: FastifyInstance, settings: { days: number; intervalMs: number }): void {
  if (settings.days <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running = closeResolvedTickets(app.db, settings.days)
      .then((n) => {
        if (n > 0) app.log.info({ closed: n }, 'auto-closed resolved tickets');
      })
      .catch((error: unknown) => app.log.warn({ err: error }, 'auto-close of resolved tickets failed'))
      .finally(() => {
        running = undefined;
      });
  };
  app.addHook('onReady', async () => {
    timer = setInterval(tick, settings.intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
