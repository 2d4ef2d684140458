import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateOnly, DateTime, Id, RequiredText } from '../../http/schema-types.ts';
import { isTimeZone, minutesOf, overlapIn } from './business-time.ts';

const Time = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a local time HH:MM (24:00 ends the day)');
const Interval = z
  .tuple([Time, Time])
  .refine(([start, end]) => minutesOf(start) < minutesOf(end), 'the start must be before the end');
const Day = z.array(Interval).max(12);

/** Monday first, seven days; a day's intervals may not overlap (422 naming the second of the two). */
const Hours = z
  .array(Day)
  .length(7)
  .superRefine((days, ctx) => {
    days.forEach((day, d) => {
      const overlap = overlapIn(day);
      if (overlap)
        ctx.addIssue({
          code: 'custom',
          path: [d, overlap[1]],
          message: `overlaps another interval of the same day (${day[overlap[0]]?.join('–')})`,
        });
    });
  });

const TimeZone = z.string().max(100).refine(isTimeZone, 'an IANA time zone such as Europe/Berlin');

export const CalendarOut = z.object({
  id: Id,
  name: z.string(),
  timeZone: z.string(),
  /** Monday first: each day's [start, end] local times. */
  hours: z.array(z.array(z.tuple([z.string(), z.string()]))),
  holidays: z.array(z.string()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type CalendarOut = z.infer<typeof CalendarOut>;

export const CalendarCreate = z.strictObject({
  name: RequiredText(200),
  timeZone: TimeZone,
  hours: Hours,
  holidays: z.array(DateOnly).max(1000).optional(),
});
export type CalendarCreate = z.infer<typeof CalendarCreate>;
export const CalendarUpdate = CalendarCreate.partial();
export type CalendarUpdate = z.infer<typeof CalendarUpdate>;

/** Business minutes; null: no target. Up to 100,000 (about a business year). */
const Minutes = z.number().int().min(1).max(100_000).nullable();
const Target = z.strictObject({ firstResponse: Minutes, resolution: Minutes });
export const Targets = z.strictObject({
  low: Target.optional(),
  normal: Target.optional(),
  high: Target.optional(),
  urgent: Target.optional(),
});

export const PolicyOut = z.object({
  id: Id,
  name: z.string(),
  calendar: z.object({ id: Id, name: z.string() }),
  targets: Targets,
  /** The policy of organizations that neither have one nor inherit one from a parent. */
  isDefault: z.boolean(),
  /** The organizations given this policy; their sub-organizations inherit it unless given their own. */
  organizations: z.array(z.object({ id: Id, name: z.string() })),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type PolicyOut = z.infer<typeof PolicyOut>;

export const PolicyCreate = z.strictObject({
  name: RequiredText(200),
  calendarId: Id,
  targets: Targets,
  /** true: this becomes the default policy (the previous default stops being one). */
  isDefault: z.boolean().optional(),
  /** The whole list; an organization may have one policy only. */
  organizationIds: z.array(Id).max(1000).optional(),
});
export type PolicyCreate = z.infer<typeof PolicyCreate>;
export const PolicyUpdate = PolicyCreate.partial();
export type PolicyUpdate = z.infer<typeof PolicyUpdate>;

export const SlaListQuery = PageQuery.extend({ q: z.string().trim().max(200).optional() });
