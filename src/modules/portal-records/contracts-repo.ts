import type { ContactActor } from '../../authz/actor.ts';
import { visibleCharges, visibleOrganizationRecords } from '../../authz/records/condition.ts';
import { visibleTickets } from '../../authz/tickets/condition.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { ORGANIZATION_COLUMNS, organizationOf } from '../portal-shared/refs.ts';
import { pageById, type RowOf } from '../shared/page-by-id.ts';
import type { Db } from '../../db/database.ts';
import type { PortalCharge, PortalContract } from './schema.ts';

// ---- contracts: every query ANDs visibleOrganizationRecords(actor, 'contracts') ----

function visibleContracts(db: Db, actor: ContactActor) {
  return db
    .selectFrom('contracts as k')
    .innerJoin('organizations as o', 'o.id', 'k.organization_id')
    .select([
      'k.id',
      'k.name',
      'k.status',
      'k.starts_on',
      'k.ends_on',
      'k.terms',
      'k.created_at',
      'k.updated_at',
      ...ORGANIZATION_COLUMNS,
    ])
    .where(visibleOrganizationRecords(actor, 'contracts', 'k'));
}

const toContract = (r: RowOf<typeof visibleContracts>): PortalContract => ({
  id: r.id,
  name: r.name,
  status: r.status,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  organization: organizationOf(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listPortalContracts(db: Db, actor: ContactActor, page: PageQuery) {
  return pageById(visibleContracts(db, actor), 'k.id', 'desc', page, toContract);
}

export async function findPortalContract(db: Db, actor: ContactActor, id: string) {
  const row = await visibleContracts(db, actor).where('k.id', '=', id).executeTakeFirst();
  return row && { ...toContract(row), terms: row.terms };
}

// ---- charges: every query ANDs visibleCharges ----

/**
 * The ticket and the contract are joined only when the contact may see them: a charge seen
 * through its contract does not reveal a ticket the contact may not see, and the other way round.
 */
function visibleChargeRows(db: Db, actor: ContactActor) {
  return db
    .selectFrom('charges as ch')
    .leftJoin('tickets as vt', (join) =>
      join.onRef('vt.id', '=', 'ch.ticket_id').on(visibleTickets(actor, 'vt')),
    )
    .leftJoin('contracts as vk', (join) =>
      join.onRef('vk.id', '=', 'ch.contract_id').on(visibleOrganizationRecords(actor, 'contracts', 'vk')),
    )
    .select([
      'ch.id',
      'ch.description',
      'ch.quantity',
      'ch.unit_price_cents',
      'ch.amount_cents',
      'ch.currency',
      'ch.charged_on',
      'ch.created_at',
      'vt.id as ticket_id',
      'vt.number as ticket_number',
      'vt.subject as ticket_subject',
      'vk.id as contract_id',
      'vk.name as contract_name',
    ])
    .where(visibleCharges(actor, 'ch'));
}

const toCharge = (r: RowOf<typeof visibleChargeRows>): PortalCharge => ({
  id: r.id,
  ...(r.ticket_id !== null && r.ticket_number !== null && r.ticket_subject !== null
    ? { ticket: { id: r.ticket_id, number: r.ticket_number, subject: r.ticket_subject } }
    : {}),
  ...(r.contract_id !== null && r.contract_name !== null
    ? { contract: { id: r.contract_id, name: r.contract_name } }
    : {}),
  description: r.description,
  quantity: r.quantity,
  unitPriceCents: r.unit_price_cents,
  amountCents: r.amount_cents,
  currency: r.currency,
  chargedOn: r.charged_on,
  createdAt: r.created_at,
});

/**
 * Newest first, keyset on id desc. A ticket or contract filter matches through the visible join,
 * so filtering by a ticket or contract the contact may not see lists nothing.
 */
export async function listPortalCharges(
  db: Db,
  actor: ContactActor,
  filter: { ticketId?: string; contractId?: string },
  page: PageQuery,
) {
  let query = visibleChargeRows(db, actor);
  if (filter.ticketId) query = query.where('vt.id', '=', filter.ticketId);
  if (filter.contractId) query = query.where('vk.id', '=', filter.contractId);
  return pageById(query, 'ch.id', 'desc', page, toCharge);
}

/** The charges embedded in a contract: the first page of GET /api/portal/charges?contractId=…. */
const EMBEDDED_CHARGES = 100;

/** The contract with its terms and, with charges.view (and module charges), its newest charges. */
export async function findPortalContractWithCharges(db: Db, actor: ContactActor, id: string) {
  const contract = await findPortalContract(db, actor, id);
  if (!contract || !actor.modules.has('charges') || !actor.privileges.has('charges.view')) return contract;
  const charges = await listPortalCharges(
    db,
    actor,
    { contractId: contract.id },
    { limit: EMBEDDED_CHARGES },
  );
  return { ...contract, charges };
}

export async function findPortalCharge(db: Db, actor: ContactActor, id: string) {
  const row = await visibleChargeRows(db, actor).where('ch.id', '=', id).executeTakeFirst();
  return row && toCharge(row);
}
