import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { StaffActor } from '../../authz/actor.ts';
import { requireStaff } from '../../http/authenticate.ts';
import { recordAudit, type AuditEntry } from './record.ts';

/**
 * Everything a write of the permission configuration needs: the open transaction, the staff
 * user making the change and the client's address. Services take this instead of the request,
 * so a preview can run the same function in a transaction it rolls back.
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
