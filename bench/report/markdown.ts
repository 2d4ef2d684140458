import { fmt } from '../context.ts';
import { spreadText } from '../gate.ts';
import { targetFor, TARGETS, type TargetId } from '../targets.ts';
import type { Row, RunInfo, Side } from './results.ts';

const latency = (s: Side) =>
  s.rps !== undefined
    ? `${s.rps.toFixed(0)} req/s (p50 ${s.p50} ms, p99 ${s.p99} ms)`
    : s.p50 !== undefined
      ? `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}${s.n ? ` (n=${s.n})` : ''}`
      : '';

/** The ratio; for a gated one its spread, its re-measurement, and whether it was too noisy to gate. */
function ratioText(r: Row): string {
  if (r.ratio === undefined) return '';
  if (r.metric === 'value') return fmt(r.ratio);
  const parts = [`${r.ratio.toFixed(2)}×`];
  if (r.spread) parts.push(`(${spreadText(r.spread)})`);
  if (r.recheck) parts.push(`re-measured ${r.recheck.ratio.toFixed(2)}× (${spreadText(r.recheck)})`);
  if (r.gate === 'not gated') parts.push('not gated: too noisy');
  return parts.join(' ');
}

function targetText(r: Row, engine: string): string {
  if (!r.target) return '';
  const t = targetFor(r.target, engine as 'postgres' | 'pglite');
  const bound = `${t.op === 'max' ? '≤' : '≥'} ${t.value}`;
  return `${bound} (${TARGETS[r.target].text})`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function runHeader(info: RunInfo): string {
  const settings = Object.entries(info.settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const dataset = Object.entries(info.dataset)
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${v.toLocaleString('en')}`)
    .join(', ');
  const versions = Object.entries(info.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `- Dataset (profile ${info.profile}): ${dataset}`,
    `- Engine: ${info.engine}; settings: ${settings}`,
    `- Versions: ${versions}; git ${info.gitSha}`,
    `- Machine: ${info.machine.cpus} cores (${info.machine.cpuModel}), ${info.machine.memGiB} GiB; load average at start ${info.machine.loadAvg1m}`,
    `- Run: ${info.startedAt}${info.quick ? ' (quick mode: few samples, 3 s HTTP runs)' : ''}`,
  ].join('\n');
}

export function rowsTable(rows: Row[], engine: string): string {
  const lines = [
    '| Scenario | What | Persona | Ours: p50 / p95 / p99 ms, or req/s | Reference | Reference: p50 / p95 / p99 ms, or req/s | Ratio | Target | Met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    const what = r.note ? `${r.name} — ${r.note}` : r.name;
    lines.push(
      `| ${r.scenario} | ${cell(what)} | ${r.persona ?? ''} | ${latency(r.ours)} | ${cell(r.reference?.name ?? '')} | ${
        r.reference ? latency(r.reference) : ''
      } | ${ratioText(r)} | ${cell(targetText(r, engine))} | ${met} |`,
    );
  }
  return lines.join('\n');
}

/** One line per target: how many rows met it and the worst value. */
export function targetSummary(rows: Row[], engine: string): string {
  const lines = ['| Target | Rows met | Worst value | Met |', '| --- | --- | --- | --- |'];
  for (const id of Object.keys(TARGETS) as TargetId[]) {
    const judged = rows.filter((r) => r.target === id && r.met !== undefined && r.ratio !== undefined);
    if (judged.length === 0) continue;
    const t = targetFor(id, engine as 'postgres' | 'pglite');
    const values = judged.map((r) => r.ratio!);
    const worst = t.op === 'max' ? Math.max(...values) : Math.min(...values);
    const met = judged.filter((r) => r.met).length;
    lines.push(
      `| ${t.op === 'max' ? '≤' : '≥'} ${t.value}: ${TARGETS[id].text} | ${met} / ${judged.length} | ${fmt(worst)} | ${met === judged.length ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}

export function runSection(info: RunInfo, rows: Row[]): string {
  const engineName = info.engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
  return [
    `## Profile ${info.profile} on ${engineName}${info.quick ? ' (quick)' : ''}`,
    '',
    runHeader(info),
    '',
    '### Targets',
    '',
    targetSummary(rows, info.engine),
    '',
    '### All results',
    '',
    rowsTable(rows, info.engine),
    '',
  ].join('\n');
}
