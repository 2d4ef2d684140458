import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, type TestApp } from '../support/app.ts';
import { createOrganization, privilegeGroupId } from '../support/factories.ts';
import {
  csv,
  csvWorld,
  expectCounts,
  expectIssues,
  exportCsv,
  importCsv,
  snapshot,
  table,
  type Kind,
} from './csv-helpers.ts';

let t: TestApp;
let admin: TestClient;
let agent: TestClient;
const db = () => t.testDb.database.db;
let district: { id: string };
let almond: { id: string };

beforeAll(async () => {
  ({ t, admin, agent, district, almond } = await csvWorld());
});
afterAll(async () => t.close());

describe('access', () => {
  it('needs a session (401), and imports need an administrator (403 for agents)', async () => {
    const anonymous = new TestClient(t.app);
    for (const kind of ['organizations', 'contacts'] as Kind[]) {
      expect((await anonymous.get(`/api/staff/${kind}/export.csv`)).statusCode).toBe(401);
      expect((await importCsv(anonymous, kind, 'name\nX\n')).statusCode).toBe(401);
      const before = await snapshot(t);
      const refused = await importCsv(
        agent,
        kind,
        kind === 'contacts' ? 'name,email\nA,a@x.test\n' : 'name\nX\n',
      );
      expect(refused.statusCode).toBe(403);
      expect(await snapshot(t)).toEqual(before);
      expect((await agent.get(`/api/staff/${kind}/export.csv`)).statusCode).toBe(200);
    }
  });
});

describe('export', () => {
  it('is an attachment, UTF-8 with a header row, quoting commas, quotes and line breaks', async () => {
    const res = await exportCsv(admin, 'organizations');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="organizations-[\d-]+\.csv"$/);
    expect(res.body.startsWith('\ufeffid,name,parent_id,parent_name\r\n')).toBe(true);
    expect(res.body).toContain(`,"Birch, ""the big one""",${district.id},Shoe String District\r\n`);
    const contacts = await exportCsv(admin, 'contacts');
    expect(contacts.body).toContain('"Doe, ""Jr""\nthe second",jr.doe@example.test');
  });

  it('neutralises formulas with an apostrophe and has one column per attribute key', async () => {
    const res = await exportCsv(admin, 'contacts');
    const header = res.body.slice(1, res.body.indexOf('\r\n')).split(',');
    expect(header).toEqual([
      ...['id', 'name', 'email', 'phone', 'title', 'department', 'organization_id', 'organization_name'],
      ...['privilege_group', 'disabled', 'attr:grade', 'attr:note', 'attr:room'],
    ]);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")",'-1+2,`);
    expect(res.body).toContain(",5,,'@12\r\n");
    const jr = table(res.body.slice(1)).find((r) => r.email === 'jr.doe@example.test')!;
    expect(jr).toMatchObject({
      organization_name: 'Almond School',
      privilege_group: 'Limited',
      disabled: 'false',
    });
  });

  it('filters by organization (with its sub-organizations) and privilege group', async () => {
    const orgs = table(
      (await exportCsv(admin, 'organizations', `?organizationId=${almond.id}`)).body.slice(1),
    );
    expect(orgs.map((r) => r.name)).toEqual(['Almond School']);
    const fullId = await privilegeGroupId(db(), 'full');
    const rows = table(
      (
        await exportCsv(admin, 'contacts', `?organizationId=${district.id}&privilegeGroupId=${fullId}`)
      ).body.slice(1),
    );
    expect(rows.map((r) => r.email)).toEqual(['boss@example.test']);
    const none = await admin.get(`/api/staff/contacts/export.csv?organizationId=${crypto.randomUUID()}`);
    expectIssues(none, [{ path: 'querystring.organizationId', message: 'no such organization' }]);
  });
});

describe('round trip', () => {
  it('importing an export changes nothing, for both files and both body forms', async () => {
    for (const kind of ['organizations', 'contacts'] as Kind[]) {
      const text = (await exportCsv(admin, kind)).body;
      const n = table(text.slice(1)).length;
      const before = await snapshot(t);
      expectCounts(await importCsv(admin, kind, text), { created: 0, updated: 0, unchanged: n });
      expectCounts(await importCsv(admin, kind, text, 'text'), { created: 0, updated: 0, unchanged: n });
      expect(await snapshot(t)).toEqual(before);
    }
  });
});

