import { z } from 'zod';
import { DateTime, Id } from '../../http/schema-types.ts';

const Password = z.string().min(1).max(1024);

export const ChangePasswordBody = z.strictObject({ currentPassword: Password, newPassword: Password });

/** One of the contact's own sign-ins (devices); `current` is the one making the request. */
export const PortalSessionItem = z.object({
  id: Id,
  createdAt: DateTime,
  lastSeenAt: DateTime,
  ip: z.string(),
  userAgent: z.string(),
  current: z.boolean(),
});
export type PortalSessionItem = z.infer<typeof PortalSessionItem>;

/** permission model §9: which tickets the contact is mailed about, and when. */
export const NotificationPreferences = z.strictObject({
  scope: z
    .enum(['none', 'mine', 'visible'])
    .describe('none; mine: my and participating tickets; visible: every ticket I may see'),
  delivery: z
    .enum(['immediate', 'daily'])
    .describe('immediate: a message per event; daily: one digest a day'),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;
