import { dateOn, daysAgo, lineAmount, pick, uuidV7, type DemoContext } from './util.ts';

type Line = [description: string, quantity: number, unitPriceCents: number];

/** One quote: created `created` days ago, sent a day later, decided `decided` days ago. */
type QuoteRow = [
  key: string,
  org: string,
  contact: string,
  title: string,
  status: 'draft' | 'sent' | 'accepted' | 'declined',
  created: number,
  decided: number | null,
];

const QUOTES: QuoteRow[] = [
  ['nw_backup', 'northwind', 'laura', 'Backup appliance NW-BK01', 'accepted', 52, 48],
  ['cedar_switch', 'cedar', 'james', 'Computer lab switch replacement', 'declined', 16, 12],
  ['almond_displays', 'almond', 'margaret', 'Interactive displays for rooms 12–14', 'sent', 8.5, null],
  ['nw_laptops', 'northwind', 'laura', 'Laptop refresh – accounting team', 'sent', 6, null],
  ['eastside_wifi', 'contoso', 'grace', 'Eastside Wi-Fi upgrade', 'sent', 4, null],
  ['birch_ap', 'birch', 'helen', 'Second access point for the gym', 'draft', 2, null],
  ['fabrikam_plotter', 'fabrikam', 'oliver', 'Large-format plotter for the second studio', 'draft', 1, null],
];

/** The lines of each quote, by key. */
const QUOTE_LINES: Record<string, Line[]> = {
  nw_backup: [
    ['Backup appliance, 4-bay, rack mount', 1, 489000],
    ['8 TB enterprise drive', 4, 28950],
    ['Backup software licence, 3 years', 1, 114000],
  ],
  cedar_switch: [
    ['48-port PoE switch', 1, 214900],
    ['Configuration and installation', 3, 12000],
  ],
  almond_displays: [
    ['75" interactive display', 3, 324900],
    ['Wall mount and installation', 3, 42000],
    ['Removal and disposal of old projectors', 3, 8500],
    ['Cabling and wall plates', 1, 31050],
  ],
  nw_laptops: [
    ['14" business laptop, 32 GB, 3-year warranty', 6, 114900],
    ['USB-C docking station', 6, 21999],
    ['Imaging, data transfer and setup (hours)', 9, 12000],
  ],
  eastside_wifi: [
    ['Wi-Fi 6 access point', 2, 28900],
    ['Firewall VLAN and guest network configuration (hours)', 2.5, 12000],
    ['Guest portal licence (months)', 12, 990],
  ],
  birch_ap: [
    ['Wi-Fi 6 access point, high density', 1, 38900],
    ['Installation (hours)', 2, 12000],
    ['Cat6 run from closet B2', 1, 14500],
  ],
  fabrikam_plotter: [
    ['36" large-format plotter', 1, 389000],
    ['Delivery, installation and driver roll-out (hours)', 2.75, 12000],
  ],
};

type InvoiceSpec = {
  org: string;
  quote?: string;
  status: 'draft' | 'issued' | 'paid' | 'void';
  /** Days ago it was issued (due 30 days later); drafts are not issued. */
  issued: number;
  notes?: string;
  lines: Line[];
  /** Payments: amount in cents (undefined: the full total), method, days ago. */
  payments?: Array<
    [amountCents: number | undefined, method: 'bank_transfer' | 'card' | 'check', days: number]
  >;
};

