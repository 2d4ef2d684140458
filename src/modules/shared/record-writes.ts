// One record kind per module (how it is found, locked and answered; tableRecord for a one-row
// record) and the shape its writes share (recordWrites): lock the row (404 without it), let the
// module check and write, audit what the API answers before and after. The module keeps its
// rules (the `write` callbacks); the order and the audit are kept here, once.
import type { InsertObject, Selectable, Transaction, UpdateObject } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { ChangeContext } from '../audit/change.ts';
import { auditOf } from './audit-of.ts';
import { found } from './record-routes.ts';

/** How a module finds one of its records and answers it (also what its GET route serves). */
export type RecordKind<Row, Out> = {
  /** The record's name in a 404 ("Asset not found"). */
  noun: string;
  /** `lock`: inside a write transaction, hold the row until commit so concurrent writes queue. */
  find: (db: Db, id: string, lock?: boolean) => Promise<Row | undefined>;
  toOut: (row: Row, db: Db) => Out | Promise<Out>;
};

/** The tables whose records are one row each, found by id. */
type RecordTable = 'assets' | 'contracts' | 'charges' | 'quotes' | 'payments' | 'kb_articles';

/**
 * A record that is one row of its table, answered by `toOut`. Kysely cannot narrow a generic
 * table name, so the queries are typed over all of them; the row is T's and so is the `set`.
 */
export function tableRecord<T extends RecordTable, Out>(
  table: T,
  noun: string,
  toOut: RecordKind<Selectable<DB[T]>, Out>['toOut'],
) {
  type Row = Selectable<DB[T]>;
  const find = (db: Db, id: string, lock = false) => {
    const query = db
      .selectFrom(table as RecordTable)
      .selectAll()
      .where('id', '=', id);
    return (lock ? query.forUpdate() : query).executeTakeFirst() as Promise<Row | undefined>;
  };
  /** Inserts one row; answers it as stored (defaults filled in). */
  const insert = (trx: Transaction<DB>, values: InsertObject<DB, T>) =>
    trx
      .insertInto(table as RecordTable)
      .values(values as InsertObject<DB, RecordTable>)
      .returningAll()
      .executeTakeFirstOrThrow() as Promise<Row>;
  /** Sets the columns of one row; answers the row as it is after. */
  const update = (trx: Transaction<DB>, id: string, set: UpdateObject<DB, T>) =>
    trx
      .updateTable(table as RecordTable)
      .set(set as UpdateObject<DB, RecordTable>)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow() as Promise<Row>;
  /** Deletes one row (what hangs on it goes as its foreign keys say). */
  const remove = async (trx: Transaction<DB>, id: string) => {
    await trx
      .deleteFrom(table as RecordTable)
      .where('id', '=', id)
      .execute();
  };
  return { noun, find, toOut, insert, update, remove };
}

/** The record as answered, or undefined when there is none. */
export async function readRecord<Row, Out>(kind: RecordKind<Row, Out>, db: Db, id: string) {
  const row = await kind.find(db, id);
  return row && kind.toOut(row, db);
}

/** The writes of one kind of record, each in the change's transaction with its audit row. */
export function recordWrites<Row, Out extends { id: string }>(
  kind: RecordKind<Row, Out> & {
    entityType: string;
    /** The row a write may change (default: `find` with the lock); may throw its own 404/409. */
    lock?: (trx: Transaction<DB>, id: string) => Promise<Row>;
    /** What the audit log keeps of an answer (default: all of it). */
    audited?: (out: Out) => { id: string };
  },
) {
  const log = auditOf(kind.entityType);
  const audited = kind.audited ?? ((out: Out) => out);
  const lock = async (ctx: ChangeContext, id: string): Promise<Row> =>
    kind.lock ? kind.lock(ctx.trx, id) : found(await kind.find(ctx.trx, id, true), kind.noun);
  return {
    log,
    lock,
    /** Answers a row just written and records its creation. */
    async created(ctx: ChangeContext, row: Row): Promise<Out> {
      const after = await kind.toOut(row, ctx.trx);
      await log.created(ctx, audited(after));
      return after;
    },
    /** `write` checks the change and returns the row as it is after it. */
    async update(
      ctx: ChangeContext,
      id: string,
      write: (before: Row, answered: Out) => Promise<Row>,
    ): Promise<Out> {
      const row = await lock(ctx, id);
      const before = await kind.toOut(row, ctx.trx);
      const after = await kind.toOut(await write(row, before), ctx.trx);
      await log.updated(ctx, id, audited(before), audited(after));
      return after;
    },
    /** `write` checks that the record may go and deletes it (and what goes with it). */
    async remove(ctx: ChangeContext, id: string, write: (before: Row) => Promise<void>): Promise<void> {
      const row = await lock(ctx, id);
      const before = audited(await kind.toOut(row, ctx.trx));
      await write(row);
      await log.deleted(ctx, before);
    },
  };
}
