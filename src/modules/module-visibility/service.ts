import { sql } from 'kysely';
import { MODULES, type Module } from '../../authz/privileges.ts';
import { invalid } from '../../errors.ts';
import { audit, type ChangeContext } from '../audit/change.ts';
import { loadModuleVisibility } from './repo.ts';
import type { ModuleVisibilityOut } from './schema.ts';

/** Serialises changes of one module's list, so two concurrent saves cannot interleave. */
const lockModule = (ctx: ChangeContext, module: Module) =>
  sql`select pg_advisory_xact_lock(7276404, ${MODULES.indexOf(module)})`.execute(ctx.trx);

/**
 * Replaces the module's allowed user groups (permission-model §5; an empty list opens it to
 * everyone). Portal requests resolve module access per request, so the next one sees it.
 */
export async function setModuleVisibility(
  ctx: ChangeContext,
  module: Module,
  allowedGroupIds: readonly string[],
): Promise<ModuleVisibilityOut> {
  await lockModule(ctx, module);
  const ids = [...new Set(allowedGroupIds)];
  if (ids.length > 0) {
    const found = await ctx.trx
      .selectFrom('user_groups')
      .select('id')
      .where('id', '=', sql<string>`any(${ids}::uuid[])`)
      .execute();
    const known = new Set(found.map((r) => r.id));
    const missing = allowedGroupIds.findIndex((id) => !known.has(id));
    if (missing >= 0) throw invalid(`body.allowedGroupIds.${missing}`, 'no such user group');
  }
  const [before] = await loadModuleVisibility(ctx.trx, [module]);
  await ctx.trx.deleteFrom('module_allowed_groups').where('module', '=', module).execute();
  if (ids.length > 0)
    await ctx.trx
      .insertInto('module_allowed_groups')
      .values(ids.map((id) => ({ module, user_group_id: id })))
      .execute();
  const [after] = await loadModuleVisibility(ctx.trx, [module]);
  if (!before || !after) throw new Error(`module ${module} vanished`);
  // Saving the same list again is no change: nothing to audit.
  if (JSON.stringify(before) === JSON.stringify(after)) return after;
  await audit(ctx, { action: 'update', entityType: 'module_visibility', entityId: null, before, after });
  return after;
}
