import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { statsOf } from '../measure.ts';
import { record, type Context } from '../context.ts';
import type { BenchDatabase } from '../engine.ts';
import type { RunInfo } from '../report/results.ts';
import { PortalTraffic, soakContacts, type Outcome } from './load.ts';
import { writeSoak, type SoakResult } from './report.ts';
import type { MemorySample } from './server.ts';
import { HEAP_MB_PER_MIN, RSS_MB_PER_MIN, slopePerMinute, warmupSeconds, type Sample } from './trend.ts';

export type SoakOptions = { durationS: number; rate: number; contacts: number };
export const SOAK_DEFAULTS: SoakOptions = { durationS: 600, rate: 20, contacts: 200 };

const SAMPLE_EVERY_MS = 5000;
/** Operations in flight at most; beyond it a tick is counted as skipped (the server fell behind). */
const MAX_IN_FLIGHT = 64;

/**
 * Scenario 9, the soak: mixed portal traffic at a steady rate against the real app in its own
 * process, for 10 minutes by default; the server's RSS and live heap sampled every 5 s.
 * Passes with 0 errors and flat memory after the warm-up (trend.ts).
 */
export async function runSoak(
  ctx: Context,
  bench: BenchDatabase,
  info: RunInfo,
  options: SoakOptions,
): Promise<SoakResult> {
  const contacts = await soakContacts(ctx.database.db, options.contacts);
  if (bench.location.engine === 'pglite') await bench.close();
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, BENCH_SOAK_LOCATION: JSON.stringify(bench.location) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { ready: number }).ready));
    child.once('exit', (code) => reject(new Error(`soak server exited (${code})`)));
  });
  const memory = () =>
    new Promise<MemorySample>((resolve) => {
      const listen = (m: unknown) => {
        const sample = (m as { memory?: MemorySample }).memory;
        if (!sample) return;
        child.off('message', listen);
        resolve(sample);
      };
      child.on('message', listen);
      child.send('memory');
    });

  const traffic = new PortalTraffic(`http://127.0.0.1:${port}`, contacts);
  const outcomes: Outcome[] = [];
  const failures = new Map<string, number>();
  const samples: Sample[] = [];
  let inFlight = 0;
  let skipped = 0;
  try {
    await traffic.prepare();
    const started = performance.now();
    const elapsedS = () => (performance.now() - started) / 1000;
    const sample = async () => samples.push({ atS: elapsedS(), ...(await memory()) });
    await sample();
    const sampler = setInterval(() => void sample(), SAMPLE_EVERY_MS);
    // Open loop: as many operations as the rate says by now, however slow the answers are.
    let fired = 0;
    const fire = () => {
      if (inFlight >= MAX_IN_FLIGHT) return void skipped++;
      inFlight++;
      void traffic
        .step()
        .catch((error: unknown): Outcome => ({ op: 'network', ms: 0, ok: false, detail: String(error) }))
        .then((o) => {
          outcomes.push(o);
          if (!o.ok) failures.set(o.detail!, (failures.get(o.detail!) ?? 0) + 1);
        })
        .finally(() => inFlight--);
    };
    const ticker = setInterval(() => {
      for (const due = Math.floor(elapsedS() * options.rate); fired < due; fired++) fire();
    }, 20);
    let lastReport = 0;
    while (elapsedS() < options.durationS) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (elapsedS() - lastReport >= 60) {
        lastReport = elapsedS();
        const last = samples.at(-1)!;
        console.log(
          `  ${lastReport.toFixed(0)} s: ${outcomes.length} operations, ${outcomes.filter((o) => !o.ok).length} errors, RSS ${last.rssMb.toFixed(0)} MB, heap ${last.heapMb.toFixed(1)} MB`,
        );
      }
    }
    clearInterval(ticker);
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    clearInterval(sampler);
    await sample();
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }

  const warmupS = warmupSeconds(options.durationS);
  const latency = statsOf(outcomes.map((o) => o.ms));
  const byOp: Record<string, number> = {};
  for (const o of outcomes) byOp[o.op] = (byOp[o.op] ?? 0) + 1;
  const result: SoakResult = {
    info,
    options,
    contacts: contacts.length,
    operations: outcomes.length,
    byOp,
    errors: outcomes.filter((o) => !o.ok).length,
    failures: Object.fromEntries(failures),
    skipped,
    latencyMs: { p50: latency.p50, p95: latency.p95, p99: latency.p99 },
    warmupS,
    rssSlope: slopePerMinute(samples, warmupS, 'rssMb'),
    heapSlope: slopePerMinute(samples, warmupS, 'heapMb'),
    samples,
  };
  result.flat = result.rssSlope <= RSS_MB_PER_MIN && result.heapSlope <= HEAP_MB_PER_MIN;
  for (const [name, value, note] of [
    ['errors and unexpected statuses (must be 0)', result.errors, JSON.stringify(result.failures)],
    ['RSS slope after warm-up (MB/min)', result.rssSlope, `≤ ${RSS_MB_PER_MIN}`],
    ['live heap slope after warm-up (MB/min)', result.heapSlope, `≤ ${HEAP_MB_PER_MIN}`],
  ] as const)
    record(ctx, { scenario: '9 soak', name, ours: { name: 'soak' }, ratio: value, metric: 'value', note });
  await writeSoak(result);
  return result;
}
