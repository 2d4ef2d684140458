import { dateOn, daysAgo, lineAmount, pick, uuidV7, type DemoContext } from './util.ts';

/** One contract; it starts and ends the given number of days from today. */
type ContractRow = [
  key: string,
  org: string,
  name: string,
  status: 'draft' | 'active' | 'expired' | 'cancelled',
  starts: number,
  ends: number,
];

const CONTRACTS: ContractRow[] = [
  ['district_msa', 'district', 'Managed IT services 2025–2026', 'active', -240, 125],
  ['almond_av', 'almond', 'Classroom AV support', 'active', -200, 165],
  ['cedar_lab', 'cedar', 'Computer lab support (pilot)', 'cancelled', -420, -60],
  ['nw_gold', 'northwind', 'Managed services – Gold', 'active', -300, 65],
  ['nw_warranty', 'northwind', 'Server warranty extension 2024', 'expired', -700, -335],
  ['contoso_it', 'contoso', 'Dental practice IT support', 'active', -150, 215],
  ['fabrikam_plotter', 'fabrikam', 'Plotter maintenance', 'draft', 10, 375],
];

/** The terms of each contract, by key. */
const TERMS: Record<string, string> = {
  district_msa:
    'Help desk 7:00–17:00 on school days, 4-hour on-site response for P1, monthly fee per school.',
  almond_av: 'Projectors, document cameras and displays: repair or loan unit within 2 school days.',
  cedar_lab: 'Folded into the district managed services contract.',
  nw_gold: '24/7 monitoring of servers and network, 10 on-site hours per month included.',
  nw_warranty: 'Next-business-day parts for NW-FS01.',
  contoso_it:
    'Workstations, imaging PCs and network; HIPAA-aligned backups; 2-hour response for imaging outages.',
  fabrikam_plotter: 'Quarterly service visit, printheads excluded.',
};

/** Monthly fees and extras charged on contracts: contract key, description, quantity, unit price, days ago. */
const CONTRACT_CHARGES: Array<[string, string, number, number, number]> = [
  ['district_msa', 'Monthly fee – district office and three schools', 1, 470000, 38],
  ['district_msa', 'Monthly fee – district office and three schools', 1, 470000, 8],
  ['almond_av', 'Loan projector, room 12 (per week)', 1, 4500, 1],
  ['nw_gold', 'Managed services Gold – monthly fee', 1, 185000, 34],
  ['nw_gold', 'Managed services Gold – monthly fee', 1, 185000, 4],
  ['nw_gold', 'On-site hours beyond the 10 included', 2.5, 12000, 4],
  ['contoso_it', 'Practice IT support – monthly fee', 1, 64000, 31],
  ['contoso_it', 'Practice IT support – monthly fee', 1, 64000, 1],
  ['contoso_it', 'Guest portal licence (per month)', 1.25, 999, 1],
];

/** Contracts and the charges booked on them. */
export async function seedContracts(ctx: DemoContext): Promise<void> {
  const { trx, now } = ctx;
  for (const [key, org, name, status, starts, ends] of CONTRACTS) {
    const at = daysAgo(now, Math.max(5, -starts + 14));
    const row = await trx
      .insertInto('contracts')
      .values({
        id: uuidV7(at),
        organization_id: pick(ctx.orgs, org),
        name,
        status,
        starts_on: dateOn(now, starts),
        ends_on: dateOn(now, ends),
        terms: pick(TERMS, key),
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.contracts[key] = row.id;
  }

  for (const [contract, description, quantity, unitPriceCents, days] of CONTRACT_CHARGES) {
    const at = daysAgo(now, days);
    await trx
      .insertInto('charges')
      .values({
        id: uuidV7(at),
        ticket_id: null,
        contract_id: pick(ctx.contracts, contract),
        description,
        quantity,
        unit_price_cents: unitPriceCents,
        amount_cents: lineAmount(quantity, unitPriceCents),
        charged_on: dateOn(now, -days),
        created_at: at,
      })
      .execute();
  }
}
