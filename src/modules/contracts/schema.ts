import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateOnly, DateTime, Id, RequiredText, Text } from '../../http/schema-types.ts';

export const ContractStatus = z.enum(['draft', 'active', 'expired', 'cancelled']);

export const ContractOut = z.object({
  id: Id,
  organizationId: Id,
  name: z.string(),
  status: ContractStatus,
  startsOn: DateOnly.nullable(),
  endsOn: DateOnly.nullable(),
  terms: z.string(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type ContractOut = z.infer<typeof ContractOut>;

export const ContractListQuery = PageQuery.extend({
  organizationId: Id.optional(),
  status: ContractStatus.optional(),
});
export type ContractListQuery = z.infer<typeof ContractListQuery>;

const fields = {
  name: RequiredText(200),
  status: ContractStatus,
  startsOn: DateOnly.nullable(),
  endsOn: DateOnly.nullable(),
  terms: Text(50_000),
};

export const ContractCreate = z.strictObject({
  organizationId: Id,
  name: fields.name,
  status: fields.status.optional(),
  startsOn: fields.startsOn.optional(),
  endsOn: fields.endsOn.optional(),
  terms: fields.terms.optional(),
});
export type ContractCreate = z.infer<typeof ContractCreate>;

/** The organization is fixed: charges tie a contract to tickets of that organization. */
export const ContractUpdate = z.strictObject(fields).partial();
export type ContractUpdate = z.infer<typeof ContractUpdate>;