const INVOICES: InvoiceSpec[] = [
  {
    org: 'northwind',
    quote: 'nw_backup',
    status: 'paid',
    issued: 44,
    notes: 'PO 4500-118',
    lines: [],
    payments: [[undefined, 'bank_transfer', 20]],
  },
  {
    org: 'northwind',
    status: 'paid',
    issued: 34,
    notes: 'PO 4500-118',
    lines: [['Managed services Gold – monthly fee', 1, 185000]],
    payments: [[undefined, 'bank_transfer', 9]],
  },
  {
    org: 'northwind',
    status: 'void',
    issued: 5,
    notes: 'Issued twice by mistake; replaced by the following invoice.',
    lines: [['Managed services Gold – monthly fee', 1, 185000]],
  },
  {
    org: 'northwind',
    status: 'issued',
    issued: 4,
    notes: 'PO 4500-118',
    lines: [
      ['Managed services Gold – monthly fee', 1, 185000],
      ['On-site hours beyond the 10 included', 2.5, 12000],
    ],
  },
  {
    org: 'district',
    status: 'issued',
    issued: 8,
    notes: 'Managed IT services 2025–2026, monthly instalment.',
    lines: [
      ['Almond School – monthly fee', 1, 120000],
      ['Birch School – monthly fee', 1, 120000],
      ['Cedar High School – monthly fee', 1, 165000],
      ['District office – monthly fee', 1, 65000],
    ],
    payments: [[300000, 'check', 2]],
  },
  {
    org: 'cedar',
    status: 'issued',
    issued: 36,
    notes: 'Outside contract hours.',
    lines: [['Emergency remote restore of the lab switch', 1, 15000]],
  },
  {
    org: 'contoso',
    status: 'paid',
    issued: 31,
    lines: [['Practice IT support – monthly fee', 1, 64000]],
    payments: [[undefined, 'card', 27]],
  },
  {
    org: 'birch',
    status: 'draft',
    issued: 0,
    lines: [['On-site Wi-Fi survey, Birch gym (hours)', 1.5, 12000]],
  },
  {
    org: 'contoso',
    status: 'draft',
    issued: 0,
    lines: [
      ['Practice IT support – monthly fee', 1, 64000],
      ['Guest portal licence (per month)', 1.25, 999],
    ],
  },
];

/** Line rows with amount = round(quantity × unit price), numbered from 1. */
const lineRows = (lines: Line[]) =>
  lines.map(([description, quantity, unitPriceCents], i) => ({
    position: i + 1,
    description,
    quantity,
    unit_price_cents: unitPriceCents,
    amount_cents: lineAmount(quantity, unitPriceCents),
  }));

const linesTotal = (lines: Line[]) => lines.reduce((sum, [, qty, unit]) => sum + lineAmount(qty, unit), 0);

export async function seedBilling(ctx: DemoContext): Promise<void> {
  const { trx, now } = ctx;
  const quoteIds: Record<string, { id: string; lines: Line[] }> = {};
  for (const [key, org, contact, title, status, created, decidedDays] of QUOTES) {
    const lines = pick(QUOTE_LINES, key);
    const at = daysAgo(now, created);
    const sentAt = status === 'draft' ? null : daysAgo(now, created - 1);
    const decided = decidedDays === null ? null : daysAgo(now, decidedDays);
    const row = await trx
      .insertInto('quotes')
      .values({
        id: uuidV7(at),
        organization_id: pick(ctx.orgs, org),
        contact_id: pick(ctx.contacts, contact).id,
        title,
        status,
        total_cents: linesTotal(lines),
        valid_until: dateOn(now, 30 - created),
        sent_at: sentAt,
        decided_at: decided,
        decided_by_contact_id: decided ? pick(ctx.contacts, contact).id : null,
        created_at: at,
        updated_at: decided ?? sentAt ?? at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    quoteIds[key] = { id: row.id, lines };
    await trx
      .insertInto('quote_lines')
      .values(lineRows(lines).map((line) => ({ ...line, quote_id: row.id })))
      .execute();
  }

  for (const inv of INVOICES) {
    const quote = inv.quote ? pick(quoteIds, inv.quote) : undefined;
    const lines = quote ? quote.lines : inv.lines;
    const total = linesTotal(lines);
    const at = daysAgo(now, inv.status === 'draft' ? 0.5 : inv.issued + 1);
    const row = await trx
      .insertInto('invoices')
      .values({
        id: uuidV7(at),
        organization_id: pick(ctx.orgs, inv.org),
        quote_id: quote?.id ?? null,
        status: inv.status,
        issued_on: inv.status === 'draft' ? null : dateOn(now, -inv.issued),
        due_on: inv.status === 'draft' ? null : dateOn(now, 30 - inv.issued),
        total_cents: total,
        notes: inv.notes ?? '',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('invoice_lines')
      .values(lineRows(lines).map((line) => ({ ...line, invoice_id: row.id })))
      .execute();
    for (const [amount, method, days] of inv.payments ?? []) {
      const paidAt = daysAgo(now, days);
      await trx
        .insertInto('payments')
        .values({
          id: uuidV7(paidAt),
          organization_id: pick(ctx.orgs, inv.org),
          invoice_id: row.id,
          amount_cents: amount ?? total,
          method,
          reference: method === 'check' ? 'Check no. 20417' : `PAY-${dateOn(now, -days).replace(/-/g, '')}`,
          received_on: dateOn(now, -days),
          created_at: paidAt,
        })
        .execute();
    }
  }
}
