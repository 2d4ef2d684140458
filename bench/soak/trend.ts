/** The soak's memory verdict: the least-squares slope of each series after the warm-up. */
export type Sample = { atS: number; rssMb: number; heapMb: number };

/** MB per minute over the samples at or after `fromS` (0 with fewer than 3 samples). */
export function slopePerMinute(samples: Sample[], fromS: number, field: 'rssMb' | 'heapMb'): number {
  const xs = samples.filter((s) => s.atS >= fromS);
  if (xs.length < 3) return 0;
  const n = xs.length;
  const meanT = xs.reduce((a, s) => a + s.atS, 0) / n;
  const meanY = xs.reduce((a, s) => a + s[field], 0) / n;
  let num = 0;
  let den = 0;
  for (const s of xs) {
    num += (s.atS - meanT) * (s[field] - meanY);
    den += (s.atS - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

/**
 * Flat means: the live heap (after a full GC) grows by at most HEAP_MB_PER_MIN, the process's RSS
 * by at most RSS_MB_PER_MIN, over the measured part. The soak writes rows as it goes, so a little
 * growth is data (PGlite keeps its pages in the process, PostgreSQL's client caches statements).
 */
export const HEAP_MB_PER_MIN = 1;
export const RSS_MB_PER_MIN = 4;

/** Warm-up: the first 2 minutes of a 10-minute run, a fifth of a shorter one. */
export const warmupSeconds = (durationS: number) => Math.min(120, Math.round(durationS / 5));

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m)?$/.exec(text.trim());
  if (!m) throw new Error(`--duration: say 600, 600s or 10m, not ${text}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
}
