import { z } from 'zod';
import { DateTime, Id, RequiredText } from '../../http/schema-types.ts';
import { PageQuery } from '../../http/pagination.ts';
import { Email } from '../contacts/schema.ts';

export const Role = z.enum(['admin', 'agent']);

export const StaffUserOut = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  role: Role,
  canImpersonate: z.boolean(),
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type StaffUserOut = z.infer<typeof StaffUserOut>;

export const StaffUserListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
  role: Role.optional(),
  disabled: z.enum(['true', 'false']).optional(),
});

const Password = z.string().min(1).max(1024);

export const StaffUserCreate = z.strictObject({
  name: RequiredText(200),
  email: Email,
  role: Role,
  canImpersonate: z.boolean().optional(),
  disabled: z.boolean().optional(),
  /** Omitted: the user cannot sign in until an administrator sets one. */
  password: Password.optional(),
});
export type StaffUserCreate = z.infer<typeof StaffUserCreate>;

export const StaffUserUpdate = z.strictObject({
  name: RequiredText(200).optional(),
  email: Email.optional(),
  role: Role.optional(),
  canImpersonate: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
export type StaffUserUpdate = z.infer<typeof StaffUserUpdate>;

export const SetStaffPasswordBody = z.strictObject({ password: Password });

export const ChangeOwnPasswordBody = z.strictObject({ currentPassword: Password, newPassword: Password });