describe('organization import', () => {
  it('creates a tree given in any order, by parent name, with one audit row; again: unchanged', async () => {
    const file = csv(
      'name,parent_name',
      'Cedar School,Valley District',
      'Valley District,',
      'Cedar Annex,Cedar School',
    );
    const before = await snapshot(t);
    expectCounts(await importCsv(admin, 'organizations', file), { created: 3, updated: 0, unchanged: 0 });
    const after = await snapshot(t);
    expect(after.audit_log).toBe(before.audit_log + 1);
    const cedar = after.organizations.find((o) => o.name === 'Cedar School')!;
    const valley = after.organizations.find((o) => o.name === 'Valley District')!;
    expect(cedar.parent_id).toBe(valley.id);
    expect(after.organizations.find((o) => o.name === 'Cedar Annex')!.parent_id).toBe(cedar.id);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'import', entity_type: 'organization' });
    expect(audit.after).toMatchObject({ created: 3, updated: 0, unchanged: 0, rows: 3 });
    expectCounts(await importCsv(admin, 'organizations', file), { created: 0, updated: 0, unchanged: 3 });
    expect((await snapshot(t)).audit_log).toBe(after.audit_log);
  });

  it('moves and renames by id', async () => {
    const oak = await createOrganization(db(), { name: 'Oak' });
    const file = csv('id,name,parent_id', `${oak.id},Oak School,${district.id}`);
    expectCounts(await importCsv(admin, 'organizations', file), { created: 0, updated: 1, unchanged: 0 });
    const row = await db()
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', oak.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Oak School', parent_id: district.id });
  });

  it('matches rows without an id by name (any case) under the same parent', async () => {
    const before = await snapshot(t);
    const file = csv('name,parent_name', 'Almond School,shoe string district', 'Shoe String District,');
    expectCounts(await importCsv(admin, 'organizations', file), { created: 0, updated: 0, unchanged: 2 });
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses cycles, within the file and through stored organizations, with line numbers', async () => {
    const a = await createOrganization(db(), { name: 'Cycle A' });
    const b = await createOrganization(db(), { name: 'Cycle B', parentId: a.id });
    const before = await snapshot(t);
    const inFile = csv('name,parent_name', 'X1,X2', 'ok,', 'X2,X1');
    const issues = expectIssues(await importCsv(admin, 'organizations', inFile), []);
    expect(issues.map((i) => i.path)).toEqual(['line 2', 'line 4']);
    expect(issues[0]!.message).toMatch(/^parent: lines 2, 4 .*cycle/);
    const throughDb = csv('id,name,parent_id', `${a.id},Cycle A,${b.id}`);
    const [issue] = expectIssues(await importCsv(admin, 'organizations', throughDb), []);
    expect(issue).toMatchObject({
      path: 'line 2',
      line: 2,
      column: 'parent',
      message: expect.stringMatching(/^parent: .*cycle/),
    });
    expect(await snapshot(t)).toEqual(before);
  });

  it('reports every bad row and imports nothing', async () => {
    const before = await snapshot(t);
    const file = csv(
      'id,name,parent_id,parent_name',
      ',Fine,,',
      'not-an-id,Bad id,,',
      `${crypto.randomUUID()},Unknown id,,`,
      ',,,',
      `,Orphan,${crypto.randomUUID()},`,
      ',Lost,,Nowhere',
      ',Twin,,Shoe String District',
      ',twin,,Shoe String District',
      ',"too,many",,',
    );
    expectIssues(await importCsv(admin, 'organizations', file), [
      { path: 'line 3', message: 'id: is not an organization id' },
      { path: 'line 4', message: 'id: no such organization' },
      { path: 'line 5', message: 'name: is required' },
      { path: 'line 6', message: 'parent_id: no such organization' },
      { path: 'line 7', message: 'parent_name: no organization is named "Nowhere"' },
      { path: 'line 9', message: 'name: line 8 has the same name and parent' },
    ]);
    const header = await importCsv(admin, 'organizations', csv('name,colour', 'x,red'));
    expectIssues(header, [{ path: 'line 1', message: expect.stringMatching(/^column "colour": unknown/) }]);
    expect(await snapshot(t)).toEqual(before);
  });
});
