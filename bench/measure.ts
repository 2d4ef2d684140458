import { Bench } from 'tinybench';

export type Stats = { n: number; p50: number; p95: number; p99: number; mean: number };

/** A task's stats over all its samples, and over each round's samples (the spread of a ratio). */
export type Measured = Stats & { rounds: Stats[] };

/** Nearest-rank percentile of sorted samples (ms). */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function statsOf(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    mean,
  };
}

export type Budget = {
  /** Time per task in ms, spread over the rounds; sample counts follow from it. */
  ms: number;
  minSamples: number;
  maxSamples: number;
  warmup: number;
  rounds: number;
};

export const FULL_BUDGET: Budget = { ms: 4_000, minSamples: 30, maxSamples: 2_000, warmup: 200, rounds: 5 };
export const QUICK_BUDGET: Budget = { ms: 400, minSamples: 10, maxSamples: 300, warmup: 20, rounds: 5 };

/**
 * Re-measuring a ratio outside its gate (bench/gate.ts): the case and its reference alone, in
 * more and shorter rounds (A B, B A, …), each round long enough for its own median.
 */
export const RECHECK_BUDGET: Record<'quick' | 'full', Budget> = {
  quick: { ms: 2_000, minSamples: 100, maxSamples: 1_000, warmup: 20, rounds: 10 },
  full: { ms: 8_000, minSamples: 200, maxSamples: 4_000, warmup: 50, rounds: 10 },
};

export type Task = () => Promise<unknown>;

/**
 * Times several tasks on the same data in the same run (ours and its references), interleaved:
 * each round runs every task for its share of the samples, in rotating order, so noise from the
 * shared machine (other processes, autovacuum, GC) falls on all of them alike. Warm-up calls are
 * discarded; the sample count is sized from the slowest task's warm-up so the round fits the budget.
 * Each task's stats come with its stats per round, so a ratio can be taken round by round.
 */
export async function measureTogether(
  tasks: Record<string, Task>,
  budget: Budget,
): Promise<Record<string, Measured>> {
  const names = Object.keys(tasks);
  let slowest = 0;
  for (const name of names) {
    const fn = tasks[name]!;
    const warmup = Math.max(3, Math.min(budget.warmup, budget.minSamples));
    const start = performance.now();
    let calls = 0;
    // Bounded: at most `budget.warmup` calls or one budget's worth of time.
    while (calls < budget.warmup && (calls < warmup || performance.now() - start < budget.ms / 4)) {
      await fn();
      calls += 1;
    }
    slowest = Math.max(slowest, (performance.now() - start) / calls);
  }
  const samples = Math.round(Math.min(budget.maxSamples, Math.max(budget.minSamples, budget.ms / slowest)));
  const perRound = Math.max(1, Math.ceil(samples / budget.rounds));
  const collected: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const rounds: Record<string, Stats[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < budget.rounds; round++) {
    const bench = new Bench({
      iterations: perRound,
      time: 0,
      warmup: false,
      retainSamples: true,
      throws: true,
    });
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) bench.add(name, tasks[name]!);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed')
        throw new Error(`task ${task.name} did not complete: ${result.state}`);
      const samples = result.latency.samples ?? [];
      collected[task.name]!.push(...samples);
      rounds[task.name]!.push(statsOf(samples));
    }
  }
  return Object.fromEntries(names.map((n) => [n, { ...statsOf(collected[n]!), rounds: rounds[n]! }]));
}
