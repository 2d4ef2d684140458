import { z } from 'zod';
import { DateTime } from '../../http/schema-types.ts';

export const TwoFactorStatusOut = z.object({
  enabled: z.boolean(),
  enabledAt: DateTime.nullable(),
  recoveryCodesLeft: z.number().int(),
  /** Staff: an administrator while the setting requires two factors (cannot turn them off). */
  required: z.boolean(),
});

export const CodeBody = z.strictObject({ code: z.string().trim().min(6).max(20) });

/** Step-up: the password, or a code from the app (or a recovery code). */
export const StepUpBody = z
  .strictObject({
    password: z.string().min(1).max(1024).optional(),
    code: z.string().trim().min(6).max(20).optional(),
  })
  .refine((b) => (b.password === undefined) !== (b.code === undefined), {
    message: 'give either password or code',
    path: ['password'],
  });

/** Until when this session's last password or code counts for sensitive actions (null: not now). */
export const StepUpStatusOut = z.object({ until: DateTime.nullable() });

export const SignInSettingsOut = z.object({ adminsRequireTwoFactor: z.boolean() });
export const SignInSettingsBody = z.strictObject({ adminsRequireTwoFactor: z.boolean() });
