// SLA calendars and policies (issue 13 §3); the due times themselves are columns of tickets.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Id, Timestamp } from './columns.ts';

/** Monday first: each day's [start, end] local times ('HH:MM', end up to '24:00'). */
export type BusinessHours = Array<Array<[string, string]>>;
export type SlaTarget = { firstResponse: number | null; resolution: number | null };
export type SlaTargets = Partial<Record<'low' | 'normal' | 'high' | 'urgent', SlaTarget>>;

export interface SlaCalendarsTable {
  id: Id;
  name: string;
  time_zone: string;
  hours: JSONColumnType<BusinessHours, string, string>;
  holidays: ColumnType<string[], string | undefined, string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SlaPoliciesTable {
  id: Id;
  name: string;
  calendar_id: string;
  targets: JSONColumnType<SlaTargets, string, string>;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SlaPolicyOrganizationsTable {
  organization_id: string;
  policy_id: string;
}
