import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** The tables whose rows are found by an `id` column. */
type TableWithId = { [T in keyof DB]: DB[T] extends { id: unknown } ? T : never }[keyof DB];

/**
 * Locks one row until the transaction ends, so concurrent changes of it queue; false when there
 * is no such row. Read the row after the lock to see what the change before it left.
 */
export async function lockById(trx: Transaction<DB>, table: TableWithId, id: string): Promise<boolean> {
  // Kysely cannot narrow a generic table name; every table in TableWithId has the id column.
  const row = await trx
    .selectFrom(table as 'user_groups')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}
