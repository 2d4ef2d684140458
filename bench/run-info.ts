import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.ts';
import type { Manifest } from './generate/index.ts';
import type { RunInfo } from './report/results.ts';

/** The PostgreSQL settings that decide plans and timings (perf-anchors §9.4). */
const SETTINGS = [
  'plan_cache_mode',
  'max_parallel_workers_per_gather',
  'jit',
  'shared_buffers',
  'work_mem',
  'effective_cache_size',
  'random_page_cost',
  'synchronous_commit',
  'fsync',
];

function packageVersion(name: string): string {
  try {
    const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function gitSha(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha} + uncommitted changes` : sha;
  } catch {
    return 'unknown';
  }
}

export async function runInfo(
  database: Database,
  manifest: Manifest,
  engine: string,
  quick: boolean,
): Promise<RunInfo> {
  const rows = (
    await sql<{
      name: string;
      setting: string;
      unit: string | null;
    }>`select name, setting, unit from pg_settings
      where name = any(${SETTINGS}::text[])`.execute(database.db)
  ).rows;
  const settings: Record<string, string> = {};
  for (const name of SETTINGS) {
    const r = rows.find((x) => x.name === name);
    if (r) settings[name] = r.unit && r.unit !== 'ms' ? `${r.setting}×${r.unit}` : r.setting;
  }
  const server = (
    await sql<{ v: string }>`select current_setting('server_version') as v`.execute(database.db)
  ).rows[0]!.v;
  const cpus = os.cpus();
  return {
    profile: manifest.profile,
    engine,
    quick,
    startedAt: new Date().toISOString(),
    gitSha: gitSha(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? '?',
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      loadAvg1m: Math.round(os.loadavg()[0]! * 10) / 10,
    },
    versions: {
      node: process.version,
      [engine === 'postgres' ? 'PostgreSQL' : 'PGlite (PostgreSQL)']: server,
      ...(engine === 'pglite'
        ? { '@electric-sql/pglite': packageVersion('@electric-sql/pglite') }
        : { pg: packageVersion('pg') }),
      fastify: packageVersion('fastify'),
      kysely: packageVersion('kysely'),
      autocannon: packageVersion('autocannon'),
      tinybench: packageVersion('tinybench'),
    },
    settings,
    dataset: { tickets: manifest.tickets, ...manifest.counts },
  };
}
