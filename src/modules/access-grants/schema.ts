import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id } from '../../http/schema-types.ts';

export const GrantLevel = z.enum(['read', 'write']);

export const AccessGrantOut = z.object({
  id: Id,
  contact: z.object({ id: Id, name: z.string() }),
  userGroup: z.object({ id: Id, name: z.string() }),
  level: GrantLevel,
  expiresAt: DateTime.nullable(),
  /** Past its expiry: the grant has no effect any more (permission-model §4). */
  expired: z.boolean(),
  createdAt: DateTime,
});
export type AccessGrantOut = z.infer<typeof AccessGrantOut>;

export const AccessGrantListQuery = PageQuery.extend({
  contactId: Id.optional(),
  userGroupId: Id.optional(),
});

export const AccessGrantCreate = z.strictObject({
  contactId: Id,
  userGroupId: Id,
  level: GrantLevel,
  expiresAt: DateTime.nullable().optional(),
});
export type AccessGrantCreate = z.infer<typeof AccessGrantCreate>;

export const AccessGrantUpdate = z.strictObject({
  level: GrantLevel.optional(),
  expiresAt: DateTime.nullable().optional(),
});
export type AccessGrantUpdate = z.infer<typeof AccessGrantUpdate>;
