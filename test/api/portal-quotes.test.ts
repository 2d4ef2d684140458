// Portal quotes: who sees which (drafts never), lines and abilities, accept/decline with
// 401/403/404/409/422 (nothing changes on a refusal), audit, and the race of two decisions.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Privilege } from '../../src/authz/privileges.ts';
import { signedInContact, startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { createContact, createOrganization, TEST_PASSWORD } from '../support/factories.ts';
import { expectRefused } from './records-helpers.ts';

let t: TestApp;
const db = () => t.testDb.database.db;
type Contact = Awaited<ReturnType<typeof createContact>>;
type Status = 'draft' | 'sent' | 'accepted' | 'declined';

const ids: Record<string, string> = {};
const name = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
const clients: Record<string, TestClient> = {};
const personas: Record<string, Contact> = {};
let A: string, X: string;

/** A quote with two lines (total 2 × 1 000 + 0.5 × 333 = 2 167 cents), inserted as staff would leave it. */
async function quote(key: string, organizationId: string, status: Status, validUntil: string | null = null) {
  const row = await db()
    .insertInto('quotes')
    .values({
      organization_id: organizationId,
      contact_id: personas.full!.id,
      title: `Quote ${key}`,
      status,
      total_cents: 2167,
      valid_until: validUntil,
      sent_at: status === 'draft' ? null : new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('quote_lines')
    .values([
      {
        quote_id: row.id,
        position: 1,
        description: 'Laptop',
        quantity: 2,
        unit_price_cents: 1000,
        amount_cents: 2000,
      },
      {
        quote_id: row.id,
        position: 2,
        description: 'Setup',
        quantity: 0.5,
        unit_price_cents: 333,
        amount_cents: 167,
      },
    ])
    .execute();
  ids[key] = row.id;
  return row.id;
}

async function list(persona: string, query = ''): Promise<string[] | number> {
  const res = await clients[persona]!.get(`/api/portal/quotes?limit=100${query}`);
  if (res.statusCode !== 200) return res.statusCode;
  return (res.json().items as Array<{ id: string }>).map((i) => name(i.id)).sort();
}

const decide = (
  persona: string,
  id: string,
  decision: 'accept' | 'decline',
  body?: Record<string, unknown>,
) => clients[persona]!.post(`/api/portal/quotes/${id}/${decision}`, body);

async function decisionRow(id: string) {
  return db()
    .selectFrom('quotes')
    .select(['status', 'decided_by_contact_id', 'decided_at', 'total_cents'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

const auditCount = async (id: string) =>
  (
    await db()
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('entity_type', '=', 'quote')
      .where('entity_id', '=', id)
      .executeTakeFirstOrThrow()
  ).n;

beforeAll(async () => {
  t = await startTestApp();
  const D = (await createOrganization(db(), { name: 'District' })).id;
  A = (await createOrganization(db(), { name: 'Almond School', parentId: D })).id;
  const B = (await createOrganization(db(), { name: 'Birch School', parentId: D })).id;
  X = (await createOrganization(db(), { name: 'Xylo Corp' })).id;
  const treeGroup = await db()
    .insertInto('privilege_groups')
    .values({
      name: `Tree ${randomUUID()}`,
      privileges: ['portal.login', 'quotes.view', 'quotes.accept'] satisfies Privilege[],
      record_scope: 'organization_tree',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const specs = {
    limited: { organizationId: A, privilegeGroup: 'limited' },
    partial: { organizationId: A, privilegeGroup: 'partial' },
    full: { organizationId: A, privilegeGroup: 'full' },
    full2: { organizationId: A, privilegeGroup: 'full' },
    tree: { organizationId: D, privilegeGroupId: treeGroup.id },
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
  await quote('draftA', A, 'draft');
  await quote('sentA', A, 'sent', '2999-12-31');
  await quote('acceptedA', A, 'accepted');
  await quote('declinedA', A, 'declined');
  await quote('expiredA', A, 'sent', '2000-01-01');
  await quote('sentB', B, 'sent');
  await quote('draftB', B, 'draft');
  await quote('sentX', X, 'sent');
});
afterAll(async () => t.close());

const A_QUOTES = ['acceptedA', 'declinedA', 'expiredA', 'sentA'];

describe('who sees which quote', () => {
  it.each([
    ['limited', 404],
    ['partial', A_QUOTES],
    ['full', A_QUOTES],
    ['tree', [...A_QUOTES, 'sentB'].sort()],
    ['xena', ['sentX']],
  ] as const)('%s', async (persona, expected) => {
    expect(await list(persona)).toEqual(expected);
    const client = clients[persona]!;
    const missing = await client.get(`/api/portal/quotes/${randomUUID()}`);
    for (const key of Object.keys(ids)) {
      const res = await client.get(`/api/portal/quotes/${ids[key]}`);
      if (typeof expected === 'number') expect(res.statusCode).toBe(expected);
      else if ((expected as readonly string[]).includes(key)) expect(res.statusCode, key).toBe(200);
      else expect([res.statusCode, res.json()], key).toEqual([404, missing.json()]);
    }
  });

  it('drafts are never visible, not even to a status filter; status filters the rest', async () => {
    expect((await clients.full!.get('/api/portal/quotes?status=draft')).statusCode).toBe(422);
    expect(await list('tree', '&status=sent')).toEqual(['expiredA', 'sentA', 'sentB']);
    expect(await list('full', '&status=accepted')).toEqual(['acceptedA']);
  });

  it('the detail has the lines, the stored total, people by name only, and what the contact may do', async () => {
    const body = (await clients.full!.get(`/api/portal/quotes/${ids.sentA}`)).json();
    expect(body).toMatchObject({
      title: 'Quote sentA',
      status: 'sent',
      totalCents: 2167,
      currency: 'EUR',
      validUntil: '2999-12-31',
    });
    expect(body.organization).toEqual({ id: A, name: 'Almond School' });
    expect(body.contact).toEqual({ id: personas.full!.id, name: 'Person full' });
    expect(body.lines).toEqual([
      {
        position: 1,
        description: 'Laptop',
        quantity: 2,
        unitPriceCents: 1000,
        amountCents: 2000,
        currency: 'EUR',
      },
      {
        position: 2,
        description: 'Setup',
        quantity: 0.5,
        unitPriceCents: 333,
        amountCents: 167,
        currency: 'EUR',
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('@');
    expect(body.abilities).toEqual({ accept: true, decline: true });
    const abilities = async (persona: string, key: string) =>
      (await clients[persona]!.get(`/api/portal/quotes/${ids[key]}`)).json().abilities;
    expect(await abilities('partial', 'sentA')).toEqual({ accept: false, decline: false });
    expect(await abilities('full', 'acceptedA')).toEqual({ accept: false, decline: false });
    expect(await abilities('full', 'expiredA')).toEqual({ accept: false, decline: true });
  });
});

describe('accept and decline: refusals change nothing', () => {
  it('401 without a session', async () => {
    await expectRefused(db(), 401, () =>
      new TestClient(t.app).post(`/api/portal/quotes/${ids.sentA}/accept`),
    );
  });

  it('404 for a quote of another organization, a draft or no quote — even without quotes.accept', async () => {
    for (const decision of ['accept', 'decline'] as const) {
      await expectRefused(db(), 404, () => decide('full', ids.sentX!, decision));
      await expectRefused(db(), 404, () => decide('full', ids.draftA!, decision));
      await expectRefused(db(), 404, () => decide('full', randomUUID(), decision));
      await expectRefused(db(), 404, () => decide('partial', ids.sentX!, decision));
    }
  });

  it('403 on a visible quote without quotes.accept', async () => {
    for (const decision of ['accept', 'decline'] as const)
      await expectRefused(db(), 403, () => decide('partial', ids.sentA!, decision));
  });

  it('422 for any body field: the amount is the stored total', async () => {
    await expectRefused(
      db(),
      422,
      () => decide('full', ids.sentA!, 'accept', { totalCents: 1 }),
      'body.totalCents',
    );
    await expectRefused(
      db(),
      422,
      () => decide('full', ids.sentA!, 'decline', { reason: 'x' }),
      'body.reason',
    );
  });

  it('409 when the quote is not sent, or past its validity for an acceptance', async () => {
    for (const decision of ['accept', 'decline'] as const) {
      await expectRefused(db(), 409, () => decide('full', ids.acceptedA!, decision));
      await expectRefused(db(), 409, () => decide('tree', ids.declinedA!, decision));
    }
    await expectRefused(db(), 409, () => decide('full', ids.expiredA!, 'accept'));
  });

  it('404 on every endpoint when the quotes module is not usable', async () => {
    const group = await db()
      .insertInto('user_groups')
      .values({ name: `G ${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('module_allowed_groups')
      .values({ module: 'quotes', user_group_id: group.id })
      .execute();
    try {
      expect((await clients.full!.get('/api/portal/quotes')).statusCode).toBe(404);
      expect((await clients.full!.get(`/api/portal/quotes/${ids.sentA}`)).statusCode).toBe(404);
      await expectRefused(db(), 404, () => decide('full', ids.sentA!, 'accept'));
      await expectRefused(db(), 404, () => decide('full', ids.sentA!, 'decline'));
    } finally {
      await db().deleteFrom('module_allowed_groups').execute();
    }
  });
});

describe('deciding', () => {
  it('accept records the contact and the time, keeps the stored total, and is audited with the contact', async () => {
    const before = await decisionRow(ids.sentA!);
    const res = await decide('full', ids.sentA!, 'accept');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'accepted',
      totalCents: 2167,
      decidedBy: { id: personas.full!.id, name: 'Person full' },
    });
    expect(body.abilities).toEqual({ accept: false, decline: false });
    const row = await decisionRow(ids.sentA!);
    expect(row).toMatchObject({
      status: 'accepted',
      decided_by_contact_id: personas.full!.id,
      total_cents: before.total_cents,
    });
    expect(row.decided_at).toBeInstanceOf(Date);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', ids.sentA!)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_type: 'contact',
      actor_id: personas.full!.id,
      action: 'accept',
      entity_type: 'quote',
    });
    await expectRefused(db(), 409, () => decide('full2', ids.sentA!, 'decline'));
  });

  it('decline works on a quote past its validity; a contact of the parent organization may decide', async () => {
    const res = await decide('tree', ids.expiredA!, 'decline');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().decidedBy).toEqual({ id: personas.tree!.id, name: 'Person tree' });
    expect((await decisionRow(ids.expiredA!)).status).toBe('declined');
    const accepted = await decide('tree', ids.sentB!, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('of two concurrent decisions exactly one wins; the other gets 409; one decision is stored', async () => {
    const quotes = await Promise.all(Array.from({ length: 10 }, (_, i) => quote(`race${i}`, A, 'sent')));
    for (const [i, id] of quotes.entries()) {
      // Two contacts accept, or (every third quote) one accepts while the other declines.
      const second = i % 3 === 0 ? 'decline' : 'accept';
      const [a, b] = await Promise.all([decide('full', id, 'accept'), decide('full2', id, second)]);
      expect([a.statusCode, b.statusCode].sort(), `${a.body} ${b.body}`).toEqual([200, 409]);
      const winner =
        a.statusCode === 200
          ? { contact: personas.full!, status: 'accepted' }
          : { contact: personas.full2!, status: second === 'accept' ? 'accepted' : 'declined' };
      const row = await decisionRow(id);
      expect(row).toMatchObject({
        status: winner.status,
        decided_by_contact_id: winner.contact.id,
        total_cents: 2167,
      });
      expect(await auditCount(id)).toBe(1);
    }
  });
});
