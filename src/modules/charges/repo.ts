import type { Selectable, Transaction } from 'kysely';
import type { StaffActor } from '../../authz/actor.ts';
import { staffVisibleTickets } from '../../authz/staff-tickets.ts';
import type { ChargesTable, DB } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { newestFirstPage } from '../../http/pagination.ts';
import type { ChargeListQuery, ChargeOut } from './schema.ts';
import type { Db } from '../../db/database.ts';
import { tableRecord } from '../shared/record-writes.ts';
import { wireRow } from '../shared/wire-names.ts';

export const toChargeOut = (row: Selectable<ChargesTable>): ChargeOut => wireRow(row);

/** One page of the charges the filters (all optional) match. */
export async function listCharges(db: Db, filter: ChargeListQuery) {
  let query = db.selectFrom('charges').selectAll();
  if (filter.ticketId) query = query.where('ticket_id', '=', filter.ticketId);
  if (filter.contractId) query = query.where('contract_id', '=', filter.contractId);
  return newestFirstPage(query, filter, toChargeOut);
}

export const chargeRecord = tableRecord('charges', 'Charge', toChargeOut);

/**
 * A charge is billed on a ticket, a contract or both; both must exist and, together, belong to
 * the same organization. Answers 422 at the field's path otherwise. The ticket must be one the
 * staff user may see (§6b): a ticket outside its scope is "no such ticket", as on every route.
 */
export async function checkChargeLinks(
  trx: Transaction<DB>,
  staff: StaffActor,
  ticketId: string | null,
  contractId: string | null,
): Promise<void> {
  if (!ticketId && !contractId) throw invalid('body.ticketId', 'a charge needs a ticketId or a contractId');
  const ticket = ticketId
    ? await trx
        .selectFrom('tickets as t')
        .select('t.organization_id')
        .where('t.id', '=', ticketId)
        .where(staffVisibleTickets(staff))
        .executeTakeFirst()
    : undefined;
  if (ticketId && !ticket) throw invalid('body.ticketId', 'no such ticket');
  const contract = contractId
    ? await trx
        .selectFrom('contracts')
        .select('organization_id')
        .where('id', '=', contractId)
        .executeTakeFirst()
    : undefined;
  if (contractId && !contract) throw invalid('body.contractId', 'no such contract');
  if (ticket && contract && ticket.organization_id !== contract.organization_id)
    throw invalid('body.contractId', "belongs to another organization than the ticket's");
}
