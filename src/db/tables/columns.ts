import type { ColumnType, Generated, JSONColumnType } from 'kysely';

// Column shapes the tables share: what a select returns, an insert takes, an update takes.
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Id = Generated<string>;
/** 'YYYY-MM-DD' */
export type DateOnly = string;
export type Json = JSONColumnType<object, unknown, unknown>;
