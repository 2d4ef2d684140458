import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id, RequiredText, Text } from '../../http/schema-types.ts';

export const AssetStatus = z.enum(['active', 'retired']);

export const AssetOut = z.object({
  id: Id,
  organizationId: Id,
  contactId: Id.nullable(),
  name: z.string(),
  assetType: z.string(),
  serialNumber: z.string(),
  status: AssetStatus,
  configNotes: z.string(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type AssetOut = z.infer<typeof AssetOut>;

export const AssetListQuery = PageQuery.extend({
  organizationId: Id.optional(),
  contactId: Id.optional(),
  q: z.string().trim().max(200).optional(),
});
export type AssetListQuery = z.infer<typeof AssetListQuery>;

const fields = {
  contactId: Id.nullable(),
  name: RequiredText(200),
  assetType: Text(100),
  serialNumber: Text(200),
  status: AssetStatus,
  configNotes: Text(20_000),
};

export const AssetCreate = z.strictObject({
  organizationId: Id,
  ...fields,
  contactId: fields.contactId.optional(),
  assetType: fields.assetType.optional(),
  serialNumber: fields.serialNumber.optional(),
  status: fields.status.optional(),
  configNotes: fields.configNotes.optional(),
});
export type AssetCreate = z.infer<typeof AssetCreate>;

export const AssetUpdate = z.strictObject({ organizationId: Id, ...fields }).partial();
export type AssetUpdate = z.infer<typeof AssetUpdate>;
