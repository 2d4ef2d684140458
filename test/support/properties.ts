// Shared by the property tests that compare the API with the reference model on random worlds:
// small arbitraries, the summary of disagreements, and the run with the environment knobs
// PORTICO_PROPS_RUNS, PORTICO_PROPS_TIME_LIMIT_MS, PORTICO_PROPS_SEED and PORTICO_PROPS_PATH.
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.ts';
import { directWrites, WorldBuilder } from './world.ts';

/** True n/(n+1) of the time. */
export const often = (n: number) => fc.integer({ min: 0, max: n }).map((x) => x > 0);
/** An index into a list of `length` elements. */
export const index = (length: number) => fc.nat({ max: 1000 }).map((x) => x % length);
/** An organization tree of `count` organizations: parents[i] < i, or -1 for a root. */
export const parentsArb = (count: number) =>
  fc.tuple(...Array.from({ length: count }, (_, i) => fc.integer({ min: -1, max: i - 1 })));

/** Disagreements grouped by kind (action and expected → actual), a few examples of each. */
export function summarize(problems: string[]): string {
  const kinds = new Map<string, string[]>();
  for (const p of problems) {
    const kind = `${p.split(' ')[0]} ${/expected .*?, got \S+|missing|shown|lists|misses/.exec(p)?.[0] ?? ''}`;
    kinds.set(kind, [...(kinds.get(kind) ?? []), p]);
  }
  const lines = [...kinds].flatMap(([kind, list]) => [
    `${kind} (${list.length}×)`,
    ...list.slice(0, 3).map((p) => `    ${p}`),
  ]);
  return `${problems.length} disagreement(s) with the model:\n  ${lines.join('\n  ')}`;
}

/**
 * Checks `compare` (the disagreements of one world) on random worlds; returns how many ran.
 * The time limit boxes runs and shrinking together (shrinking rebuilds a world per step): a
 * failure found before it is still reported, with the smallest world so far.
 */
export async function checkWorlds<T>(
  arb: fc.Arbitrary<T>,
  compare: (spec: T) => Promise<string[]>,
  defaults: { runs: number; timeLimitMs: number },
): Promise<number> {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(arb, async (spec) => {
      runs++;
      const problems = await compare(spec);
      if (problems.length) throw new Error(summarize(problems));
    }),
    {
      numRuns: Number(process.env.PORTICO_PROPS_RUNS ?? defaults.runs),
      ...(process.env.PORTICO_PROPS_SEED ? { seed: Number(process.env.PORTICO_PROPS_SEED) } : {}),
      ...(process.env.PORTICO_PROPS_PATH ? { path: process.env.PORTICO_PROPS_PATH } : {}),
      interruptAfterTimeLimit: Number(process.env.PORTICO_PROPS_TIME_LIMIT_MS ?? defaults.timeLimitMs),
    },
  );
  return runs;
}

/**
 * One app for a whole file of worlds (sign-in throttling off) and an admin client, started before
 * the file's tests; at the end, which rows were written directly instead of through the API.
 */
export function worldsApp(label: string): { app: () => TestApp; staff: () => TestClient } {
  let t: TestApp | undefined;
  let staff: TestClient | undefined;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '1000000' });
    staff = (await WorldBuilder.start(t)).staff;
  });
  afterAll(async () => {
    if (directWrites.size) console.info(`${label}: rows written directly:`, Object.fromEntries(directWrites));
    await t?.close();
  });
  const started = <T>(x: T | undefined) => {
    if (x === undefined) throw new Error('worldsApp: used before beforeAll');
    return x;
  };
  return { app: () => started(t), staff: () => started(staff) };
}
