#!/usr/bin/env node
// Counts the pairs of places in src/ that share six or more lines of the same shape (the same
// code but for names and literal values), with jscpd and the settings in .jscpd.json.
//
//   npm run duplicates                 the count
//   npm run duplicates -- --list       and every pair, longest first
//   npm run duplicates -- --max-share 8.25
//                                      fails when more than 8.25 % of the lines are repeated (CI's
//                                      gate: a share, not a count of pairs, because every new route
//                                      or list adds pairs of the same shape while the code grows;
//                                      what must not grow is how much of the code repeats)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const JSCPD = join(ROOT, 'node_modules', '.bin', 'jscpd');

const { values } = parseArgs({ options: { list: { type: 'boolean' }, 'max-share': { type: 'string' } } });
const maxShare = values['max-share'] === undefined ? undefined : Number(values['max-share']);
if (maxShare !== undefined && !(maxShare >= 0 && maxShare <= 100)) {
  console.error(`--max-share takes a percentage, not "${values['max-share']}"`);
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
  const share = (100 * duplicatedLines) / lines;
  console.log(
    `${pairs.length} pairs of places in src/ share 6+ lines of the same shape ` +
      `(${duplicatedLines} of ${lines} lines repeated: ${share.toFixed(2)} %)`,
  );
  if (maxShare !== undefined && share > maxShare) {
    console.error(`More than the ${maxShare} % allowed: remove what repeats (--list shows where).`);
    process.exitCode = 1;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
