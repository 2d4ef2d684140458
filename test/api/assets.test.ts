import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, createOrganization } from '../support/factories.ts';
import {
  auditActions,
  customer,
  expectRefused,
  insertTicket,
  MISSING_ID,
  startRecordsApp,
  TAMPERED_CURSOR,
  type Ctx,
} from './records-helpers.ts';

let c: Ctx;
beforeAll(async () => {
  c = await startRecordsApp();
});
afterAll(async () => c.t.close());

type Asset = { id: string; organizationId: string; contactId: string | null; name: string; status: string };

async function createAsset(body: Record<string, unknown>) {
  const res = await c.admin.post('/api/staff/assets', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Asset;
}

describe('assets: authentication', () => {
  it('every route answers 401 without a session and writes nothing', async () => {
    const { organization } = await customer(c.db);
    const asset = await createAsset({ organizationId: organization.id, name: 'Router' });
    await expectRefused(c.db, 401, () => c.anon.get('/api/staff/assets'));
    await expectRefused(c.db, 401, () => c.anon.get(`/api/staff/assets/${asset.id}`));
    await expectRefused(c.db, 401, () =>
      c.anon.post('/api/staff/assets', { organizationId: organization.id, name: 'X' }),
    );
    await expectRefused(c.db, 401, () => c.anon.patch(`/api/staff/assets/${asset.id}`, { name: 'Y' }));
    await expectRefused(c.db, 401, () => c.anon.delete(`/api/staff/assets/${asset.id}`));
  });
});

describe('assets: create and read', () => {
  it('creates an asset with every field, audited, readable by id', async () => {
    const { organization, contact } = await customer(c.db);
    const res = await c.agent.post('/api/staff/assets', {
      organizationId: organization.id,
      contactId: contact.id,
      name: '  Laptop 7  ',
      assetType: 'laptop',
      serialNumber: 'SN-7',
      status: 'retired',
      configNotes: 'BIOS password in the vault',
    });
    expect(res.statusCode, res.body).toBe(201);
    const asset = res.json() as Asset & Record<string, unknown>;
    expect(asset).toMatchObject({
      organizationId: organization.id,
      contactId: contact.id,
      name: 'Laptop 7',
      assetType: 'laptop',
      serialNumber: 'SN-7',
      status: 'retired',
      configNotes: 'BIOS password in the vault',
    });
    expect(await auditActions(c.db, 'asset', asset.id)).toEqual(['create']);
    const got = await c.agent.get(`/api/staff/assets/${asset.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(asset);
  });

  it('defaults: no contact, active, empty texts', async () => {
    const { organization } = await customer(c.db);
    const asset = await createAsset({ organizationId: organization.id, name: 'Switch' });
    expect(asset).toMatchObject({ contactId: null, status: 'active', serialNumber: '', configNotes: '' });
  });

  it('refuses bad references and bad fields with 422 at the path, writing nothing', async () => {
    const { organization, contact } = await customer(c.db);
    const other = await createContact(c.db);
    const post = (body: Record<string, unknown>) => () => c.admin.post('/api/staff/assets', body);
    const base = { organizationId: organization.id, name: 'Printer' };
    await expectRefused(c.db, 422, post({ ...base, organizationId: MISSING_ID }), 'body.organizationId');
    await expectRefused(c.db, 422, post({ ...base, contactId: MISSING_ID }), 'body.contactId');
    await expectRefused(c.db, 422, post({ ...base, contactId: other.id }), 'body.contactId');
    await expectRefused(c.db, 422, post({ ...base, name: '  ' }), 'body.name');
    await expectRefused(c.db, 422, post({ ...base, status: 'lost' }), 'body.status');
    await expectRefused(c.db, 422, post({ organizationId: 'nope', name: 'x' }), 'body.organizationId');
    const unknown = await expectRefused(c.db, 422, post({ ...base, colour: 'red' }), 'body.colour');
    expect(unknown.body).toContain('colour');
    // A well-formed contact is still fine.
    await createAsset({ ...base, contactId: contact.id });
  });

  it('GET of an unknown or malformed id is 404', async () => {
    expect((await c.admin.get(`/api/staff/assets/${MISSING_ID}`)).statusCode).toBe(404);
    expect((await c.admin.get('/api/staff/assets/not-a-uuid')).statusCode).toBe(404);
  });
});

describe('assets: list', () => {
  it('filters by organization, contact and text (LIKE characters taken literally)', async () => {
    const { organization, contact } = await customer(c.db);
    const a1 = await createAsset({
      organizationId: organization.id,
      name: '100% uptime box',
      contactId: contact.id,
    });
    const a2 = await createAsset({ organizationId: organization.id, name: 'Copier', serialNumber: 'AB_12' });
    const a3 = await createAsset({ organizationId: organization.id, name: '1000 uptime box' });
    const list = async (query: string) => {
      const res = await c.admin.get(`/api/staff/assets?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: Asset[] }).items.map((a) => a.id);
    };
    expect(await list(`organizationId=${organization.id}`)).toEqual([a3.id, a2.id, a1.id]);
    expect(await list(`contactId=${contact.id}`)).toEqual([a1.id]);
    expect(await list(`organizationId=${organization.id}&q=${encodeURIComponent('0%')}`)).toEqual([a1.id]);
    expect(await list(`organizationId=${organization.id}&q=${encodeURIComponent('b_1')}`)).toEqual([a2.id]);
    expect(await list(`organizationId=${organization.id}&q=UPTIME`)).toEqual([a3.id, a1.id]);
    expect(await list(`organizationId=${organization.id}&q=${encodeURIComponent('_')}`)).toEqual([a2.id]);
  });

  it('pages by id, newest first, with an opaque cursor', async () => {
    const { organization } = await customer(c.db);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await createAsset({ organizationId: organization.id, name: `A${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/staff/assets?organizationId=${organization.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await c.admin.get(url);
      const page = res.json() as { items: Asset[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('refuses a bad query with 422', async () => {
    expect((await c.admin.get('/api/staff/assets?organizationId=x')).statusCode).toBe(422);
    expect((await c.admin.get('/api/staff/assets?limit=1000')).statusCode).toBe(422);
    expect((await c.admin.get('/api/staff/assets?colour=red')).statusCode).toBe(422);
    expect((await c.admin.get('/api/staff/assets?cursor=garbage')).statusCode).toBe(422);
    expect((await c.admin.get(`/api/staff/assets?cursor=${TAMPERED_CURSOR}`)).statusCode).toBe(422);
  });
});

describe('assets: update and delete', () => {
  it('updates given fields only, audited with before and after', async () => {
    const { organization, contact } = await customer(c.db);
    const asset = await createAsset({ organizationId: organization.id, name: 'Old', contactId: contact.id });
    const res = await c.agent.patch(`/api/staff/assets/${asset.id}`, { name: 'New', status: 'retired' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'New', status: 'retired', contactId: contact.id });
    expect(await auditActions(c.db, 'asset', asset.id)).toEqual(['create', 'update']);
  });

  it('moves to another organization only with a contact of that organization (or none)', async () => {
    const { organization, contact } = await customer(c.db);
    const target = await customer(c.db);
    const asset = await createAsset({
      organizationId: organization.id,
      name: 'Mover',
      contactId: contact.id,
    });
    const url = `/api/staff/assets/${asset.id}`;
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(url, { organizationId: target.organization.id }),
      'body.contactId',
    );
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(url, { contactId: target.contact.id }),
      'body.contactId',
    );
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(url, { organizationId: MISSING_ID }),
      'body.organizationId',
    );
    const moved = await c.admin.patch(url, {
      organizationId: target.organization.id,
      contactId: target.contact.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      organizationId: target.organization.id,
      contactId: target.contact.id,
    });
    const cleared = await c.admin.patch(url, { contactId: null });
    expect(cleared.json()).toMatchObject({ contactId: null });
  });

  it('PATCH refuses unknown fields and unknown ids', async () => {
    const { organization } = await customer(c.db);
    const asset = await createAsset({ organizationId: organization.id, name: 'Keep' });
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(`/api/staff/assets/${asset.id}`, { createdAt: 'x' }),
      'body.createdAt',
    );
    await expectRefused(
      c.db,
      422,
      () => c.admin.patch(`/api/staff/assets/${asset.id}`, { name: null }),
      'body.name',
    );
    await expectRefused(c.db, 404, () => c.admin.patch(`/api/staff/assets/${MISSING_ID}`, { name: 'x' }));
    await expectRefused(c.db, 404, () => c.admin.patch('/api/staff/assets/123', { name: 'x' }));
  });

  it('deletes; a ticket naming the asset keeps its row without it', async () => {
    const { organization, contact } = await customer(c.db);
    const asset = await createAsset({ organizationId: organization.id, name: 'Doomed' });
    const ticket = await insertTicket(c.db, organization.id, contact.id);
    await c.db.updateTable('tickets').set({ asset_id: asset.id }).where('id', '=', ticket.id).execute();
    const res = await c.agent.delete(`/api/staff/assets/${asset.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await c.admin.get(`/api/staff/assets/${asset.id}`)).statusCode).toBe(404);
    const after = await c.db
      .selectFrom('tickets')
      .select('asset_id')
      .where('id', '=', ticket.id)
      .executeTakeFirst();
    expect(after?.asset_id).toBeNull();
    expect(await auditActions(c.db, 'asset', asset.id)).toEqual(['create', 'delete']);
    await expectRefused(c.db, 404, () => c.admin.delete(`/api/staff/assets/${asset.id}`));
    await expectRefused(c.db, 404, () => c.admin.delete('/api/staff/assets/zzz'));
  });

  it('an organization with assets cannot be deleted (409)', async () => {
    const organization = await createOrganization(c.db);
    await createAsset({ organizationId: organization.id, name: 'Anchor' });
    await expectRefused(c.db, 409, () => c.admin.delete(`/api/staff/organizations/${organization.id}`));
  });
});
