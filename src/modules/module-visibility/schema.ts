import { z } from 'zod';
import { MODULES } from '../../authz/privileges.ts';
import { Id } from '../../http/schema-types.ts';

export const ModuleName = z.enum(MODULES);

export const ModuleVisibilityOut = z.object({
  module: ModuleName,
  /** Empty: open to every contact whose privileges allow it; otherwise members of these groups only. */
  allowedGroups: z.array(z.object({ id: Id, name: z.string() })),
});
export type ModuleVisibilityOut = z.infer<typeof ModuleVisibilityOut>;

/** An unknown module fails params validation, which answers 404. */
export const ModuleParams = z.strictObject({ module: ModuleName });

export const ModuleVisibilityUpdate = z.strictObject({ allowedGroupIds: z.array(Id).max(1000) });
