import { sql } from 'kysely';

import { MODULES, type Module } from '../../authz/privileges.ts';
import type { ModuleVisibilityOut } from './schema.ts';
import type { Db } from '../../db/database.ts';

/** Every module (or the given ones) with its allowed groups by name, in catalogue order. */
export async function loadModuleVisibility(
  db: Db,
  modules: readonly Module[] = MODULES,
): Promise<ModuleVisibilityOut[]> {
  const rows = await db
    .selectFrom('module_allowed_groups as m')
    .innerJoin('user_groups as g', 'g.id', 'm.user_group_id')
    .select(['m.module', 'g.id', 'g.name'])
    .where('m.module', 'in', [...modules])
    .orderBy(sql`lower(g.name)`)
    .orderBy('g.id')
    .execute();
  return modules.map((module) => ({
    module,
    allowedGroups: rows.filter((r) => r.module === module).map((r) => ({ id: r.id, name: r.name })),
  }));
}
