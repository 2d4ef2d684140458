import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
  isTimeZone,
  overlapIn,
  type Calendar,
} from '../../src/modules/sla/business-time.ts';

const H = 3_600_000;
const M = 60_000;
const weekdays = (intervals: Array<[string, string]>): Calendar['hours'] => [
  intervals,
  intervals,
  intervals,
  intervals,
  intervals,
  [],
  [],
];
// Mon–Fri 08:00–17:00 Berlin (UTC+1 in winter, +2 in summer).
const berlin: Calendar = { timeZone: 'Europe/Berlin', hours: weekdays([['08:00', '17:00']]), holidays: [] };
const at = (iso: string) => new Date(iso);
const add = (cal: Calendar, iso: string, ms: number) => addBusinessTime(cal, at(iso), ms)?.toISOString();

describe('addBusinessTime', () => {
  it('adds within one day, and from before opening starts at opening', () => {
    // Monday 2026-12-07 10:00 Berlin = 09:00Z.
    expect(add(berlin, '2026-12-07T09:00:00Z', 2 * H)).toBe('2026-12-07T11:00:00.000Z');
    // 06:00 Berlin: the clock starts at 08:00.
    expect(add(berlin, '2026-12-07T05:00:00Z', 30 * M)).toBe('2026-12-07T07:30:00.000Z');
    expect(add(berlin, '2026-12-07T09:00:00Z', 0)).toBe('2026-12-07T09:00:00.000Z');
  });

  it('carries over the night and the weekend', () => {
    // Monday 16:00 Berlin + 2h: 1h on Monday, 1h on Tuesday from 08:00 → 09:00 Berlin.
    expect(add(berlin, '2026-12-07T15:00:00Z', 2 * H)).toBe('2026-12-08T08:00:00.000Z');
    // Friday 2026-12-11 16:30 Berlin + 1h → Monday 08:30.
    expect(add(berlin, '2026-12-11T15:30:00Z', H)).toBe('2026-12-14T07:30:00.000Z');
    // Saturday: nothing until Monday.
    expect(add(berlin, '2026-12-12T10:00:00Z', 9 * H)).toBe('2026-12-14T16:00:00.000Z');
  });

  it('skips holidays', () => {
    const cal = { ...berlin, holidays: ['2026-12-24', '2026-12-25'] };
    // Wednesday 23 Dec 16:00 Berlin + 2h → Monday 28 Dec 09:00 (24, 25 holidays, 26–27 weekend).
    expect(add(cal, '2026-12-23T15:00:00Z', 2 * H)).toBe('2026-12-28T08:00:00.000Z');
  });

  it('uses several intervals of a day, in any order given', () => {
    const cal: Calendar = {
      ...berlin,
      hours: weekdays([
        ['13:00', '17:00'],
        ['08:00', '12:00'],
      ]),
    };
    // 11:00 Berlin + 2h: 1h before lunch, 1h after → 14:00 Berlin.
    expect(add(cal, '2026-12-07T10:00:00Z', 2 * H)).toBe('2026-12-07T13:00:00.000Z');
    // During lunch: starts at 13:00.
    expect(add(cal, '2026-12-07T11:30:00Z', 30 * M)).toBe('2026-12-07T12:30:00.000Z');
  });

  it('runs overnight across midnight with 22:00–24:00 and 00:00–06:00', () => {
    const night: Array<[string, string]> = [
      ['00:00', '06:00'],
      ['22:00', '24:00'],
    ];
    const cal: Calendar = { timeZone: 'Europe/Berlin', hours: Array(7).fill(night), holidays: [] };
    // 23:00 Berlin + 3h → 02:00 Berlin next day, straight through midnight.
    expect(add(cal, '2026-12-07T22:00:00Z', 3 * H)).toBe('2026-12-08T01:00:00.000Z');
    // 05:30 Berlin + 1h: 30 min now, 30 min from 22:00 → 22:30 Berlin.
    expect(add(cal, '2026-12-08T04:30:00Z', H)).toBe('2026-12-08T21:30:00.000Z');
  });

  it('follows the DST changes of the calendar’s zone', () => {
    // Summer time starts Sunday 2026-03-29. Friday 27th 16:00 CET (15:00Z) + 2h → Monday 09:00 CEST = 07:00Z.
    expect(add(berlin, '2026-03-27T15:00:00Z', 2 * H)).toBe('2026-03-30T07:00:00.000Z');
    // Around the clock on the day of the change: the local day has 23 hours.
    const always: Calendar = {
      timeZone: 'Europe/Berlin',
      hours: Array(7).fill([['00:00', '24:00']]),
      holidays: [],
    };
    expect(businessTimeBetween(always, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(23 * H);
    // Autumn (2026-10-25): 25 hours.
    expect(businessTimeBetween(always, at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(25 * H);
    // New York: 08:00–17:00 local is 13:00Z in winter and 12:00Z in summer.
    const ny: Calendar = { ...berlin, timeZone: 'America/New_York' };
    expect(add(ny, '2026-03-06T12:00:00Z', H)).toBe('2026-03-06T14:00:00.000Z');
    expect(add(ny, '2026-03-09T11:00:00Z', H)).toBe('2026-03-09T13:00:00.000Z');
  });

  it('answers null for a calendar without business hours', () => {
    const none: Calendar = { timeZone: 'UTC', hours: Array(7).fill([]), holidays: [] };
    expect(addBusinessTime(none, at('2026-12-07T09:00:00Z'), H)).toBeNull();
  });
});

describe('businessTimeBetween', () => {
  it('counts only business hours', () => {
    // Friday 16:00 Berlin to Monday 09:00 Berlin: 1h + 1h.
    expect(businessTimeBetween(berlin, at('2026-12-11T15:00:00Z'), at('2026-12-14T08:00:00Z'))).toBe(2 * H);
    expect(businessTimeBetween(berlin, at('2026-12-14T08:00:00Z'), at('2026-12-11T15:00:00Z'))).toBe(0);
    // A whole week: 5 × 9h.
    expect(businessTimeBetween(berlin, at('2026-12-07T00:00:00Z'), at('2026-12-14T00:00:00Z'))).toBe(45 * H);
  });

  it('is the inverse of addBusinessTime, and adding composes (property)', () => {
    const cal = { ...berlin, holidays: ['2026-12-24'] };
    const base = Date.parse('2026-11-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90 * 24 * 60 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        (startMin, a, b) => {
          const start = new Date(base + startMin * M);
          const end = addBusinessTime(cal, start, a * M)!;
          expect(businessTimeBetween(cal, start, end)).toBe(a * M);
          expect(addBusinessTime(cal, end, b * M)?.getTime()).toBe(
            addBusinessTime(cal, start, (a + b) * M)?.getTime(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('calendar checks', () => {
  it('finds overlapping intervals and knows time zones', () => {
    expect(
      overlapIn([
        ['08:00', '12:00'],
        ['11:00', '13:00'],
      ]),
    ).toEqual([0, 1]);
    expect(
      overlapIn([
        ['13:00', '17:00'],
        ['08:00', '13:00'],
      ]),
    ).toBeUndefined();
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
