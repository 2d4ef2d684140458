import { z } from 'zod';
import { DateTime, Id, RequiredText } from '../../http/schema-types.ts';
import { PageQuery } from '../../http/pagination.ts';

export const OrganizationOut = z.object({
  id: Id,
  name: z.string(),
  parentId: Id.nullable(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type OrganizationOut = z.infer<typeof OrganizationOut>;

export const OrganizationListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
  parentId: Id.optional(),
  roots: z.enum(['true', 'false']).optional(),
});

export const OrganizationCreate = z.strictObject({
  name: RequiredText(200),
  parentId: Id.nullable().optional(),
});
export type OrganizationCreate = z.infer<typeof OrganizationCreate>;

export const OrganizationUpdate = z.strictObject({
  name: RequiredText(200).optional(),
  parentId: Id.nullable().optional(),
});
export type OrganizationUpdate = z.infer<typeof OrganizationUpdate>;
