import { sql } from 'kysely';
import { conflict } from '../../errors.ts';
import { requireOrganization } from '../assets/org-records.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from '../shared/audit-of.ts';
import { found } from '../shared/record-routes.ts';
import { contractColumns, findContract, hasCharges, requireContractDates, toContractOut } from './repo.ts';
import type { ContractCreate, ContractOut, ContractUpdate } from './schema.ts';

const log = auditOf('contract');

export async function createContract(ctx: ChangeContext, input: ContractCreate): Promise<ContractOut> {
  const { organizationId, ...body } = input;
  requireContractDates(body.startsOn ?? null, body.endsOn ?? null);
  await requireOrganization(ctx.trx, organizationId);
  const created = await ctx.trx
    .insertInto('contracts')
    .values({ ...contractColumns(body), organization_id: organizationId, name: body.name })
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toContractOut(created);
  await log.created(ctx, after);
  return after;
}

export async function updateContract(
  ctx: ChangeContext,
  id: string,
  body: ContractUpdate,
): Promise<ContractOut> {
  const before = found(await findContract(ctx.trx, id, true), 'Contract');
  requireContractDates(
    body.startsOn !== undefined ? body.startsOn : before.starts_on,
    body.endsOn !== undefined ? body.endsOn : before.ends_on,
  );
  const updated = await ctx.trx
    .updateTable('contracts')
    .set({ ...contractColumns(body), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = toContractOut(updated);
  await log.updated(ctx, id, toContractOut(before), after);
  return after;
}

export async function deleteContract(ctx: ChangeContext, id: string): Promise<void> {
  // The lock makes a concurrent new charge wait for this delete (and then fail its FK).
  const before = found(await findContract(ctx.trx, id, true), 'Contract');
  // charges.contract_id is ON DELETE CASCADE: refuse rather than silently drop billing rows.
  if (await hasCharges(ctx.trx, before.id)) throw conflict('The contract has charges; delete them first.');
  await ctx.trx.deleteFrom('contracts').where('id', '=', before.id).execute();
  await log.deleted(ctx, toContractOut(before));
}
