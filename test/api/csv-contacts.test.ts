import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signedInContact,
  signedInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/app.ts';
import { createStaffUser, privilegeGroupId, TEST_PASSWORD } from '../support/factories.ts';
import { WorldBuilder } from '../support/world.ts';
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

  it('refuses unknown query fields and bad dryRun values (422 with the path); imports nothing', async () => {
    const before = await snapshot(t);
    const file = csv('name,email,organization_id', `Dry,dry@example.test,${almond.id}`);
    for (const [query, path] of [
      ['?dryrun=true', 'querystring.dryrun'],
      ['?preview=1', 'querystring.preview'],
      ['?dryRun=yes', 'querystring.dryRun'],
    ]) {
      const res = await importCsv(admin, 'contacts', file, 'text', query);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.issues.map((i: { path: string }) => i.path)).toEqual([path]);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('reports every problem of every row, with its line and column', async () => {
    const before = await snapshot(t);
    const file = csv(
      'id,name,email,organization_id,organization_name,privilege_group,disabled,attr:grade',
      `,,not-an-email,,Atlantis,Wizards,maybe,${'x'.repeat(1001)}`,
      `nope,Ok,ok@example.test,also-nope,,Nobody,,`,
    );
    const res = await importCsv(admin, 'contacts', file);
    const issues = expectIssues(res, []);
    const of = (line: number) =>
      issues
        .filter((i) => i.line === line)
        .map((i) => [i.column, i.message.slice((i.column ?? '').length + 2)]);
    expect(of(2)).toEqual([
      ['name', 'is required'],
      ['email', 'is not a valid e-mail address'],
      ['disabled', 'write true or false'],
      ['attr:grade', 'at most 1000 characters'],
      ['organization_name', 'no organization is named "Atlantis"'],
      ['privilege_group', 'no privilege group is named "Wizards"'],
    ]);
    expect(of(3)).toEqual([
      ['id', 'is not a contact id'],
      ['organization_id', 'is not an organization id'],
      ['privilege_group', 'no privilege group is named "Nobody"'],
    ]);
    expect(issues.every((i) => i.path === `line ${i.line}` && i.message.startsWith(`${i.column}: `))).toBe(
      true,
    );
    expect(res.json().error.message).toContain('9 problem(s) on 2 line(s)');
    // A dry run of the same file is refused the same way.
    expect((await importCsv(admin, 'contacts', file, 'multipart', '?dryRun=true')).body).toBe(res.body);
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

describe('contact import: dry run and access preview', () => {
  it('dryRun answers the rows and who gains and loses what, saving nothing; the import answers the same', async () => {
    const b = await WorldBuilder.start(t, { staff: admin, passwords: 'db' });
    const full = await b.systemGroup('full');
    const limited = await b.systemGroup('limited');
    const north = await b.organization('North');
    const south = await b.organization('South');
    const holder = await b.contact({ name: 'Holder', organization: north, privilegeGroup: limited });
    const mover = await b.contact({ name: 'Mover', organization: north, privilegeGroup: limited });
    const demoted = await b.contact({ name: 'Demoted', organization: south, privilegeGroup: full });
    const southGroup = await b.userGroup({
      organizations: [{ organization: south, includeSubOrganizations: false }],
    });
    await b.grant(holder, southGroup, 'write');
    await b.ticket(mover);
    await b.ticket(mover);
    await b.ticket(demoted);
    // Mover joins South: Holder's grant on South's group reaches its two tickets (write). Demoted
    // goes Limited: Full's privileges lost. A new contact joins South with Full: it sees South's
    // ticket (a ticket stays in the organization it was opened in). Holder's row is unchanged.
    const file = csv(
      'id,name,email,organization_id,privilege_group',
      `${mover.id},Mover,${mover.email},${south.id},`,
      `${demoted.id},Demoted,${demoted.email},,Limited`,
      `,Newcomer,newcomer-${b.tag}@example.test,${south.id},Full`,
      `${holder.id},Holder,${holder.email},,`,
    );
    const before = await snapshot(t);
    const dry = await importCsv(admin, 'contacts', file, 'multipart', '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(await snapshot(t)).toEqual(before);
    const preview = dry.json();
    expect(preview).toMatchObject({ created: 1, updated: 2, unchanged: 1, dryRun: true });
    const access = preview.access;
    expect(access.counted).toEqual({ tickets: true, records: true, capabilities: true });
    expect(access.affectedContacts).toBe(4);
    const gaining = (s: { contact: { name: string }; tickets: number }[]) =>
      Object.fromEntries(s.map((x) => [x.contact.name, x.tickets]));
    expect(gaining(access.samples.gaining)).toEqual({ Newcomer: 1, Holder: 2 });
    expect(gaining(access.ticketsWritable.samples.gaining)).toEqual({ Newcomer: 1, Holder: 2 });
    expect(access.ticketsGained).toEqual({ pairs: 3, tickets: 3 });
    expect(access.ticketsLost).toEqual({ pairs: 0, tickets: 0 });
    const lost = Object.fromEntries(
      access.capabilities.lost.map((c: { privilege: string; contacts: number }) => [c.privilege, c.contacts]),
    );
    expect(lost).toMatchObject({ 'quotes.view': 1, 'invoices.view': 1 });
    expect(access.capabilities.gained.map((c: { privilege: string }) => c.privilege)).toContain(
      'quotes.view',
    );

    const real = await importCsv(admin, 'contacts', file);
    expect(real.statusCode, real.body).toBe(200);
    // The same answer, but for the id the new contact got.
    const newcomer = (body: typeof preview) =>
      body.access.samples.gaining.find((x: { contact: { name: string } }) => x.contact.name === 'Newcomer')
        .contact.id as string;
    const same = (body: typeof preview) => JSON.stringify(body).replaceAll(newcomer(body), 'new');
    expect(same({ ...real.json(), dryRun: true })).toBe(same(preview));
    const audit = await db()
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'import')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ created: 1, updated: 2, unchanged: 1 });
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
