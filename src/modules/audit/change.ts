import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { StaffActor } from '../../authz/actor.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { recordAudit, type AuditEntry } from './record.ts';

/**
 * Everything a staff write needs: the open transaction, the staff user making the change and the
 * client's address. Services take this instead of the request, so a preview or a dry run can run
 * the very same function and roll it back.
 */
export type ChangeContext = { trx: Transaction<DB>; staff: StaffActor; ip: string };

/** Records the change in the same transaction as the change itself. */
export function audit(ctx: ChangeContext, entry: AuditEntry): Promise<void> {
  return recordAudit(ctx.trx, ctx.staff, entry, ctx.ip);
}

/** Runs one write in one transaction, as the request's staff user (only `ctx.trx` inside). */
export function runChange<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  write: (ctx: ChangeContext) => Promise<T>,
): Promise<T> {
  const staff = requireStaff(request);
  return app.db.transaction().execute((trx) => write({ trx, staff, ip: request.ip }));
}

/**
 * Runs `work` in a savepoint that is then rolled back, whether it succeeds or throws: its answer
 * is kept, nothing it wrote (audit rows included), and the caller's transaction goes on as it was.
 * How a preview and a dry run run a save.
 */
export async function rolledBack<T>(trx: Transaction<DB>, work: () => Promise<T>): Promise<T> {
  await sql`savepoint portico_rolled_back`.execute(trx);
  try {
    return await work();
  } finally {
    await sql`rollback to savepoint portico_rolled_back`.execute(trx);
    await sql`release savepoint portico_rolled_back`.execute(trx);
  }
}
