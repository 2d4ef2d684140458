import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { escapeLike } from '../../db/sql-text.ts';
import type { BusinessHours, SlaTargets } from '../../db/schema.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { alphabeticalPage } from '../shared/case-insensitive.ts';
import type { CalendarOut, PolicyOut } from './schema.ts';

type CalendarRow = {
  id: string;
  name: string;
  time_zone: string;
  hours: BusinessHours;
  holidays: string[];
  created_at: Date;
  updated_at: Date;
};

const toCalendarOut = (r: CalendarRow): CalendarOut => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  hours: r.hours,
  holidays: r.holidays,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const calendars = (db: Db) => db.selectFrom('sla_calendars').selectAll();

export async function listCalendars(db: Db, filter: { q?: string }, page: PageQuery) {
  let query = calendars(db);
  if (filter.q) query = query.where('name', 'ilike', `%${escapeLike(filter.q)}%`);
  return alphabeticalPage(query, { column: 'name', textOf: (r) => r.name }, page, toCalendarOut);
}

export async function findCalendar(db: Db, id: string): Promise<CalendarOut | undefined> {
  const row = await calendars(db).where('id', '=', id).executeTakeFirst();
  return row && toCalendarOut(row);
}

/** A policy with its calendar's name and its organizations (name order) in one row. */
function policies(db: Db) {
  return db
    .selectFrom('sla_policies as p')
    .innerJoin('sla_calendars as c', 'c.id', 'p.calendar_id')
    .select([
      'p.id',
      'p.name',
      'p.targets',
      'p.is_default',
      'p.created_at',
      'p.updated_at',
      'c.id as calendar_id',
      'c.name as calendar_name',
      sql<PolicyOut['organizations']>`coalesce((
        select json_agg(json_build_object('id', o.id, 'name', o.name) order by lower(o.name), o.id)
        from sla_policy_organizations spo join organizations o on o.id = spo.organization_id
        where spo.policy_id = p.id), '[]'::json)`.as('organizations'),
    ]);
}

type PolicyRow = {
  id: string;
  name: string;
  targets: SlaTargets;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
  calendar_id: string;
  calendar_name: string;
  organizations: PolicyOut['organizations'];
};

const toPolicyOut = (r: PolicyRow): PolicyOut => ({
  id: r.id,
  name: r.name,
  calendar: { id: r.calendar_id, name: r.calendar_name },
  targets: r.targets,
  isDefault: r.is_default,
  organizations: r.organizations,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listPolicies(db: Db, filter: { q?: string }, page: PageQuery) {
  let query = policies(db);
  if (filter.q) query = query.where('p.name', 'ilike', `%${escapeLike(filter.q)}%`);
  return alphabeticalPage(query, { column: 'p.name', id: 'p.id', textOf: (r) => r.name }, page, toPolicyOut);
}

export async function findPolicy(db: Db, id: string): Promise<PolicyOut | undefined> {
  const row = await policies(db).where('p.id', '=', id).executeTakeFirst();
  return row && toPolicyOut(row);
}
