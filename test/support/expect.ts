import type { LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/db/schema.ts';

/** The body of an error answer (src/errors.ts, http/error-handler.ts). */
export type ErrorBody = {
  error: { code: string; message: string; issues?: Array<{ path: string; message: string }> };
};

/** The paths of an error's validation issues (`body.name`, `query.limit`, …). */
export const issuePaths = (body: ErrorBody): string[] => (body.error.issues ?? []).map((i) => i.path);

/**
 * The answer is an error with this status and, where given, this code and an issue at this path.
 * (A path without a code: `expectError(res, 422, undefined, 'body.subject')`.)
 */
export function expectError(res: LightMyRequestResponse, status: number, code?: string, path?: string): void {
  expect(res.statusCode, res.body).toBe(status);
  if (code !== undefined) expect(res.json<ErrorBody>().error.code).toBe(code);
  if (path) expect(issuePaths(res.json())).toContain(path);
}

/** 422 naming the unknown field (older error mapping named only `body`). */
export function expectUnknownField(res: LightMyRequestResponse, key: string): void {
  expectError(res, 422, 'validation_failed');
  const paths = issuePaths(res.json());
  expect(paths.includes(`body.${key}`) || paths.includes('body'), paths.join()).toBe(true);
}

/** An unknown JSON field is refused naming it: as its path, or in the message of the body's issue. */
export const namesField = (body: ErrorBody, field: string): boolean =>
  (body.error.issues ?? []).some(
    (i) => i.path === `body.${field}` || (i.path === 'body' && i.message.includes(`"${field}"`)),
  );

/** Runs the request and shows that it changed nothing `snapshot` reads; returns the answer. */
export async function expectUnchanged<T>(
  snapshot: () => Promise<unknown>,
  request: () => Promise<T>,
): Promise<T> {
  const before = await snapshot();
  const res = await request();
  expect(await snapshot()).toEqual(before);
  return res;
}

/** Every row of these tables, each in a stable order: what a refused request must leave as it was. */
export async function tableRows(
  db: Kysely<DB>,
  tables: readonly string[],
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables)
    out[table] = (await sql`select * from ${sql.table(table)} x order by x::text`.execute(db)).rows;
  return out;
}

/** How many rows a table holds. */
export async function countRows(db: Kysely<DB>, table: keyof DB): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many rows each of these tables holds. */
export async function rowCounts<T extends keyof DB>(
  db: Kysely<DB>,
  tables: readonly T[],
): Promise<Record<T, number>> {
  const out = {} as Record<T, number>;
  for (const table of tables) out[table] = await countRows(db, table);
  return out;
}
