import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signedInContact,
  signedInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/app.ts';
import { createStaffUser, privilegeGroupId, TEST_PASSWORD } from '../support/factories.ts';
import {
  csv,
  csvWorld,
  expectCounts,
  expectIssues,
  exportCsv,
  importCsv,
  snapshot,
  table,
} from './csv-helpers.ts';

let t: TestApp;
let admin: TestClient;
const db = () => t.testDb.database.db;
let district: { id: string };
let almond: { id: string };

beforeAll(async () => {
  ({ t, admin, district, almond } = await csvWorld());
});
afterAll(async () => t.close());

describe('contact import', () => {
  it('creates contacts by organization and group name, with attributes and the default group', async () => {
    const file = csv(
      'name,email,organization_name,privilege_group,disabled,attr:grade,attr:room',
      'Ann Lee,ann@example.test,almond school,Full,,7,',
      'Bo Kim,bo@example.test,Shoe String District,,yes,,B2',
    );
    expectCounts(await importCsv(admin, 'contacts', file), { created: 2, updated: 0, unchanged: 0 });
    const rows = await db()
      .selectFrom('contacts')
      .selectAll()
      .where('email', 'in', ['ann@example.test', 'bo@example.test'])
      .orderBy('email')
      .execute();
    const defaultGroup = await db()
      .selectFrom('privilege_groups')
      .select('id')
      .where('is_default', '=', true)
      .executeTakeFirstOrThrow();
    expect(rows[0]).toMatchObject({
      organization_id: almond.id,
      privilege_group_id: await privilegeGroupId(db(), 'full'),
    });
    expect(rows[0]!.attributes).toEqual({ grade: '7' });
    expect(rows[1]).toMatchObject({
      organization_id: district.id,
      privilege_group_id: defaultGroup.id,
      disabled: true,
    });
    expect(rows[1]!.attributes).toEqual({ room: 'B2' });
    expect(rows[0]!.password_hash).toBeNull();
  });

  it('matches by e-mail case-insensitively; columns left out are kept, empty attribute cells remove', async () => {
    const file = csv('name,email,attr:grade', 'Ann Lee,ANN@example.test,');
    expectCounts(await importCsv(admin, 'contacts', file), { created: 0, updated: 1, unchanged: 0 });
    const ann = await db()
      .selectFrom('contacts')
      .selectAll()
      .where('name', '=', 'Ann Lee')
      .executeTakeFirstOrThrow();
    expect(ann).toMatchObject({ email: 'ANN@example.test', organization_id: almond.id, attributes: {} });
    expectCounts(await importCsv(admin, 'contacts', file), { created: 0, updated: 0, unchanged: 1 });
  });

  it('reports duplicate e-mails, unknown organizations and groups, bad values; nothing is imported', async () => {
    const jr = await db()
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'jr.doe@example.test')
      .executeTakeFirstOrThrow();
    const before = await snapshot(t);
    const file = csv(
      'id,name,email,organization_name,privilege_group,disabled,attr:grade',
      ',New One,new1@example.test,Almond School,,,',
      ',Twin,NEW1@example.test,Almond School,,,',
      `${jr.id},Jr,boss@example.test,,,,`,
      ',Lost,lost@example.test,Atlantis,,,',
      ',Groupless,g@example.test,Almond School,Wizards,,',
      ',Bad,not-an-email,Almond School,,maybe,',
      `,Long,long@example.test,Almond School,,,${'x'.repeat(1001)}`,
      ',Homeless,home@example.test,,,,',
      ',Short,short@example.test',
    );
    const issues = expectIssues(await importCsv(admin, 'contacts', file), [
      { path: 'line 3', message: 'email: already used by line 2' },
      { path: 'line 4', message: 'email: already used by another contact' },
      { path: 'line 5', message: 'organization_name: no organization is named "Atlantis"' },
      { path: 'line 6', message: 'privilege_group: no privilege group is named "Wizards"' },
      { path: 'line 7', message: 'email: is not a valid e-mail address' },
      { path: 'line 7', message: 'disabled: write true or false' },
      { path: 'line 8', message: 'attr:grade: at most 1000 characters' },
      {
        path: 'line 9',
        message: 'organization_id: a new contact needs organization_id or organization_name',
      },
      { path: 'line 10', message: 'has 3 fields; the header has 7' },
    ]);
    expect(issues.map((i) => i.path)).not.toContain('line 2');
    expect(await snapshot(t)).toEqual(before);
  });

  it('imports 2,000 contacts in one request; the export re-imports unchanged', async () => {
    const lines = ['name,email,organization_id,attr:seq'];
    for (let i = 0; i < 2000; i++) lines.push(`Bulk ${i},bulk${i}@example.test,${almond.id},${i}`);
    expectCounts(await importCsv(admin, 'contacts', csv(...lines), 'text'), {
      created: 2000,
      updated: 0,
      unchanged: 0,
    });
    const text = (await exportCsv(admin, 'contacts', `?organizationId=${almond.id}`)).body;
    const rows = table(text.slice(1));
    expect(rows.filter((r) => r.email!.startsWith('bulk'))).toHaveLength(2000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const before = await snapshot(t);
    expectCounts(await importCsv(admin, 'contacts', text), {
      created: 0,
      updated: 0,
      unchanged: rows.length,
    });
    expect(await snapshot(t)).toEqual(before);
  });

  it('caps the listed issues at 100 and refuses more than 50,000 rows', async () => {
    const bad = ['name,email,organization_id'];
    for (let i = 0; i < 150; i++) bad.push(`B${i},bad${i},${almond.id}`);
    const res = await importCsv(admin, 'contacts', csv(...bad));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.issues).toHaveLength(100);
    expect(res.json().error.message).toContain('150 problem(s)');
    const many = ['name,email'];
    for (let i = 0; i <= 50_000; i++) many.push(`M,m${i}@x.test`);
    expectIssues(await importCsv(admin, 'contacts', csv(...many), 'text'), [
      { path: 'file', message: expect.stringContaining('more than 50000 rows') },
    ]);
  });

  it('a contact the file disables is signed out', async () => {
    const boss = await db()
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'boss@example.test')
      .executeTakeFirstOrThrow();
    const portal = await signedInContact(t.app, boss.email, TEST_PASSWORD);
    expect((await portal.get('/api/portal/me')).statusCode).toBe(200);
    const file = csv('id,name,email,disabled', `${boss.id},${boss.name},${boss.email},true`);
    expectCounts(await importCsv(admin, 'contacts', file), { created: 0, updated: 1, unchanged: 0 });
    expect((await portal.get('/api/portal/me')).statusCode).toBe(401);
  });

  it('refuses unknown query fields (422 with the path) and imports nothing', async () => {
    const before = await snapshot(t);
    const data = Buffer.from(csv('name,email,organization_id', `Dry,dry@example.test,${almond.id}`));
    const res = await admin.request('POST', '/api/staff/contacts/import?dryRun=true', data, {
      'content-type': 'text/csv; charset=utf-8',
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['querystring.dryRun']);
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses other bodies, broken CSV and files that are not UTF-8', async () => {
    expect((await admin.post('/api/staff/contacts/import', { name: 'x' })).statusCode).toBe(415);
    expectIssues(await importCsv(admin, 'contacts', 'name,email\n"open,a@x.test\n'), [
      { path: 'line 2', message: 'a quoted field is never closed' },
    ]);
    expectIssues(await importCsv(admin, 'contacts', Buffer.from([0x6e, 0xff, 0x0a])), [
      { path: 'file', message: 'is not UTF-8 text' },
    ]);
  });
});

describe('size limit', () => {
  it('answers 413 above UPLOAD_LIMIT_BYTES, for both body forms', async () => {
    const small = await startTestApp({ UPLOAD_LIMIT_BYTES: '2000' });
    try {
      const user = await createStaffUser(small.testDb.database.db, { role: 'admin' });
      const client = await signedInStaff(small.app, user.email, TEST_PASSWORD);
      const big = csv('name', ...Array.from({ length: 400 }, (_, i) => `Org ${i}`));
      expect((await importCsv(client, 'organizations', big)).statusCode).toBe(413);
      expect((await importCsv(client, 'organizations', big, 'text')).statusCode).toBe(413);
      expectCounts(await importCsv(client, 'organizations', csv('name', 'Tiny')), {
        created: 1,
        updated: 0,
        unchanged: 0,
      });
    } finally {
      await small.close();
    }
  });
});
