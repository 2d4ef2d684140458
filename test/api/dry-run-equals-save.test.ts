// ?dryRun=true is the save, measured and rolled back: for every kind of change, the difference a
// save's dry run answers equals the difference the same save, made for real, makes to what
// contacts see (every contact's visibility measured one contact at a time, as the portal reads
// it, before and after), and the dry run itself saves nothing (not even an audit row).
// 1. random changes of each kind on random built worlds (test/support/access-world.ts);
// 2. the fixed scenario's changes (test/support/access-scenario.ts), each of which changes what
//    someone sees, together covering every kind;
// 3. random CSV contact imports (many contacts moved, regrouped, their rule fields changed,
//    disabled, and new ones) on random worlds: the import's dryRun against the import itself.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessChange } from '../../src/modules/access/preview/change.ts';
import {
  CHANGE_KINDS,
  changeArb,
  diffPerKind,
  expectPreviewOf,
  fingerprint,
  makeChange,
  saveRequestOf,
  sendSave,
  visibilityPerContact,
  type KindDiff,
} from '../support/access-changes.ts';
import { buildScenario, SCENARIO_CHANGES } from '../support/access-scenario.ts';
import { buildWorld, DEPARTMENTS, worldArb, type Built } from '../support/access-world.ts';
import { csvRecord } from '../../src/modules/csv/write.ts';
import { importCsv } from './csv-helpers.ts';
import { signedInStaff, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { testEngine } from '../support/database.ts';
import { createStaffUser, TEST_PASSWORD } from '../support/factories.ts';

const NUM_RUNS = Number(process.env.PORTICO_ACCESS_RUNS ?? 4);

let t: TestApp;
let admin: TestClient;
const db = () => t.testDb.database.db;

beforeAll(async () => {
  t = await startTestApp();
  const staff = await createStaffUser(db(), { role: 'admin' });
  admin = await signedInStaff(t.app, staff.email, TEST_PASSWORD);
});
afterAll(async () => t?.close());

/** Dry-runs the change's save, checks nothing was saved, saves it for real and compares. Returns the real diff. */
async function dryRunEqualsSave(change: AccessChange): Promise<Record<string, KindDiff>> {
  const save = saveRequestOf(change);
  const where = `${save.method} ${save.url} ${JSON.stringify(save.body ?? null)}`;
  const before = await visibilityPerContact(db());
  const saved = await fingerprint(db());
  const dry = await sendSave(admin, save, '?dryRun=true');
  expect(dry.statusCode, `${where}: ${dry.body}`).toBe(200);
  expect(await fingerprint(db()), where).toEqual(saved);
  const real = await sendSave(admin, save);
  expect(real.statusCode, `${where}: ${real.body}`).toBeLessThan(300);
  const diff = diffPerKind(before, await visibilityPerContact(db()));
  expectPreviewOf(dry.json(), diff, where);
  return diff;
}

describe(`dryRun = the save's real difference (${testEngine})`, () => {
  it.each(CHANGE_KINDS)('%s: random changes on random worlds', { timeout: 300_000 }, async (kind) => {
    await fc.assert(
      fc.asyncProperty(worldArb, changeArb, async (spec, pick) => {
        const w = await buildWorld(db(), spec);
        await dryRunEqualsSave(await makeChange(db(), w, { ...pick, kind }));
      }),
      { numRuns: NUM_RUNS, interruptAfterTimeLimit: 240_000 },
    );
  });

  it('the scenario changes every kind', async () => {
    const s = await buildScenario(db());
    const kinds = Object.values(SCENARIO_CHANGES).map((make) => make(s).kind);
    expect(new Set(kinds)).toEqual(new Set(CHANGE_KINDS));
  });

  // Measured over every contact of every world built before: slow on a busy machine.
  it.each(Object.keys(SCENARIO_CHANGES))('%s', { timeout: 300_000 }, async (name) => {
    const s = await buildScenario(db());
    const real = await dryRunEqualsSave(SCENARIO_CHANGES[name]!(s));
    expect(
      Object.values(real).some((k) => k.gained[0] + k.lost[0] > 0),
      `${name} changes nothing`,
    ).toBe(true);
  });
});

const importArb = fc.array(
  fc.record({
    what: fc.constantFrom('move', 'group', 'department', 'disabled', 'new'),
    a: fc.nat(),
    b: fc.nat(),
  }),
  { minLength: 1, maxLength: 5 },
);

type ImportPick = typeof importArb extends fc.Arbitrary<(infer T)[]> ? T : never;

const pickAt = <T>(items: readonly T[], i: number): T => items[i % items.length]!;

/** A contacts file changing the picked contacts of the world (each at most once), and adding new ones. */
async function importFile(w: Built, picks: ImportPick[]): Promise<string> {
  const groups = await db()
    .selectFrom('privilege_groups')
    .select('name')
    .where('id', 'in', w.privilegeGroups)
    .execute();
  const stored = await db()
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'department'])
    .where(
      'id',
      'in',
      w.contacts.map((c) => c.id),
    )
    .orderBy('id')
    .execute();
  const header = ['id', 'name', 'email', 'organization_id', 'privilege_group', 'department', 'disabled'];
  const lines = [csvRecord(header)];
  const seen = new Set<string>();
  picks.forEach((p, i) => {
    if (p.what === 'new') {
      const email = `import-${w.tag}-${i}@example.test`;
      const group = pickAt(groups, p.a).name;
      lines.push(csvRecord(['', `Imported ${i}`, email, pickAt(w.orgs, p.b), group, '', '']));
      return;
    }
    const c = pickAt(stored, p.a);
    if (seen.has(c.id)) return;
    seen.add(c.id);
    lines.push(
      csvRecord([
        c.id,
        c.name,
        c.email,
        p.what === 'move' ? pickAt(w.orgs, p.b) : '',
        p.what === 'group' ? pickAt(groups, p.b).name : '',
        // The column is in the file: a contact not changed here keeps its stored department.
        p.what === 'department' ? pickAt(DEPARTMENTS, p.b) : c.department,
        p.what === 'disabled' ? String(p.b % 2 === 1) : '',
      ]),
    );
  });
  return lines.join('');
}

describe(`the CSV contact import's dryRun = the import's real difference (${testEngine})`, () => {
  it('random files on random worlds', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, importArb, async (spec, picks) => {
        const w = await buildWorld(db(), spec);
        const file = await importFile(w, picks);
        const where = `import of\n${file}`;
        const before = await visibilityPerContact(db());
        const saved = await fingerprint(db());
        const dry = await importCsv(admin, 'contacts', file, 'text', '?dryRun=true');
        expect(dry.statusCode, `${where}: ${dry.body}`).toBe(200);
        expect(await fingerprint(db()), where).toEqual(saved);
        const real = await importCsv(admin, 'contacts', file, 'text');
        expect(real.statusCode, `${where}: ${real.body}`).toBe(200);
        const diff = diffPerKind(before, await visibilityPerContact(db()));
        expectPreviewOf(dry.json().access, diff, where);
        expectPreviewOf(real.json().access, diff, `${where} (the import's own answer)`);
      }),
      { numRuns: NUM_RUNS, interruptAfterTimeLimit: 240_000 },
    );
  });
});
