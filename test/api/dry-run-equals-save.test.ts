// ?dryRun=true is the save, measured and rolled back: for every kind of change, the difference a
// save's dry run answers equals the difference the same save, made for real, makes to what
// contacts see (every contact's visibility measured one contact at a time, as the portal reads
// it, before and after), and the dry run itself saves nothing (not even an audit row).
// 1. random changes of each kind on random built worlds (test/support/access-world.ts);
// 2. the fixed scenario's changes (test/support/access-scenario.ts), each of which changes what
//    someone sees, together covering every kind.
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
import { buildWorld, worldArb } from '../support/access-world.ts';
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
