import type { ContactActor } from '../../authz/actor.ts';

/**
 * The staff user acting for the contact (write-mode impersonation), stored beside the contact as
 * author of what it writes, so staff can tell who really wrote it; null for the contact itself.
 */
export const actingStaffId = (actor: ContactActor): string | null => actor.impersonation?.staffUserId ?? null;
