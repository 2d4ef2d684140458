// Portal invoices: who sees which (drafts never), totals and paid/balance, fields per privilege,
// module visibility, and the PDF download (a hand-made PDF whose structure is checked here).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import { invoicePdf } from '../../src/modules/portal-records/invoice-pdf.ts';
import { signedInContact, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
type Status = 'draft' | 'issued' | 'paid' | 'void';
type Line = { description: string; quantity: number; unitPriceCents: number };

const ids: Record<string, string> = {};
const numbers: Record<string, number> = {};
const name = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
const clients: Record<string, TestClient> = {};
let A: string;

const LINES: Line[] = [
  { description: 'Monthly support (May)', quantity: 1, unitPriceCents: 500_000 },
  { description: 'Extra hours', quantity: 0.5, unitPriceCents: 1_000 },
];

async function invoice(
  key: string,
  organizationId: string,
  status: Status,
  extra: { lines?: Line[]; quoteId?: string; notes?: string; paid?: number } = {},
) {
  const lines = (extra.lines ?? LINES).map((l, i) => ({
    position: i + 1,
    description: l.description,
    quantity: l.quantity,
    unit_price_cents: l.unitPriceCents,
    amount_cents: Math.round(l.quantity * l.unitPriceCents),
  }));
  const row = await db()
    .insertInto('invoices')
    .values({
      organization_id: organizationId,
      status,
      quote_id: extra.quoteId ?? null,
      issued_on: status === 'draft' ? null : '2026-05-02',
      due_on: status === 'draft' ? null : '2026-06-01',
      total_cents: lines.reduce((sum, l) => sum + l.amount_cents, 0),
      notes: extra.notes ?? '',
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('invoice_lines')
    .values(lines.map((l) => ({ ...l, invoice_id: row.id })))
    .execute();
  if (extra.paid)
    await db()
      .insertInto('payments')
      .values({ organization_id: organizationId, invoice_id: row.id, amount_cents: extra.paid })
      .execute();
  ids[key] = row.id;
  numbers[key] = row.number;
}

/** Checks the file's structure: header, every xref offset pointing at its object, stream lengths, trailer. */
function checkPdf(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF-1.4\n')).toBe(true);
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\s*$/.exec(text)?.[1]);
  const header = /^xref\n0 (\d+)\n/.exec(text.slice(startxref));
  expect(header).not.toBeNull();
  const size = Number(header![1]);
  const first = startxref + header![0].length;
  for (let i = 0; i < size; i++) {
    const entry = text.slice(first + 20 * i, first + 20 * (i + 1));
    expect(entry).toMatch(i === 0 ? /^0000000000 65535 f \n$/ : /^\d{10} 00000 n \n$/);
    if (i > 0)
      expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${i} 0 obj\n`), `object ${i}`).toBe(true);
  }
  expect(text.slice(first + 20 * size)).toMatch(new RegExp(`^trailer\\n<< /Size ${size} /Root 1 0 R`));
  for (const m of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const end = m.index + m[0].length + Number(m[1]);
    expect(text.slice(end, end + 10)).toBe('\nendstream');
  }
  return text;
}

const pageCount = (text: string) => Number(/\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(text)?.[1]);

beforeAll(async () => {
  t = await startTestApp();
  const D = (await createOrganization(db(), { name: 'District' })).id;
  A = (await createOrganization(db(), { name: 'Almond School', parentId: D })).id;
  const B = (await createOrganization(db(), { name: 'Birch School', parentId: D })).id;
  const X = (await createOrganization(db(), { name: 'Xylo Corp' })).id;
  const treeGroup = await db()
    .insertInto('privilege_groups')
    .values({
      name: `Tree ${randomUUID()}`,
      privileges: ['portal.login', 'invoices.view'] satisfies Privilege[],
      record_scope: 'organization_tree',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const specs = {
    limited: { organizationId: A, privilegeGroup: 'limited' },
    partial: { organizationId: A, privilegeGroup: 'partial' },
    full: { organizationId: A, privilegeGroup: 'full' },
    tree: { organizationId: D, privilegeGroupId: treeGroup.id },
    xena: { organizationId: X, privilegeGroup: 'full' },
  } as const;
  for (const [key, spec] of Object.entries(specs)) {
    const contact = await createContact(db(), { ...spec, email: `${key}-${randomUUID()}@x.test` });
    clients[key] = await signedInContact(t.app, contact.email, TEST_PASSWORD);
  }
  const quote = await db()
    .insertInto('quotes')
    .values({ organization_id: A, title: 'Upgrade', status: 'accepted', total_cents: 500_500 })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  ids.quote = quote.id;
  numbers.quote = quote.number;
  await invoice('draftA', A, 'draft');
  await invoice('issuedA', A, 'issued', { quoteId: quote.id, paid: 100_000, notes: 'PO 4500-118' });
  await invoice('paidA', A, 'paid', { paid: 500_500 });
  await invoice('voidA', A, 'void');
  await invoice('issuedB', B, 'issued');
  await invoice('draftB', B, 'draft');
  await invoice('issuedX', X, 'issued');
});
afterAll(async () => t.close());

const A_INVOICES = ['issuedA', 'paidA', 'voidA'];

describe('who sees which invoice', () => {
  it.each([
    // Without invoices.view the module does not exist for the contact.
    ['limited', 404],
    ['partial', 404],
    ['full', A_INVOICES],
    ['tree', [...A_INVOICES, 'issuedB'].sort()],
    ['xena', ['issuedX']],
  ] as const)('%s: list, detail and PDF', async (persona, expected) => {
    const client = clients[persona]!;
    const res = await client.get('/api/portal/invoices?limit=100');
    if (typeof expected === 'number') expect(res.statusCode).toBe(expected);
    else
      expect(
        res
          .json()
          .items.map((i: { id: string }) => name(i.id))
          .sort(),
      ).toEqual(expected);
    const missing = await client.get(`/api/portal/invoices/${randomUUID()}`);
    for (const key of Object.keys(ids).filter((k) => k !== 'quote')) {
      for (const suffix of ['', '/pdf']) {
        const one = await client.get(`/api/portal/invoices/${ids[key]}${suffix}`);
        if (typeof expected === 'number') expect(one.statusCode).toBe(expected);
        else if ((expected as readonly string[]).includes(key))
          expect(one.statusCode, key + suffix).toBe(200);
        else expect([one.statusCode, one.json()], key + suffix).toEqual([404, missing.json()]);
      }
    }
  });

  it('drafts are never listed, not even by a status filter; status filters the rest', async () => {
    expect((await clients.tree!.get('/api/portal/invoices?status=draft')).statusCode).toBe(422);
    // Both were due on 1 June 2026 and are not paid in full.
    const overdue = (await clients.tree!.get('/api/portal/invoices?status=overdue')).json();
    expect(overdue.items.map((i: { id: string }) => name(i.id)).sort()).toEqual(['issuedA', 'issuedB']);
    const paid = (await clients.tree!.get('/api/portal/invoices?status=paid')).json();
    expect(paid.items.map((i: { id: string }) => name(i.id))).toEqual(['paidA']);
  });

  it('pages newest first', async () => {
    const first = (await clients.tree!.get('/api/portal/invoices?limit=2')).json();
    const second = (
      await clients.tree!.get(`/api/portal/invoices?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect([...first.items, ...second.items].map((i: { id: string }) => name(i.id))).toEqual([
      'issuedB',
      'voidA',
      'paidA',
      'issuedA',
    ]);
    expect(second.nextCursor).toBeNull();
  });
});

