import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { runHeader } from '../report/markdown.ts';
import type { RunInfo } from '../report/results.ts';
import type { SoakOptions } from './run.ts';
import { HEAP_MB_PER_MIN, RSS_MB_PER_MIN, type Sample } from './trend.ts';

export type SoakResult = {
  info: RunInfo;
  options: SoakOptions;
  contacts: number;
  operations: number;
  byOp: Record<string, number>;
  errors: number;
  failures: Record<string, number>;
  skipped: number;
  latencyMs: { p50: number; p95: number; p99: number };
  warmupS: number;
  rssSlope: number;
  heapSlope: number;
  flat?: boolean;
  samples: Sample[];
};

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));
const fileOf = (engine: string) => path.join(RESULTS_DIR, `soak-${engine}.jsonl`);

export async function writeSoak(result: SoakResult): Promise<string> {
  const file = fileOf(result.info.engine);
  await writeFile(file, JSON.stringify(result) + '\n');
  return file;
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

function soakRun(r: SoakResult): string {
  const first = r.samples.find((s) => s.atS >= r.warmupS) ?? r.samples[0]!;
  const last = r.samples.at(-1)!;
  const minutes = (r.options.durationS / 60).toFixed(r.options.durationS % 60 ? 1 : 0);
  const ops = Object.entries(r.byOp)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  const mark = (ok: boolean) => (ok ? 'yes' : '**no**');
  return [
    `### Soak on ${r.info.engine}: ${minutes} minutes`,
    '',
    runHeader(r.info),
    `- Load: ${r.options.rate} operations/s asked, ${f1(r.operations / r.options.durationS)} done, from ${r.contacts} contacts (${ops}); ${r.skipped} skipped for 64 operations already in flight`,
    ...(r.options.durationS < 600
      ? [
          `- A short run (\`--duration\`): its warm-up is ${r.warmupS} s and its slope covers ${((r.options.durationS - r.warmupS) / 60).toFixed(1)} minutes; the 10-minute run is the one that counts`,
        ]
      : []),
    '',
    '| What | Value | Target | Met |',
    '| --- | --- | --- | --- |',
    `| errors and unexpected statuses | ${r.errors}${r.errors ? ` (${JSON.stringify(r.failures)})` : ''} | 0 | ${mark(r.errors === 0)} |`,
    `| operation latency p50 / p95 / p99 ms | ${f1(r.latencyMs.p50)} / ${f1(r.latencyMs.p95)} / ${f1(r.latencyMs.p99)} | | |`,
    `| RSS after warm-up (${r.warmupS} s) → end, MB | ${f1(first.rssMb)} → ${f1(last.rssMb)} | | |`,
    `| RSS slope after warm-up, MB/min | ${f2(r.rssSlope)} | ≤ ${RSS_MB_PER_MIN} | ${mark(r.rssSlope <= RSS_MB_PER_MIN)} |`,
    `| live heap (after GC) after warm-up → end, MB | ${f1(first.heapMb)} → ${f1(last.heapMb)} | | |`,
    `| live heap slope after warm-up, MB/min | ${f2(r.heapSlope)} | ≤ ${HEAP_MB_PER_MIN} | ${mark(r.heapSlope <= HEAP_MB_PER_MIN)} |`,
  ].join('\n');
}

/** The soak section of docs/benchmarks.md: the last soak of each engine (bench/results/soak-*.jsonl, one line). */
export async function soakSection(): Promise<string> {
  const files = (await readdir(RESULTS_DIR))
    .filter((f) => /^soak-\w+\.jsonl$/.test(f))
    .sort()
    .reverse();
  if (files.length === 0) return '';
  const runs = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(RESULTS_DIR, f), 'utf8')) as SoakResult),
  );
  return [
    '## Soak: mixed portal load',
    '',
    '`npm run bench -- --profile S --engine postgres|pglite --only 9 [--duration 10m] [--rate 20]`: the',
    'real app in its own process under steady portal traffic (lists in every view the contact has,',
    'ticket reads, comment lists, searches, comments, new tickets) from contacts of every privilege',
    "group that may sign in, each with its own session. Every 5 s the server's RSS and its live heap",
    '(after a full garbage collection) are sampled. It passes with 0 errors and flat memory: the',
    'least-squares slope after the warm-up (2 of 10 minutes; a fifth of a shorter run) within the',
    'targets below. Not part of CI (it takes 10 minutes per engine).',
    '',
    ...runs.map(soakRun).join('\n\n').split('\n'),
  ].join('\n');
}
