// Portal assets, contracts, charges and payments: who sees what (persona tables), single reads as
// the list condition on one id, fields per privilege, module visibility, 401/403/404/422.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import type { TicketScope } from '../../src/db/schema.ts';
import { signedInContact, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
type Contact = Awaited<ReturnType<typeof createContact>>;

async function privilegeGroup(privileges: Privilege[], recordScope: TicketScope, ticketScope: TicketScope) {
  const row = await db()
    .insertInto('privilege_groups')
    .values({
      name: `Group ${randomUUID()}`,
      privileges,
      record_scope: recordScope,
      ticket_scope: ticketScope,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const ids: Record<string, string> = {};
const name = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
const clients: Record<string, TestClient> = {};
const personas: Record<string, Contact> = {};

async function asset(key: string, organizationId: string, contactId: string | null = null) {
  const row = await db()
    .insertInto('assets')
    .values({
      organization_id: organizationId,
      contact_id: contactId,
      name: `Asset ${key}`,
      serial_number: `SN-${key}`,
      config_notes: `config of ${key}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
}

async function insert(
  key: string,
  table: 'contracts' | 'tickets' | 'charges' | 'payments',
  values: Record<string, unknown>,
) {
  // The tables differ; the tests give each its required columns.
  const row = await db()
    .insertInto(table)
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
}

const charge = (key: string, link: { ticket_id?: string; contract_id?: string }) =>
  insert(key, 'charges', {
    ...link,
    description: `Charge ${key}`,
    quantity: 1.5,
    unit_price_cents: 1000,
    amount_cents: 1500,
  });

/** Every item of a list (following the cursors, small pages), by key; or the refusal status. */
async function list(persona: string, path: string): Promise<string[] | number> {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await clients[persona]!.get(`${path}${sep}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    if (res.statusCode !== 200) return res.statusCode;
    const page = res.json() as { items: Array<{ id: string }>; nextCursor: string | null };
    out.push(...page.items.map((i) => name(i.id)));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
const sorted = (x: string[] | number) => (typeof x === 'number' ? x : [...x].sort());

beforeAll(async () => {
  t = await startTestApp();
  const D = (await createOrganization(db(), { name: 'District' })).id;
  const A = (await createOrganization(db(), { name: 'Almond School', parentId: D })).id;
  const B = (await createOrganization(db(), { name: 'Birch School', parentId: D })).id;
  const X = (await createOrganization(db(), { name: 'Xylo Corp' })).id;
  // A custom group: the whole tree, charges and payments, but neither invoices nor config notes.
  const treeGroup = await privilegeGroup(
    ['portal.login', 'tickets.view', 'assets.view', 'contracts.view', 'charges.view', 'payments.view'],
    'organization_tree',
    'organization_tree',
  );
  const specs = {
    limited: { organizationId: A, privilegeGroup: 'limited' },
    partial: { organizationId: A, privilegeGroup: 'partial' },
    full: { organizationId: A, privilegeGroup: 'full' },
    tree: { organizationId: D, privilegeGroupId: treeGroup },
    xena: { organizationId: X, privilegeGroup: 'full' },
  } as const;
  for (const [key, spec] of Object.entries(specs)) {
    personas[key] = await createContact(db(), {
      ...spec,
      name: `Person ${key}`,
      email: `${key}-${randomUUID()}@x.test`,
    });
    clients[key] = await signedInContact(t.app, personas[key].email, TEST_PASSWORD);
  }
  const colleague = await createContact(db(), { organizationId: A });
  const birch = await createContact(db(), { organizationId: B });
  await asset('aLimited', A, personas.limited!.id);
  await asset('aPartial', A, personas.partial!.id);
  await asset('aA', A);
  await asset('aB', B);
  await asset('aD', D);
  await asset('aX', X, personas.xena!.id);
  for (const [key, org] of [
    ['cA', A],
    ['cB', B],
    ['cD', D],
    ['cX', X],
  ] as const)
    await insert(key, 'contracts', { organization_id: org, name: `Contract ${key}`, terms: 'Net 30' });
  await insert('tA', 'tickets', { subject: 'A', requester_id: colleague.id, organization_id: A });
  await insert('tPriv', 'tickets', {
    subject: 'P',
    requester_id: colleague.id,
    organization_id: A,
    private: true,
  });
  await insert('tB', 'tickets', { subject: 'B', requester_id: birch.id, organization_id: B });
  await insert('tX', 'tickets', { subject: 'X', requester_id: personas.xena!.id, organization_id: X });
  await charge('chTA', { ticket_id: ids.tA });
  await charge('chCA', { contract_id: ids.cA });
  await charge('chPriv', { ticket_id: ids.tPriv, contract_id: ids.cA });
  await charge('chTB', { ticket_id: ids.tB });
  await charge('chCB', { contract_id: ids.cB });
  await charge('chX', { ticket_id: ids.tX });
  const invoice = await db()
    .insertInto('invoices')
    .values({ organization_id: A, status: 'issued', issued_on: '2026-01-02', total_cents: 5000 })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.iA = invoice.id;
  await insert('pA', 'payments', {
    organization_id: A,
    invoice_id: invoice.id,
    amount_cents: 2000,
    reference: 'R-1',
  });
  await insert('pB', 'payments', { organization_id: B, amount_cents: 100 });
  await insert('pX', 'payments', { organization_id: X, amount_cents: 300 });
});
afterAll(async () => t.close());

// persona → expected list (404: without the module's view privilege the module does not exist for the contact).
const LISTS: Array<[string, string, string[] | number]> = [
  ['/api/portal/assets', 'limited', ['aLimited']],
  ['/api/portal/assets', 'partial', ['aPartial']],
  ['/api/portal/assets', 'full', ['aA', 'aLimited', 'aPartial']],
  ['/api/portal/assets', 'tree', ['aA', 'aB', 'aD', 'aLimited', 'aPartial']],
  ['/api/portal/assets', 'xena', ['aX']],
  ['/api/portal/contracts', 'limited', 404],
  ['/api/portal/contracts', 'partial', ['cA']],
  ['/api/portal/contracts', 'full', ['cA']],
  ['/api/portal/contracts', 'tree', ['cA', 'cB', 'cD']],
  ['/api/portal/contracts', 'xena', ['cX']],
  ['/api/portal/charges', 'limited', 404],
  ['/api/portal/charges', 'partial', 404],
  ['/api/portal/charges', 'full', ['chCA', 'chPriv', 'chTA']],
  ['/api/portal/charges', 'tree', ['chCA', 'chCB', 'chPriv', 'chTA', 'chTB']],
  ['/api/portal/charges', 'xena', ['chX']],
  ['/api/portal/payments', 'limited', 404],
  ['/api/portal/payments', 'partial', 404],
  ['/api/portal/payments', 'full', ['pA']],
  ['/api/portal/payments', 'tree', ['pA', 'pB']],
  ['/api/portal/payments', 'xena', ['pX']],
];

const KEYS: Record<string, string[]> = {
  assets: ['aLimited', 'aPartial', 'aA', 'aB', 'aD', 'aX'],
  contracts: ['cA', 'cB', 'cD', 'cX'],
  charges: ['chTA', 'chCA', 'chPriv', 'chTB', 'chCB', 'chX'],
  payments: ['pA', 'pB', 'pX'],
};

describe('persona × list, and each single read is the list condition on one id', () => {
  it.each(LISTS)('%s as %s', async (path, persona, expected) => {
    expect(sorted(await list(persona, path))).toEqual(sorted(expected));
    const client = clients[persona]!;
    const missing = await client.get(`${path}/${randomUUID()}`);
    for (const key of KEYS[path.split('/')[3]!]!) {
      const res = await client.get(`${path}/${ids[key]}`);
      if (typeof expected === 'number') expect(res.statusCode, key).toBe(expected);
      else if (expected.includes(key)) expect([res.statusCode, res.json().id], key).toEqual([200, ids[key]]);
      else expect([res.statusCode, res.json()], key).toEqual([404, missing.json()]);
    }
  });
});

describe('fields per privilege', () => {
  it('configNotes only with assets.config_notes.view: absent, not null', async () => {
    const full = (await clients.full!.get(`/api/portal/assets/${ids.aLimited}`)).json();
    expect(full.configNotes).toBe('config of aLimited');
    expect(full.contact).toEqual({ id: personas.limited!.id, name: 'Person limited' });
    for (const persona of ['limited', 'tree']) {
      const body = (await clients[persona]!.get(`/api/portal/assets/${ids.aLimited}`)).json();
      expect(Object.keys(body)).not.toContain('configNotes');
      expect(JSON.stringify(body)).not.toContain('@');
    }
  });

  it('a contract carries its charges only with charges.view; the key is absent otherwise', async () => {
    const partial = (await clients.partial!.get(`/api/portal/contracts/${ids.cA}`)).json();
    expect(partial.terms).toBe('Net 30');
    expect(Object.keys(partial)).not.toContain('charges');
    const full = (await clients.full!.get(`/api/portal/contracts/${ids.cA}`)).json();
    expect(sorted(full.charges.items.map((c: { id: string }) => name(c.id)))).toEqual(['chCA', 'chPriv']);
    expect(full.charges.nextCursor).toBeNull();
  });

  it('a charge names only the ticket and contract the contact may see', async () => {
    const priv = (await clients.full!.get(`/api/portal/charges/${ids.chPriv}`)).json();
    expect(priv).toMatchObject({
      contract: { id: ids.cA, name: 'Contract cA' },
      quantity: 1.5,
      unitPriceCents: 1000,
    });
    expect(priv).toMatchObject({
      amountCents: 1500,
      description: 'Charge chPriv',
      chargedOn: expect.any(String),
    });
    expect(Object.keys(priv)).not.toContain('ticket');
    const onTicket = (await clients.full!.get(`/api/portal/charges/${ids.chTA}`)).json();
    expect(onTicket.ticket).toMatchObject({ id: ids.tA, subject: 'A', number: expect.any(Number) });
    expect(Object.keys(onTicket)).not.toContain('contract');
  });

  it('charge filters match only through a visible ticket or contract', async () => {
    expect(await list('full', `/api/portal/charges?ticketId=${ids.tA}`)).toEqual(['chTA']);
    // chPriv is visible through its contract, but its private ticket is not the contact's to name.
    expect(await list('full', `/api/portal/charges?ticketId=${ids.tPriv}`)).toEqual([]);
    expect(sorted(await list('full', `/api/portal/charges?contractId=${ids.cA}`))).toEqual([
      'chCA',
      'chPriv',
    ]);
    expect(await list('full', `/api/portal/charges?contractId=${ids.cB}`)).toEqual([]);
    expect(await list('tree', `/api/portal/charges?contractId=${ids.cB}`)).toEqual(['chCB']);
  });

  it('a payment names its invoice only with invoices.view', async () => {
    const full = (await clients.full!.get(`/api/portal/payments/${ids.pA}`)).json();
    expect(full).toMatchObject({ amountCents: 2000, reference: 'R-1', invoice: { id: ids.iA } });
    const tree = (await clients.tree!.get(`/api/portal/payments/${ids.pA}`)).json();
    expect(tree.amountCents).toBe(2000);
    expect(Object.keys(tree)).not.toContain('invoice');
  });
});

describe('asset search and paging', () => {
  it('q matches name or serial number, wildcards literally', async () => {
    expect(await list('tree', '/api/portal/assets?q=SN-aB')).toEqual(['aB']);
    expect(sorted(await list('tree', '/api/portal/assets?q=asset%20a'))).toEqual(
      sorted(['aA', 'aB', 'aD', 'aLimited', 'aPartial']),
    );
    expect(await list('tree', '/api/portal/assets?q=%25')).toEqual([]);
    expect(await list('limited', '/api/portal/assets?q=aA')).toEqual([]);
  });

  it('newest first; a tampered cursor or an unknown query field is 422', async () => {
    expect(await list('tree', '/api/portal/assets')).toEqual(['aD', 'aB', 'aA', 'aPartial', 'aLimited']);
    const bad = Buffer.from(JSON.stringify(['x'])).toString('base64url');
    expect((await clients.tree!.get(`/api/portal/assets?cursor=${bad}`)).statusCode).toBe(422);
    expect((await clients.tree!.get('/api/portal/contracts?organizationId=x')).statusCode).toBe(422);
  });
});

const ENDPOINTS: Array<[string, string, string]> = [
  ['assets', '/api/portal/assets', 'aA'],
  ['contracts', '/api/portal/contracts', 'cA'],
  ['charges', '/api/portal/charges', 'chCA'],
  ['payments', '/api/portal/payments', 'pA'],
];

describe('answers', () => {
  it('401 without a session on every endpoint', async () => {
    const anon = new TestClient(t.app);
    for (const [, path, key] of ENDPOINTS) {
      expect((await anon.get(path)).statusCode).toBe(401);
      expect((await anon.get(`${path}/${ids[key]}`)).statusCode).toBe(401);
    }
  });

  it('a module the contact may not use answers 404 on every endpoint, then comes back at once', async () => {
    const group = await db()
      .insertInto('user_groups')
      .values({ name: `Accounting ${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('user_group_contacts')
      .values({ user_group_id: group.id, contact_id: personas.tree!.id })
      .execute();
    const modules = ENDPOINTS.map(([m]) => m as 'assets');
    await db()
      .insertInto('module_allowed_groups')
      .values(modules.map((module) => ({ module, user_group_id: group.id })))
      .execute();
    try {
      for (const [, path, key] of ENDPOINTS) {
        expect((await clients.full!.get(path)).statusCode, path).toBe(404);
        expect((await clients.full!.get(`${path}/${ids[key]}`)).statusCode, path).toBe(404);
        expect((await clients.tree!.get(`${path}/${ids[key]}`)).statusCode, path).toBe(200);
      }
      // Only the charges module restricted: the contract detail loses its charges key.
      await db().deleteFrom('module_allowed_groups').where('module', '<>', 'charges').execute();
      const contract = (await clients.full!.get(`/api/portal/contracts/${ids.cA}`)).json();
      expect(contract.id).toBe(ids.cA);
      expect(Object.keys(contract)).not.toContain('charges');
    } finally {
      await db().deleteFrom('module_allowed_groups').execute();
    }
    expect((await clients.full!.get(`/api/portal/charges/${ids.chCA}`)).statusCode).toBe(200);
  });

  it('a non-uuid id is 404, like a missing one', async () => {
    for (const [, path] of ENDPOINTS) expect((await clients.full!.get(`${path}/nope`)).statusCode).toBe(404);
  });
});
