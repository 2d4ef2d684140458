import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { ContactActor } from '../../authz/actor.ts';
import type { DB } from '../../db/schema.ts';
import { requireContact } from '../../http/authenticate.ts';

/**
 * The portal's change runner, the contact-side twin of runChange (src/modules/audit/change.ts):
 * one write in one transaction, as the request's contact. Portal services take
 * (trx, actor, …input, ip), as createPortalTicket does (the benchmark calls it directly); inside
 * the write use `trx` only.
 */
export function runContactChange<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  write: (trx: Transaction<DB>, actor: ContactActor) => Promise<T>,
): Promise<T> {
  const actor = requireContact(request);
  return app.db.transaction().execute((trx) => write(trx, actor));
}
