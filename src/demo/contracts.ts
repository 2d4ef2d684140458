import { dateOn, daysAgo, lineAmount, pick, uuidV7, type DemoContext } from './util.ts';

type ContractSpec = {
  key: string;
  org: string;
  name: string;
  status: 'draft' | 'active' | 'expired' | 'cancelled';
  /** Start and end in days from today. */
  starts: number;
  ends: number;
  terms: string;
};

const CONTRACTS: ContractSpec[] = [
  {
    key: 'district_msa',
    org: 'district',
    name: 'Managed IT services 2025–2026',
    status: 'active',
    starts: -240,
    ends: 125,
    terms: 'Help desk 7:00–17:00 on school days, 4-hour on-site response for P1, monthly fee per school.',
  },
  {
    key: 'almond_av',
    org: 'almond',
    name: 'Classroom AV support',
    status: 'active',
    starts: -200,
    ends: 165,
    terms: 'Projectors, document cameras and displays: repair or loan unit within 2 school days.',
  },
  {
    key: 'cedar_lab',
    org: 'cedar',
    name: 'Computer lab support (pilot)',
    status: 'cancelled',
    starts: -420,
    ends: -60,
    terms: 'Folded into the district managed services contract.',
  },
  {
    key: 'nw_gold',
    org: 'northwind',
    name: 'Managed services – Gold',
    status: 'active',
    starts: -300,
    ends: 65,
    terms: '24/7 monitoring of servers and network, 10 on-site hours per month included.',
  },
  {
    key: 'nw_warranty',
    org: 'northwind',
    name: 'Server warranty extension 2024',
    status: 'expired',
    starts: -700,
    ends: -335,
    terms: 'Next-business-day parts for NW-FS01.',
  },
  {
    key: 'contoso_it',
    org: 'contoso',
    name: 'Dental practice IT support',
    status: 'active',
    starts: -150,
    ends: 215,
    terms:
      'Workstations, imaging PCs and network; HIPAA-aligned backups; 2-hour response for imaging outages.',
  },
  {
    key: 'fabrikam_plotter',
    org: 'fabrikam',
    name: 'Plotter maintenance',
    status: 'draft',
    starts: 10,
    ends: 375,
    terms: 'Quarterly service visit, printheads excluded.',
  },
];

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
  for (const s of CONTRACTS) {
    const at = daysAgo(now, Math.max(5, -s.starts + 14));
    const row = await trx
      .insertInto('contracts')
      .values({
        id: uuidV7(at),
        organization_id: pick(ctx.orgs, s.org),
        name: s.name,
        status: s.status,
        starts_on: dateOn(now, s.starts),
        ends_on: dateOn(now, s.ends),
        terms: s.terms,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.contracts[s.key] = row.id;
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
