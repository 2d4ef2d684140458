#!/usr/bin/env node
// Counts the pairs of places in src/ that share six or more lines of the same shape (the same
// code but for names and literal values), with jscpd and the settings in .jscpd.json.
//
//   npm run duplicates                 the count
//   npm run duplicates -- --list       and every pair, longest first
//   npm run duplicates -- --max 300    fails when the count is above 300 (a CI gate)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const JSCPD = join(ROOT, 'node_modules', '.bin', 'jscpd');

const { values } = parseArgs({ options: { list: { type: 'boolean' }, max: { type: 'string' } } });
const max = values.max === undefined ? undefined : Number(values.max);
if (max !== undefined && !Number.isInteger(max)) {
  console.error(`--max takes a whole number, not "${values.max}"`);
  process.exit(2);
}

const out = mkdtempSync(join(tmpdir(), 'portico-duplicates-'));
try {
  const run = spawnSync(
    JSCPD,
    ['--config', '.jscpd.json', '--reporters', 'json', '--output', out, '--silent'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) {
    console.error(run.stderr || run.stdout || `jscpd failed (${run.error?.message ?? run.status})`);
    process.exit(2);
  }
  const report = JSON.parse(readFileSync(join(out, 'jscpd-report.json'), 'utf8'));
  const pairs = report.duplicates;
  if (values.list) {
    const place = (f) => `${f.name}:${f.start}-${f.end}`;
    for (const p of [...pairs].sort((a, b) => b.lines - a.lines))
      console.log(`${String(p.lines).padStart(4)} lines  ${place(p.firstFile)} ~ ${place(p.secondFile)}`);
  }
  const { lines, duplicatedLines } = report.statistics.total;
  console.log(
    `${pairs.length} pairs of places in src/ share 6+ lines of the same shape ` +
      `(${duplicatedLines} of ${lines} lines repeated)`,
  );
  if (max !== undefined && pairs.length > max) {
    console.error(`More than the ${max} allowed: remove what repeats, or raise the bar on purpose.`);
    process.exitCode = 1;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
