import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';

/** The columns of `columns` that hold a value. */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * The columns a partial update writes: a field the body left out (undefined) keeps its stored
 * value, while null is a value (it clears the column).
 */
export function definedColumns<T extends Record<string, unknown>>(columns: T): Defined<T> {
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)) as Defined<T>;
}

/** Tables whose rows have an id and an updated_at stamp. */
type StampedTable = {
  [T in keyof DB]: DB[T] extends { id: unknown; updated_at: unknown } ? T : never;
}[keyof DB];

/**
 * A partial update of the row with this id: writes the defined `changes` (see definedColumns),
 * stamps updated_at and gives the row back.
 */
export async function updateStamped<T extends StampedTable>(
  db: Db,
  table: T,
  id: string,
  changes: Updateable<DB[T]>,
): Promise<Selectable<DB[T]>> {
  // Kysely cannot check the columns of a table chosen at run time; the signature does.
  const generic = db as unknown as Kysely<Record<string, { id: string; updated_at: Date }>>;
  const row = await generic
    .updateTable(table as string)
    .set({ ...definedColumns(changes), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return row as unknown as Selectable<DB[T]>;
}
