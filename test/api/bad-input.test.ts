import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, signedInStaff, type TestApp, type TestClient } from '../support/app.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
  const user = await createStaffUser(t.testDb.database.db);
  admin = await signedInStaff(t.app, user.email, TEST_PASSWORD);
});
afterAll(async () => t.close());

const organizationCount = async () =>
  (
    await t.testDb.database.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('bad input', () => {
  it('malformed JSON is 400 and writes nothing', async () => {
    const before = await organizationCount();
    const res = await admin.request('POST', '/api/staff/organizations', '{"name": "x",', {
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
    expect(await organizationCount()).toBe(before);
  });

  it('an unknown field is 422 with its path', async () => {
    const res = await admin.post('/api/staff/organizations', { name: 'Acme', colour: 'red' });
    expect(res.statusCode).toBe(422);
    const body = res.json() as { error: { code: string; issues: Array<{ path: string }> } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.path)).toContain('body.colour');
    expect(JSON.stringify(body)).toContain('colour');
  });

  it('a mistyped field is 422 naming the field', async () => {
    const res = await admin.post('/api/staff/organizations', { name: 42 });
    expect(res.statusCode).toBe(422);
    expect((res.json() as { error: { issues: Array<{ path: string }> } }).error.issues[0]?.path).toBe(
      'body.name',
    );
  });

  it('an oversized body is 413', async () => {
    const res = await admin.post('/api/staff/organizations', { name: 'x'.repeat(5000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('unknown ids, malformed ids and unknown endpoints are 404', async () => {
    for (const url of [
      '/api/staff/organizations/0190a2b4-0000-7000-8000-000000000000',
      '/api/staff/organizations/not-a-uuid',
      '/api/staff/nothing-here',
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('a bad cursor is 422, a limit over 100 is 422', async () => {
    expect((await admin.get('/api/staff/organizations?cursor=garbage')).statusCode).toBe(422);
    expect((await admin.get('/api/staff/organizations?limit=101')).statusCode).toBe(422);
  });

  it('errors carry no stack trace or SQL', async () => {
    const res = await admin.post('/api/staff/organizations', {
      name: 'Child',
      parentId: '0190a2b4-0000-7000-8000-000000000000',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toMatch(/stack|select |insert |at .*\.ts/i);
  });

  it('responses carry a request id and nosniff', async () => {
    const res = await admin.get('/api/staff/organizations');
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('organization tree', () => {
  it('refuses cycles and keeps the tree intact', async () => {
    const district = (await admin.post('/api/staff/organizations', { name: 'District' })).json() as {
      id: string;
    };
    const school = (
      await admin.post('/api/staff/organizations', { name: 'School', parentId: district.id })
    ).json() as { id: string };
    const room = (
      await admin.post('/api/staff/organizations', { name: 'Room', parentId: school.id })
    ).json() as { id: string };
    const cycle = await admin.patch(`/api/staff/organizations/${district.id}`, { parentId: room.id });
    expect(cycle.statusCode).toBe(422);
    const self = await admin.patch(`/api/staff/organizations/${school.id}`, { parentId: school.id });
    expect(self.statusCode).toBe(422);
    expect((await admin.get(`/api/staff/organizations/${district.id}`)).json().parentId).toBeNull();
    const children = await admin.get(`/api/staff/organizations?parentId=${district.id}`);
    expect(children.json().items.map((o: { id: string }) => o.id)).toEqual([school.id]);
    expect((await admin.delete(`/api/staff/organizations/${district.id}`)).statusCode).toBe(409);
    expect((await admin.delete(`/api/staff/organizations/${room.id}`)).statusCode).toBe(204);
  });

  it('pages through organizations by name without duplicates or gaps', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `Paged ${String(i).padStart(2, '0')}`);
    for (const name of names) await admin.post('/api/staff/organizations', { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(
        `/api/staff/organizations?q=Paged&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = res.json() as { items: Array<{ name: string }>; nextCursor: string | null };
      seen.push(...page.items.map((o) => o.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(names);
  });
});
