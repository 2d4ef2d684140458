import { sql, type Expression, type Selectable, type SqlBool, type Transaction } from 'kysely';
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

/**
 * The charges a staff user may see: those without a ticket, and those billed on a ticket it may
 * see (§6b: what is filed under a ticket outside the scope does not exist for it).
 */
function chargesInScope(staff: StaffActor): Expression<SqlBool> {
  if (staff.role === 'admin') return sql<SqlBool>`true`;
  return sql<SqlBool>`(charges.ticket_id is null or exists (
    select 1 from tickets t where t.id = charges.ticket_id and ${staffVisibleTickets(staff)}))`;
}

/** One page of the charges the filters (all optional) match, within the staff user's scope. */
export async function listCharges(db: Db, filter: ChargeListQuery, staff: StaffActor) {
  let query = db.selectFrom('charges').selectAll().where(chargesInScope(staff));
  if (filter.ticketId) query = query.where('ticket_id', '=', filter.ticketId);
  if (filter.contractId) query = query.where('contract_id', '=', filter.contractId);
  return newestFirstPage(query, filter, toChargeOut);
}

export const chargeRecord = tableRecord('charges', 'Charge', toChargeOut);

/** One charge, if the staff user may see it (else undefined: a 404, as if it did not exist). */
export async function findChargeInScope(db: Db, id: string, staff: StaffActor) {
  const row = await db
    .selectFrom('charges')
    .selectAll()
    .where('id', '=', id)
    .where(chargesInScope(staff))
    .executeTakeFirst();
  return row && toChargeOut(row);
}

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
