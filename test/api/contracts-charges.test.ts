import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditActions,
  customer,
  expectRefused,
  insertTicket,
  MISSING_ID,
  startRecordsApp,
  TAMPERED_CURSOR,
  today,
  type Ctx,
} from './records-helpers.ts';

let c: Ctx;
beforeAll(async () => {
  c = await startRecordsApp();
});
afterAll(async () => c.t.close());

type Contract = {
  id: string;
  organizationId: string;
  status: string;
  startsOn: string | null;
  endsOn: string | null;
};
type Charge = {
  id: string;
  ticketId: string | null;
  contractId: string | null;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  chargedOn: string;
};

async function createContract(body: Record<string, unknown>) {
  const res = await c.admin.post('/api/staff/contracts', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Contract;
}

async function createCharge(body: Record<string, unknown>) {
  const res = await c.admin.post('/api/staff/charges', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Charge;
}

/** An organization with a contact, a ticket and a contract. */
async function billable() {
  const { organization, contact } = await customer(c.db);
  const ticket = await insertTicket(c.db, organization.id, contact.id);
  const contract = await createContract({ organizationId: organization.id, name: 'Support' });
  return { organization, contact, ticket, contract };
}

describe('contracts', () => {
  it('answers 401 without a session on every route', async () => {
    const { contract } = await billable();
    await expectRefused(c.db, 401, () => c.anon.get('/api/staff/contracts'));
    await expectRefused(c.db, 401, () => c.anon.get(`/api/staff/contracts/${contract.id}`));
    await expectRefused(c.db, 401, () =>
      c.anon.post('/api/staff/contracts', { organizationId: MISSING_ID, name: 'x' }),
    );
    await expectRefused(c.db, 401, () => c.anon.patch(`/api/staff/contracts/${contract.id}`, { name: 'x' }));
    await expectRefused(c.db, 401, () => c.anon.delete(`/api/staff/contracts/${contract.id}`));
  });

  it('creates, reads and updates a contract, audited', async () => {
    const { organization } = await customer(c.db);
    const res = await c.agent.post('/api/staff/contracts', {
      organizationId: organization.id,
      name: 'Managed services',
      status: 'draft',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      terms: 'Net 30',
    });
    expect(res.statusCode, res.body).toBe(201);
    const contract = res.json() as Contract;
    expect(contract).toMatchObject({
      status: 'draft',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      terms: 'Net 30',
    });
    expect((await c.agent.get(`/api/staff/contracts/${contract.id}`)).json()).toEqual(contract);
    const updated = await c.agent.patch(`/api/staff/contracts/${contract.id}`, {
      status: 'active',
      endsOn: null,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ status: 'active', startsOn: '2025-01-01', endsOn: null });
    expect(await auditActions(c.db, 'contract', contract.id)).toEqual(['create', 'update']);
  });

  it('a contract without dates defaults to active', async () => {
    const { organization } = await customer(c.db);
    const contract = await createContract({ organizationId: organization.id, name: 'Open-ended' });
    expect(contract).toMatchObject({ status: 'active', startsOn: null, endsOn: null });
  });

  it('refuses bad input with 422 at the path, writing nothing', async () => {
    const { organization } = await customer(c.db);
    const base = { organizationId: organization.id, name: 'C' };
    const post = (body: Record<string, unknown>) => () => c.admin.post('/api/staff/contracts', body);
    await expectRefused(c.db, 422, post({ ...base, organizationId: MISSING_ID }), 'body.organizationId');
    await expectRefused(
      c.db,
      422,
      post({ ...base, startsOn: '2025-02-01', endsOn: '2025-01-31' }),
      'body.endsOn',
    );
    await expectRefused(c.db, 422, post({ ...base, startsOn: '2025-02-30' }), 'body.startsOn');
    await expectRefused(c.db, 422, post({ ...base, endsOn: '2025-1-1' }), 'body.endsOn');
    await expectRefused(c.db, 422, post({ ...base, status: 'expiring' }), 'body.status');
    await expectRefused(c.db, 422, post({ ...base, createdAt: '2025-01-01T00:00:00Z' }), 'body.createdAt');
    const contract = await createContract({ ...base, startsOn: '2025-03-01' });
    const url = `/api/staff/contracts/${contract.id}`;
    // The end date is checked against the stored start date too.
    await expectRefused(c.db, 422, () => c.admin.patch(url, { endsOn: '2025-02-28' }), 'body.endsOn');
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(url, { organizationId: organization.id }),
      'body.organizationId',
    );
    expect((await c.admin.patch(url, { endsOn: '2025-03-01' })).statusCode).toBe(200);
  });

  it('unknown and malformed ids are 404', async () => {
    expect((await c.admin.get(`/api/staff/contracts/${MISSING_ID}`)).statusCode).toBe(404);
    expect((await c.admin.get('/api/staff/contracts/abc')).statusCode).toBe(404);
    await expectRefused(c.db, 404, () => c.admin.patch(`/api/staff/contracts/${MISSING_ID}`, { name: 'x' }));
    await expectRefused(c.db, 404, () => c.admin.delete(`/api/staff/contracts/${MISSING_ID}`));
  });

  it('lists by organization and status, newest first, paged', async () => {
    const { organization } = await customer(c.db);
    const a = await createContract({ organizationId: organization.id, name: 'A', status: 'expired' });
    const b = await createContract({ organizationId: organization.id, name: 'B' });
    const d = await createContract({ organizationId: organization.id, name: 'D', status: 'expired' });
    const ids = async (query: string) =>
      ((await c.admin.get(`/api/staff/contracts?${query}`)).json() as { items: Contract[] }).items.map(
        (x) => x.id,
      );
    expect(await ids(`organizationId=${organization.id}`)).toEqual([d.id, b.id, a.id]);
    expect(await ids(`organizationId=${organization.id}&status=expired`)).toEqual([d.id, a.id]);
    const first = (
      await c.admin.get(`/api/staff/contracts?organizationId=${organization.id}&limit=2`)
    ).json() as {
      items: Contract[];
      nextCursor: string;
    };
    expect(first.items.map((x) => x.id)).toEqual([d.id, b.id]);
    expect(await ids(`organizationId=${organization.id}&limit=2&cursor=${first.nextCursor}`)).toEqual([a.id]);
    expect((await c.admin.get('/api/staff/contracts?status=nope')).statusCode).toBe(422);
    expect((await c.admin.get(`/api/staff/contracts?cursor=${TAMPERED_CURSOR}`)).statusCode).toBe(422);
  });

  it('deletes a contract without charges; one with charges is 409 and stays', async () => {
    const { contract } = await billable();
    await createCharge({ contractId: contract.id, description: 'Setup', unitPriceCents: 1000 });
    await expectRefused(c.db, 409, () => c.admin.delete(`/api/staff/contracts/${contract.id}`));
    const { organization } = await customer(c.db);
    const empty = await createContract({ organizationId: organization.id, name: 'Empty' });
    expect((await c.agent.delete(`/api/staff/contracts/${empty.id}`)).statusCode).toBe(204);
    expect((await c.agent.get(`/api/staff/contracts/${empty.id}`)).statusCode).toBe(404);
    expect(await auditActions(c.db, 'contract', empty.id)).toEqual(['create', 'delete']);
  });
});

describe('charges', () => {
  it('answers 401 without a session on every route', async () => {
    const { ticket } = await billable();
    const charge = await createCharge({ ticketId: ticket.id, description: 'x', unitPriceCents: 1 });
    await expectRefused(c.db, 401, () => c.anon.get('/api/staff/charges'));
    await expectRefused(c.db, 401, () => c.anon.get(`/api/staff/charges/${charge.id}`));
    await expectRefused(c.db, 401, () =>
      c.anon.post('/api/staff/charges', { ticketId: ticket.id, description: 'x', unitPriceCents: 1 }),
    );
    await expectRefused(c.db, 401, () =>
      c.anon.patch(`/api/staff/charges/${charge.id}`, { description: 'y' }),
    );
    await expectRefused(c.db, 401, () => c.anon.delete(`/api/staff/charges/${charge.id}`));
  });

  it('computes the amount on the server, rounding half away from zero', async () => {
    const { ticket, contract } = await billable();
    const charge = await createCharge({
      ticketId: ticket.id,
      contractId: contract.id,
      description: 'Labour',
      quantity: 1.5,
      unitPriceCents: 1999,
      chargedOn: '2025-04-01',
    });
    expect(charge).toMatchObject({
      quantity: 1.5,
      unitPriceCents: 1999,
      amountCents: 2999,
      chargedOn: '2025-04-01',
    });
    const credit = await createCharge({
      contractId: contract.id,
      description: 'Credit',
      quantity: 1.5,
      unitPriceCents: -1999,
    });
    expect(credit.amountCents).toBe(-2999);
    const exact = await createCharge({
      ticketId: ticket.id,
      description: 'Parts',
      quantity: 1.15,
      unitPriceCents: 100,
    });
    expect(exact.amountCents).toBe(115);
    expect(await auditActions(c.db, 'charge', charge.id)).toEqual(['create']);
    expect((await c.admin.get(`/api/staff/charges/${charge.id}`)).json()).toEqual(charge);
  });

  it('defaults: quantity 1, charged today', async () => {
    const { ticket } = await billable();
    const charge = await createCharge({ ticketId: ticket.id, description: 'Call-out', unitPriceCents: 4500 });
    expect(charge).toMatchObject({
      quantity: 1,
      amountCents: 4500,
      contractId: null,
      chargedOn: await today(c.db),
    });
  });

  it('refuses bad links and bad amounts with 422 at the path, writing nothing', async () => {
    const { ticket, contract } = await billable();
    const elsewhere = await billable();
    const post = (body: Record<string, unknown>) => () =>
      c.admin.post('/api/staff/charges', { description: 'x', unitPriceCents: 100, ...body });
    await expectRefused(c.db, 422, post({}), 'body.ticketId');
    await expectRefused(c.db, 422, post({ ticketId: null, contractId: null }), 'body.ticketId');
    await expectRefused(c.db, 422, post({ ticketId: MISSING_ID }), 'body.ticketId');
    await expectRefused(c.db, 422, post({ contractId: MISSING_ID }), 'body.contractId');
    await expectRefused(
      c.db,
      422,
      post({ ticketId: ticket.id, contractId: elsewhere.contract.id }),
      'body.contractId',
    );
    await expectRefused(c.db, 422, post({ ticketId: ticket.id, amountCents: 5 }), 'body.amountCents');
    await expectRefused(c.db, 422, post({ ticketId: ticket.id, quantity: 0 }), 'body.quantity');
    await expectRefused(c.db, 422, post({ ticketId: ticket.id, quantity: -1 }), 'body.quantity');
    await expectRefused(c.db, 422, post({ ticketId: ticket.id, quantity: 1.234 }), 'body.quantity');
    await expectRefused(c.db, 422, post({ ticketId: ticket.id, unitPriceCents: 1.5 }), 'body.unitPriceCents');
    await expectRefused(
      c.db,
      422,
      post({ ticketId: ticket.id, unitPriceCents: '100' }),
      'body.unitPriceCents',
    );
    await expectRefused(c.db, 422, post({ contractId: contract.id, chargedOn: 'today' }), 'body.chargedOn');
    await expectRefused(c.db, 422, post({ contractId: contract.id, description: '' }), 'body.description');
  });

  it('updates recompute the amount; links are checked again', async () => {
    const { ticket, contract } = await billable();
    const elsewhere = await billable();
    const charge = await createCharge({
      ticketId: ticket.id,
      description: 'Hours',
      quantity: 2,
      unitPriceCents: 5000,
    });
    const url = `/api/staff/charges/${charge.id}`;
    const res = await c.agent.patch(url, { quantity: 0.25 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ quantity: 0.25, unitPriceCents: 5000, amountCents: 1250 });
    expect((await c.agent.patch(url, { unitPriceCents: 333 })).json()).toMatchObject({ amountCents: 83 });
    expect((await c.agent.patch(url, { contractId: contract.id, ticketId: null })).json()).toMatchObject({
      ticketId: null,
      contractId: contract.id,
    });
    await expectRefused(c.db, 422, () => c.admin.patch(url, { contractId: null }), 'body.ticketId');
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(url, { ticketId: elsewhere.ticket.id }),
      'body.contractId',
    );
    await expectRefused(c.db, 422, () => c.admin.patch(url, { amountCents: 1 }), 'body.amountCents');
    await expectRefused(c.db, 404, () =>
      c.admin.patch(`/api/staff/charges/${MISSING_ID}`, { description: 'x' }),
    );
    expect(await auditActions(c.db, 'charge', charge.id)).toEqual(['create', 'update', 'update', 'update']);
  });

  it('lists by ticket and by contract, newest first', async () => {
    const { ticket, contract } = await billable();
    const a = await createCharge({ ticketId: ticket.id, description: 'a', unitPriceCents: 1 });
    const b = await createCharge({
      ticketId: ticket.id,
      contractId: contract.id,
      description: 'b',
      unitPriceCents: 1,
    });
    const d = await createCharge({ contractId: contract.id, description: 'd', unitPriceCents: 1 });
    const ids = async (query: string) =>
      ((await c.admin.get(`/api/staff/charges?${query}`)).json() as { items: Charge[] }).items.map(
        (x) => x.id,
      );
    expect(await ids(`ticketId=${ticket.id}`)).toEqual([b.id, a.id]);
    expect(await ids(`contractId=${contract.id}`)).toEqual([d.id, b.id]);
    expect(await ids(`ticketId=${ticket.id}&contractId=${contract.id}`)).toEqual([b.id]);
    expect(await ids(`contractId=${contract.id}&limit=1`)).toEqual([d.id]);
    expect((await c.admin.get('/api/staff/charges?ticketId=1')).statusCode).toBe(422);
  });

  it('deletes a charge; unknown ids are 404', async () => {
    const { ticket } = await billable();
    const charge = await createCharge({ ticketId: ticket.id, description: 'x', unitPriceCents: 1 });
    expect((await c.agent.delete(`/api/staff/charges/${charge.id}`)).statusCode).toBe(204);
    expect((await c.agent.get(`/api/staff/charges/${charge.id}`)).statusCode).toBe(404);
    expect(await auditActions(c.db, 'charge', charge.id)).toEqual(['create', 'delete']);
    await expectRefused(c.db, 404, () => c.admin.delete(`/api/staff/charges/${charge.id}`));
    await expectRefused(c.db, 404, () => c.admin.get('/api/staff/charges/nope'));
  });
});
