// Wire names are camelCase, columns snake_case (docs/contributing.md). The rule is applied here,
// once, instead of by a hand-written line per field in every module's mappers.
import { definedColumns } from './partial-update.ts';

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;
type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}`
  : S;

/** A row's columns under their wire names. */
export type WireRow<Row> = { [K in keyof Row as CamelCase<K & string>]: Row[K] };
/** Wire fields under their column names. */
export type ColumnsOf<Body> = { [K in keyof Body as SnakeCase<K & string>]: Body[K] };

const camelCase = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Every column of the row under its wire name. For an answer that is the whole row: leave out
 * (destructure away) what must not be answered before calling it.
 */
export function wireRow<Row extends object>(row: Row): WireRow<Row> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [camelCase(k), v])) as WireRow<Row>;
}

/** The columns a create or an update sets: the fields that were given, under their column names. */
export function columnsOf<Body extends Record<string, unknown>>(body: Body): ColumnsOf<Body> {
  const given = Object.entries(definedColumns(body));
  return Object.fromEntries(given.map(([k, v]) => [snakeCase(k), v])) as ColumnsOf<Body>;
}
