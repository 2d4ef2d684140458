// Business time over an SLA calendar: pure functions, no database, so the due times a ticket
// stores are computed at write time and tested on their own (DST, holidays, overnight hours).

/** Business hours in a time zone: Monday first, each day's [start, end] local 'HH:MM' ('24:00' ends the day). */
export type Calendar = {
  timeZone: string;
  hours: ReadonlyArray<ReadonlyArray<readonly [string, string]>>;
  /** Local dates 'YYYY-MM-DD' without business hours. */
  holidays: readonly string[];
};

const DAY_MS = 86_400_000;
// Walking further than this many days finds no business time: the calendar has (almost) none.
const MAX_DAYS = 3660;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the name is a time zone this runtime knows (IANA, e.g. 'Europe/Berlin'). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The local wall clock at an instant, as if it were UTC (ms). */
function wallClock(timeZone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The instant of a local wall-clock time (given as if UTC); a time skipped by DST maps just after the gap. */
function instantOf(timeZone: string, wall: number): number {
  const offset = wallClock(timeZone, wall) - wall;
  let instant = wall - offset;
  const corrected = wallClock(timeZone, instant) - instant;
  if (corrected !== offset) instant = wall - corrected;
  return instant;
}

/** 'HH:MM' as minutes after midnight. */
export function minutesOf(time: string): number {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
}

const isoDate = (localMidnight: number) => new Date(localMidnight).toISOString().slice(0, 10);

/** The business intervals [from, to) in ms of one local day (its midnight given as if UTC), in order. */
function intervalsOfDay(
  calendar: Calendar,
  localMidnight: number,
  holidays: Set<string>,
): Array<[number, number]> {
  if (holidays.has(isoDate(localMidnight))) return [];
  const weekday = (new Date(localMidnight).getUTCDay() + 6) % 7; // Monday 0
  return (calendar.hours[weekday] ?? [])
    .map(([start, end]): [number, number] => [
      instantOf(calendar.timeZone, localMidnight + minutesOf(start) * 60_000),
      instantOf(calendar.timeZone, localMidnight + minutesOf(end) * 60_000),
    ])
    .sort((a, b) => a[0] - b[0]);
}

function* daysFrom(calendar: Calendar, ms: number) {
  const wall = wallClock(calendar.timeZone, ms);
  const first = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
  const holidays = new Set(calendar.holidays);
  for (let i = 0; i < MAX_DAYS; i++) yield intervalsOfDay(calendar, first + i * DAY_MS, holidays);
}

/**
 * The instant at which `ms` of business time have passed since `start` (start itself for 0), or
 * null when the calendar has no business time within ten years.
 */
export function addBusinessTime(calendar: Calendar, start: Date, ms: number): Date | null {
  if (ms <= 0) return start;
  let remaining = ms;
  const from = start.getTime();
  for (const intervals of daysFrom(calendar, from)) {
    for (const [a, b] of intervals) {
      const begin = Math.max(a, from);
      if (b <= begin) continue;
      if (remaining <= b - begin) return new Date(begin + remaining);
      remaining -= b - begin;
    }
  }
  return null;
}

/** The business time in ms between two instants (0 when `to` is not after `from`). */
export function businessTimeBetween(calendar: Calendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  for (const intervals of daysFrom(calendar, start)) {
    for (const [a, b] of intervals) {
      if (a >= end) return total;
      total += Math.max(0, Math.min(b, end) - Math.max(a, start));
    }
    if (intervals.length > 0 && (intervals[intervals.length - 1]?.[1] ?? 0) >= end) return total;
  }
  return total;
}

/** The first overlap among one day's intervals, as the indexes of the two (in order), or undefined. */
export function overlapIn(intervals: ReadonlyArray<readonly [string, string]>): [number, number] | undefined {
  const sorted = intervals
    .map(([start, end], index) => ({ start: minutesOf(start), end: minutesOf(end), index }))
    .sort((a, b) => a.start - b.start);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1];
    const next = sorted[k];
    if (prev && next && next.start < prev.end)
      return [Math.min(prev.index, next.index), Math.max(prev.index, next.index)];
  }
  return undefined;
}
