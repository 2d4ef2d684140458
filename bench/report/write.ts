import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { soakSection } from '../soak/report.ts';
import { runSection } from './markdown.ts';
import type { Row, RunInfo } from './results.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
const HEADER = fileURLToPath(new URL('./doc-header.md', import.meta.url));
const FINDINGS = fileURLToPath(new URL('./findings.md', import.meta.url));

const fileOf = (info: RunInfo, partial: boolean) =>
  path.join(
    RESULTS_DIR,
    `${info.profile}-${info.engine}${info.quick ? '-quick' : ''}${partial ? '-partial' : ''}.jsonl`,
  );

/** One JSON line per result, each carrying the run's dataset, engine, settings, versions and machine. */
export async function writeResults(info: RunInfo, rows: Row[], partial: boolean): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = fileOf(info, partial);
  await writeFile(file, rows.map((r) => JSON.stringify({ ...r, run: info })).join('\n') + '\n');
  return file;
}

async function readRun(file: string): Promise<{ info: RunInfo; rows: Row[] } | undefined> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  const parsed = lines.map((l) => JSON.parse(l) as Row & { run: RunInfo });
  if (parsed.length === 0) return undefined;
  return { info: parsed[0]!.run, rows: parsed.map(({ run: _run, ...row }) => row) };
}

const ORDER = ['L-postgres', 'L-pglite', 'S-postgres', 'S-pglite'];

/**
 * docs/benchmarks.md: how to run and read, the findings, then the tables of each profile and
 * engine (largest first): its full run, or its quick run when it has no full one (the header of
 * each says which), and the last soak of each engine.
 */
export async function writeDoc(): Promise<void> {
  const present = new Set(await readdir(RESULTS_DIR));
  const sections: string[] = [];
  for (const key of ORDER) {
    const file = [`${key}.jsonl`, `${key}-quick.jsonl`].find((f) => present.has(f));
    const run = file ? await readRun(path.join(RESULTS_DIR, file)) : undefined;
    if (run) sections.push(runSection(run.info, run.rows));
  }
  const header = await readFile(HEADER, 'utf8');
  const findings = await readFile(FINDINGS, 'utf8').catch(() => '');
  const soak = await soakSection();
  await writeFile(
    DOC,
    [header.trim(), findings.trim(), ...sections, soak].filter(Boolean).join('\n\n') + '\n',
  );
}
