/**
 * The CI gate on same-run ratios, made robust against a busy machine:
 *
 * - every gated ratio comes with its spread: the ratio taken round by round (ours and its
 *   reference are measured interleaved, in rounds), p10–p90 of those (min–max below 10 rounds);
 *   within the gate, it is "not gated" (it passes all the same) when its spread both reaches past
 *   the gate and is wide;
 * - a ratio outside its gate is re-measured, the case and its reference alone, interleaved in
 *   more rounds, and judged on the median of the re-measured ratios;
 * - it fails the gate only when that spread is narrow (high ÷ low ≤ √2: the noise is under half
 *   the factor of 2 between the target and its gate); a wider spread is too noisy to gate on
 *   this machine, and the row says so.
 *
 * Correctness checks are not judged here: a wrong answer always fails (targets.ts).
 */
import { measureTogether, RECHECK_BUDGET, type Measured, type Task } from './measure.ts';
import type { Context } from './context.ts';
import type { Row, Side, Spread } from './report/results.ts';
import { gateOf, outsideGate, targetFor, TARGETS, type Target } from './targets.ts';

/** One side of a ratio as measured in one round. */
export type RoundSide = Pick<Side, 'p50' | 'p95' | 'p99' | 'rps'>;

/** Both sides of a ratio, round by round (round i of ours with round i of the reference). */
export type Rounds = { ours: readonly RoundSide[]; reference: readonly RoundSide[] };

/** The rounds a ratio was measured in, and how to measure the pair again, interleaved. */
export type Evidence = Rounds & { again: () => Promise<Rounds> };

/** The widest spread (high ÷ low) a gated ratio may have: half the gate's factor of 2, in log terms. */
export const NARROW = Math.SQRT2;

/** The row's ratio from one measurement of each side: its metric, and which way its target points. */
export function ratioOf(row: Pick<Row, 'metric' | 'target'>, ours: RoundSide, reference: RoundSide): number {
  const metric = row.metric;
  if (metric === 'rps') return ours.rps! / reference.rps!;
  if (metric !== 'p50' && metric !== 'p95' && metric !== 'p99')
    throw new Error(`no ratio of rounds for metric ${metric}`);
  // A 'min' target on latencies is reference ÷ ours (how many times faster we are).
  const op = row.target ? TARGETS[row.target].op : 'max';
  return op === 'min' ? reference[metric]! / ours[metric]! : ours[metric]! / reference[metric]!;
}

/** Nearest-rank percentile of sorted values. */
const rank = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

/**
 * The ratio of each round (a side with fewer rounds repeats its own), its median and spread. A
 * round without a finite ratio (an HTTP run that completed no request) is left out; with none
 * left, everything is NaN and the ratio cannot be judged.
 */
export function spreadOf(row: Pick<Row, 'metric' | 'target'>, rounds: Rounds): Spread & { median: number } {
  const n = Math.max(rounds.ours.length, rounds.reference.length);
  const ratios = Array.from({ length: n }, (_, i) =>
    ratioOf(row, rounds.ours[i % rounds.ours.length]!, rounds.reference[i % rounds.reference.length]!),
  )
    .filter((r) => Number.isFinite(r) && r > 0)
    .sort((a, b) => a - b);
  if (ratios.length === 0) return { low: NaN, high: NaN, rounds: 0, median: NaN };
  return {
    low: rank(ratios, 0.1),
    high: rank(ratios, 0.9),
    rounds: ratios.length,
    median: rank(ratios, 0.5),
  };
}

/** Narrow enough to gate on; false for a spread that could not be measured (NaN). */
const narrow = (s: Spread) => s.low > 0 && s.high / s.low <= NARROW;
/** Outside the gate, or not measurable at all (then re-measured; it never passes unseen). */
const outside = (t: Target, value: number) => !Number.isFinite(value) || value <= 0 || outsideGate(t, value);

/** Evidence from measureTogether: both tasks' rounds, and a re-measurement of the two alone. */
export function interleaved(
  ctx: Context,
  ours: { task: Task; stats: Measured },
  reference: { task: Task; stats: Measured },
): Evidence {
  return {
    ours: ours.stats.rounds,
    reference: reference.stats.rounds,
    again: async () => {
      const budget = RECHECK_BUDGET[ctx.quick ? 'quick' : 'full'];
      const s = await measureTogether({ ours: ours.task, reference: reference.task }, budget);
      return { ours: s.ours!.rounds, reference: s.reference!.rounds };
    },
  };
}

// NaN (a ratio that could not be measured) is null once written to JSON.
const fmtRatio = (x: number | null) =>
  x === null || !Number.isFinite(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(2);
export const spreadText = (s: Spread) =>
  `${fmtRatio(s.low)}–${fmtRatio(s.high)} over ${s.rounds} round${s.rounds === 1 ? '' : 's'}`;

/**
 * Judges a gated ratio (row.ratio set, row.target a gated ratio) and sets row.spread, row.gate
 * and, when it was re-measured, row.recheck. Returns the lines to print under the row.
 */
export async function judge(ctx: Context, row: Row, evidence: Evidence): Promise<string[]> {
  const t: Target = targetFor(row.target!, ctx.engine);
  const gate = `gate ${t.op === 'max' ? '≤' : '≥'} ${gateOf(t)}`;
  const first = spreadOf(row, evidence);
  row.spread = { low: first.low, high: first.high, rounds: first.rounds };
  const lines = [`spread ${spreadText(row.spread)}, ${gate}`];
  if (!outside(t, row.ratio!)) {
    // Well inside: the whole spread within the gate, or narrow. Else it passes, but would not gate.
    const inside = !outside(t, row.spread.low) && !outside(t, row.spread.high);
    row.gate = inside || narrow(row.spread) ? 'pass' : 'not gated';
    if (row.gate === 'not gated')
      lines.push('spread reaches past the gate and is wider than √2: too noisy here to gate (it passes)');
    return lines;
  }
  const again = spreadOf(row, await evidence.again());
  row.recheck = { ratio: again.median, low: again.low, high: again.high, rounds: again.rounds };
  const verdict = !outside(t, again.median) ? 'pass' : narrow(row.recheck) ? 'fail' : 'not gated';
  row.gate = verdict;
  lines.push(
    `outside the gate: re-measured interleaved, median ${fmtRatio(again.median)} (${spreadText(row.recheck)}): ${
      verdict === 'pass'
        ? 'within the gate, passes'
        : verdict === 'fail'
          ? 'FAILS the gate'
          : 'spread wider than √2: too noisy here to gate, reported only'
    }`,
  );
  return lines;
}
