import { sql } from 'kysely';
import { conflict } from '../../errors.ts';
import { requireOrganization } from '../assets/org-records.ts';
import type { ChangeContext } from '../audit/change.ts';
import { recordWrites } from '../shared/record-writes.ts';
import { columnsOf } from '../shared/wire-names.ts';
import { contractRecord, hasCharges, requireContractDates } from './repo.ts';
import type { ContractCreate, ContractOut, ContractUpdate } from './schema.ts';

const contracts = recordWrites({ ...contractRecord, entityType: 'contract' });

export async function createContract(ctx: ChangeContext, body: ContractCreate): Promise<ContractOut> {
  requireContractDates(body.startsOn ?? null, body.endsOn ?? null);
  await requireOrganization(ctx.trx, body.organizationId);
  const created = await contractRecord.insert(ctx.trx, columnsOf(body));
  return contracts.created(ctx, created);
}

export function updateContract(ctx: ChangeContext, id: string, body: ContractUpdate): Promise<ContractOut> {
  return contracts.update(ctx, id, (before) => {
    requireContractDates(
      body.startsOn !== undefined ? body.startsOn : before.starts_on,
      body.endsOn !== undefined ? body.endsOn : before.ends_on,
    );
    return contractRecord.update(ctx.trx, id, { ...columnsOf(body), updated_at: sql<Date>`now()` });
  });
}

export function deleteContract(ctx: ChangeContext, id: string): Promise<void> {
  // The lock makes a concurrent new charge wait for this delete (and then fail its FK).
  return contracts.remove(ctx, id, async (before) => {
    // charges.contract_id is ON DELETE CASCADE: refuse rather than silently drop billing rows.
    if (await hasCharges(ctx.trx, before.id)) throw conflict('The contract has charges; delete them first.');
    await contractRecord.remove(ctx.trx, before.id);
  });
}
