import type { PGlite } from '@electric-sql/pglite';
import {
  PostgresDialect,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';

/**
 * PGlite is one connection: a transaction must own it from BEGIN to COMMIT, so every
 * checkout waits for the previous one to be released (a FIFO mutex).
 */
export class SingleConnectionLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  return verb === 'INSERT' || verb === 'UPDATE' || verb === 'DELETE' || verb === 'MERGE' ? verb : 'SELECT';
}

class PGliteClient implements PostgresPoolClient {
  constructor(
    private readonly pglite: PGlite,
    private readonly releaseLock: () => void,
  ) {}

  // Kysely also calls query(cursor) for streaming, which Portico does not use on PGlite.
  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== 'string') throw new Error('Streaming is not supported on PGlite');
    return this.run<R>(sql, parameters ?? []);
  }

  private async run<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const result = await this.pglite.query<R>(sql, parameters as unknown[]);
    return {
      command: commandOf(sql),
      rowCount: result.affectedRows ?? result.rows.length,
      rows: result.rows,
    };
  }

  release(): void {
    this.releaseLock();
  }
}

export function pgliteDialect(pglite: PGlite, lock: SingleConnectionLock): PostgresDialect {
  const pool: PostgresPool = {
    connect: async () => new PGliteClient(pglite, await lock.acquire()),
    end: async () => {},
  };
  return new PostgresDialect({ pool });
}
