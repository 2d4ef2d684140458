import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements for the hot single-row reads. node-postgres sends every other query
 * as an unnamed statement, planned on each call with its parameters (a custom plan: what lists
 * need, perf-anchors §5.3). A single read by primary key has one right plan whatever its
 * parameters, and with the permission condition inside, planning it costs several times its
 * execution (docs/benchmarks.md). A statement carrying PREPARE is sent named (by a hash of its
 * text), so each connection plans it once and PostgreSQL may keep the generic plan.
 *
 * Only for statements whose plan cannot depend on their parameters' values (a lookup by
 * primary key) and that name their columns (a cached `select *` fails after a column is added).
 * PGlite ignores the marker: it is a comment.
 */
export const PREPARE = sql.raw('/* portico:prepare */');
const MARK = '/* portico:prepare */';

const nameOf = (text: string) => `portico_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;

/** The pool as Kysely sees it, sending marked statements as named ones. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      // Kysely streams through a cursor only when given one (it is not): text queries only.
      const query = (text: string, parameters: ReadonlyArray<unknown>) =>
        client.query({
          ...(text.includes(MARK) ? { name: nameOf(text) } : {}),
          text,
          values: [...parameters],
        });
      return {
        query: query as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
