import type { ContactActor } from '../../authz/actor.ts';
import { visibleCharges, visibleOrganizationRecords } from '../../authz/record-scope.ts';
import { visibleTickets } from '../../authz/ticket-scope.ts';
import { toPage, type PageQuery, afterIdCursor } from '../../http/pagination.ts';
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
      'o.id as organization_id',
      'o.name as organization_name',
    ])
    .where(visibleOrganizationRecords(actor, 'contracts', 'k'));
}

type ContractRow = Awaited<ReturnType<ReturnType<typeof visibleContracts>['executeTakeFirstOrThrow']>>;

const toContract = (r: ContractRow): PortalContract => ({
  id: r.id,
  name: r.name,
  status: r.status,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  organization: { id: r.organization_id, name: r.organization_name },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listPortalContracts(db: Db, actor: ContactActor, page: PageQuery) {
  let query = visibleContracts(db, actor);
  if (page.cursor) query = query.where(afterIdCursor(page.cursor, 'k.id'));
  const rows = await query
    .orderBy('k.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, (r) => [r.id], toContract);
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

type ChargeRow = Awaited<ReturnType<ReturnType<typeof visibleChargeRows>['executeTakeFirstOrThrow']>>;

const toCharge = (r: ChargeRow): PortalCharge => ({
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
  if (page.cursor) query = query.where(afterIdCursor(page.cursor, 'ch.id'));
  const rows = await query
    .orderBy('ch.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, (r) => [r.id], toCharge);
}

export async function findPortalCharge(db: Db, actor: ContactActor, id: string) {
  const row = await visibleChargeRows(db, actor).where('ch.id', '=', id).executeTakeFirst();
  return row && toCharge(row);
}