describe('the invoice', () => {
  it('has its lines, total, paid and balance; the quote only with quotes.view', async () => {
    const body = (await clients.full!.get(`/api/portal/invoices/${ids.issuedA}`)).json();
    expect(body).toMatchObject({
      number: numbers.issuedA,
      // Due on 1 June, partly paid: overdue wins over partially paid.
      status: 'overdue',
      issuedOn: '2026-05-02',
      dueOn: '2026-06-01',
      totalCents: 500_500,
      paidCents: 100_000,
      balanceCents: 400_500,
      currency: 'EUR',
      notes: 'PO 4500-118',
      organization: { id: A, name: 'Almond School' },
      quote: { id: ids.quote, number: numbers.quote },
    });
    expect(body.lines).toEqual([
      {
        position: 1,
        description: 'Monthly support (May)',
        quantity: 1,
        unitPriceCents: 500_000,
        amountCents: 500_000,
        currency: 'EUR',
      },
      {
        position: 2,
        description: 'Extra hours',
        quantity: 0.5,
        unitPriceCents: 1_000,
        amountCents: 500,
        currency: 'EUR',
      },
    ]);
    const tree = (await clients.tree!.get(`/api/portal/invoices/${ids.issuedA}`)).json();
    expect(tree.paidCents).toBe(100_000);
    expect(Object.keys(tree)).not.toContain('quote');
  });

  it('downloads as a PDF attachment with the invoice in it', async () => {
    const res = await clients.full!.get(`/api/portal/invoices/${ids.issuedA}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="invoice-${numbers.issuedA}.pdf"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const text = checkPdf(res.rawPayload);
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    for (const shown of [
      '(Portico)',
      `(Invoice ${numbers.issuedA})`,
      '(Organization: Almond School)',
      '(Issued on: 2026-05-02)',
      '(Status: Overdue)',
      '(Monthly support \\(May\\))',
      '(5,000.00)',
      '(Total)',
      '(4,005.00 EUR)',
      '(PO 4500-118)',
    ])
      expect(text, shown).toContain(shown);
    expect(pageCount(text)).toBe(1);
  });

  it('401 without a session; 404 on every endpoint when the invoices module is not usable', async () => {
    const anon = new TestClient(t.app);
    for (const path of ['', `/${ids.issuedA}`, `/${ids.issuedA}/pdf`])
      expect((await anon.get(`/api/portal/invoices${path}`)).statusCode).toBe(401);
    const group = await db()
      .insertInto('user_groups')
      .values({ name: `G ${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('module_allowed_groups')
      .values({ module: 'invoices', user_group_id: group.id })
      .execute();
    try {
      for (const path of ['', `/${ids.issuedA}`, `/${ids.issuedA}/pdf`])
        expect((await clients.full!.get(`/api/portal/invoices${path}`)).statusCode, path).toBe(404);
    } finally {
      await db().deleteFrom('module_allowed_groups').execute();
    }
  });
});

describe('invoicePdf', () => {
  it('flows a long invoice over pages, escapes text, and keeps a valid cross-reference table', () => {
    const lines = Array.from({ length: 120 }, (_, i) => ({
      position: i + 1,
      description:
        i % 10 === 0 ? `Backslash \\ and (parens) – “quoted” € ${'long words '.repeat(12)}` : `Item ${i + 1}`,
      quantity: 1,
      unitPriceCents: -1234,
      amountCents: -1234,
    }));
    const pdf = invoicePdf({
      provider: 'Portico',
      number: 987654,
      organization: 'Ünïcode Org ✓',
      status: 'issued',
      issuedOn: '2026-01-01',
      dueOn: null,
      lines,
      totalCents: -148_080,
      paidCents: 0,
      balanceCents: -148_080,
      currency: 'EUR',
      notes: 'First line\nSecond line',
    });
    const text = checkPdf(pdf);
    expect(pageCount(text)).toBeGreaterThan(2);
    expect(text).toContain('(Invoice 987654)');
    expect(text).toContain('(Organization: \xdcn\xefcode Org ?)');
    expect(text).toContain('(Backslash \\\\ and \\(parens\\) \x96 \x93quoted\x94 \x80');
    expect(text).toContain('(-1,480.80 EUR)');
    expect(text).toContain('(Due on: -)');
    expect(text).toContain(`page ${pageCount(text)} of ${pageCount(text)})`);
  });
});
