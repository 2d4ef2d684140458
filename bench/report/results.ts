import type { Stats } from '../measure.ts';
import type { TargetId } from '../targets.ts';

/** A measured side of a comparison: latency percentiles (ms) or HTTP throughput. */
export type Side = {
  name: string;
  n?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  rps?: number;
  errors?: number;
};

/** A ratio's spread over the rounds it was measured in: p10–p90 of the per-round ratios (min–max below 10). */
export type Spread = { low: number; high: number; rounds: number };

/** One result line (docs/benchmarks.md and bench/results/*.jsonl). */
export type Row = {
  scenario: string;
  /** What was measured, e.g. "first page groups/open". */
  name: string;
  persona?: string;
  ours: Side;
  reference?: Side;
  /** ours ÷ reference on `metric` (latency: lower is better; rps: higher is better), or a derived value. */
  ratio?: number;
  metric?: 'p50' | 'p95' | 'p99' | 'rps' | 'value';
  target?: TargetId;
  met?: boolean;
  /** Gated ratios (bench/gate.ts): the spread, the CI gate's verdict, and the re-measurement if there was one. */
  spread?: Spread;
  gate?: 'pass' | 'fail' | 'not gated';
  recheck?: Spread & { ratio: number };
  note?: string;
};

export type RunInfo = {
  profile: string;
  engine: string;
  quick: boolean;
  startedAt: string;
  gitSha: string;
  machine: { cpus: number; cpuModel: string; memGiB: number; loadAvg1m: number };
  versions: Record<string, string>;
  settings: Record<string, string>;
  dataset: Record<string, number>;
};

export const side = (name: string, s: Stats): Side => ({ name, n: s.n, p50: s.p50, p95: s.p95, p99: s.p99 });
