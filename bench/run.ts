/**
 * `npx tsx bench/run.ts --profile S|L --engine pglite|postgres [--quick] [--check] [--keep]
 *   [--only 1,2,3,4,5,6,7,8,11] [--database <url or PGlite dir kept by --keep>]`
 * `npx tsx bench/run.ts --profile S --engine pglite|postgres --only 9 [--duration 10m] [--rate 20]`:
 *   the soak (scenario 9), which runs only when --only names it; the same for the mail scenario (10)
 *   and the agent queues (12).
 *
 * Generates the profile inside the database (SQL, generate_series), runs the scenarios against
 * the API's real code paths with same-run references, writes one JSON line per result to
 * bench/results/ and (full runs) the tables of docs/benchmarks.md. --check exits 1 when a ratio
 * is outside twice its target, consistently when re-measured (bench/gate.ts), or a correctness
 * check fails (absolute times never fail it).
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createBenchDatabase, openKeptBenchDatabase } from './engine.ts';
import { finishGeneration, generatePopulation, growTickets, type Manifest } from './generate/index.ts';
import { FULL_BUDGET, QUICK_BUDGET } from './measure.ts';
import { PROFILES } from './profiles.ts';
import type { Context } from './context.ts';
import { runInfo } from './run-info.ts';
import { rowsTable, targetSummary } from './report/markdown.ts';
import { writeDoc, writeResults } from './report/write.ts';
import { targetFor, wrongAnswer } from './targets.ts';
import { runCheck } from './scenarios/check.ts';
import { runFirstPage } from './scenarios/first-page.ts';
import { runDepth } from './scenarios/depth.ts';
import { runCreate } from './scenarios/create.ts';
import { runPeers } from './scenarios/peers.ts';
import { measureScalePoint, recordScaleGrowth, type ScalePoint } from './scenarios/scale.ts';

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'S' },
    engine: { type: 'string', default: 'pglite' },
    quick: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
    database: { type: 'string' },
    duration: { type: 'string' },
    rate: { type: 'string' },
  },
});
const profile = PROFILES[values.profile as 'S' | 'L'];
const engine = values.engine as 'postgres' | 'pglite';
if (!profile || !['postgres', 'pglite'].includes(engine)) {
  console.error(
    'usage: tsx bench/run.ts --profile S|L --engine pglite|postgres [--quick] [--check] [--keep] [--only 1,2,...]',
  );
  process.exit(2);
}
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : undefined;
// The soak (9) takes 10 minutes, the mail scenario (10) needs an SMTP listener and writes 20,000
// contacts, the agent queues (12) write their own team, agent and due times: only when asked for by name.
const byNameOnly = new Set([9, 10, 12]);
const wanted = (n: number) => (!only && !byNameOnly.has(n)) || !!only?.has(String(n));
const quick = values.quick;

const started = performance.now();
const section = (title: string) =>
  console.log(`\n== ${title} (${((performance.now() - started) / 1000).toFixed(0)} s) ==`);

section(`profile ${profile.name} on ${engine}${quick ? ' (quick)' : ''}`);
const bench = values.database
  ? await openKeptBenchDatabase(values.database)
  : await createBenchDatabase(engine, profile.name);
console.log(
  bench.location.engine === 'postgres'
    ? `database ${bench.location.url}`
    : `data directory ${bench.location.dataDir}`,
);
let exitCode = 0;
try {
  const kept = values.database
    ? (await sql<{ data: Manifest }>`select data from bench_manifest`.execute(bench.database.db)).rows[0]!
        .data
    : undefined;
  const manifest = kept ?? (await generatePopulation(bench.database, profile));
  const ctx: Context = {
    database: bench.database,
    engine,
    profile,
    manifest,
    budget: quick ? QUICK_BUDGET : FULL_BUDGET,
    quick,
    rows: [],
  };
  const points: ScalePoint[] = [];
  for (const tickets of kept ? [] : profile.scalePoints) {
    await growTickets(bench.database, manifest, profile, tickets);
    if (tickets < profile.tickets && wanted(8)) {
      section(`8 scale curve at ${tickets} tickets`);
      await measureScalePoint(ctx, points);
    }
  }
  if (!kept) await finishGeneration(bench.database, manifest);
  console.log(
    `personas (visible open tickets per view): ${JSON.stringify(manifest.personas.map((p) => [p.name, p.openCounts]))}`,
  );
  const info = await runInfo(bench.database, manifest, engine, quick);

  const step = async (n: number, title: string, run: () => Promise<void>) => {
    if (!wanted(n)) return;
    section(title);
    await run();
  };
  await step(1, '1 check', () => runCheck(ctx));
  await step(2, '2 first page', () => runFirstPage(ctx));
  await step(3, '3 depth', () => runDepth(ctx));
  await step(7, '7 peers', () => runPeers(ctx));
  await step(8, `8 scale curve at ${manifest.tickets} tickets`, async () => {
    await measureScalePoint(ctx, points);
    recordScaleGrowth(ctx, points);
  });
  await step(11, '11 search', async () => (await import('./scenarios/search.ts')).runSearch(ctx));
  await step(12, '12 agent queues', async () => (await import('./scenarios/queues.ts')).runQueues(ctx));
  await step(4, '4 create', () => runCreate(ctx));
  // The app-building scenarios load the whole app only when they run.
  await step(5, '5 permission change', async () =>
    (await import('./scenarios/permission-change.ts')).runPermissionChange(ctx),
  );
  await step(10, '10 mail', async () => (await import('./scenarios/mail.ts')).runMail(ctx));
  await step(6, '6 http', async () => (await import('./http/run.ts')).runHttp(ctx, bench));
  await step(9, '9 soak', async () => {
    const { runSoak, SOAK_DEFAULTS } = await import('./soak/run.ts');
    const { parseDuration } = await import('./soak/trend.ts');
    const durationS = values.duration ? parseDuration(values.duration) : SOAK_DEFAULTS.durationS;
    const rate = values.rate ? Number(values.rate) : SOAK_DEFAULTS.rate;
    const result = await runSoak(ctx, bench, info, { ...SOAK_DEFAULTS, durationS, rate });
    await writeDoc();
    console.log('docs/benchmarks.md updated (soak section)');
    if (result.errors > 0 || !result.flat) exitCode = 1;
  });

  const partial = !!only || !!values.database;
  const file = await writeResults(info, ctx.rows, partial);
  console.log(`\nresults: ${file}`);
  if (!quick && !partial) {
    await writeDoc();
    console.log('docs/benchmarks.md updated');
  }
  console.log(`\n${targetSummary(ctx.rows, engine)}\n\n${rowsTable(ctx.rows, engine)}`);
  const failed = ctx.rows.filter(
    (r) =>
      r.gate === 'fail' ||
      (r.target && r.ratio !== undefined && wrongAnswer(targetFor(r.target, engine), r.ratio)),
  );
  const label = (r: (typeof ctx.rows)[number]) => `${r.scenario} ${r.name} (${r.persona ?? ''})`;
  for (const r of ctx.rows.filter((r) => r.gate === 'not gated'))
    console.log(`not gated (spread too wide on this machine): ${label(r)}: ${r.recheck?.ratio ?? r.ratio}`);
  for (const r of failed) console.error(`GATE: ${label(r)}: ${r.recheck?.ratio ?? r.ratio} vs ${r.target}`);
  if (values.check && failed.length > 0) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  if (values.keep) {
    await bench.close();
    console.log(`kept: ${JSON.stringify(bench.location)}`);
  } else await bench.drop();
}
section('done');
process.exit(exitCode);
