import { z } from 'zod';
import { DateTime } from '../../http/schema-types.ts';
import { MODULES } from '../../authz/privileges.ts';

export const SignInBody = z.strictObject({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const StaffUserOut = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'agent']),
  canImpersonate: z.boolean(),
});

export const StaffSessionOut = z.object({ user: StaffUserOut, csrfToken: z.string() });

export const PortalContactOut = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  title: z.string(),
  department: z.string(),
});

export const PortalMeOut = z.object({
  contact: PortalContactOut,
  organization: z.object({ id: z.uuid(), name: z.string() }),
  privilegeGroup: z.object({ id: z.uuid(), name: z.string() }),
  privileges: z.array(z.string()),
  ticketScope: z.enum(['own', 'organization', 'organization_tree']),
  recordScope: z.enum(['own', 'organization', 'organization_tree']),
  scopeLevel: z.enum(['read', 'write']),
  /** Modules the contact may use: the portal shows exactly these. */
  modules: z.array(z.enum(MODULES)),
  /** Ticket views the contact has ('groups' only with an unexpired grant). */
  views: z.array(z.enum(['mine', 'organization', 'groups', 'all'])),
  /** Present while a staff user views the portal as this contact: the UI shows a banner. */
  impersonation: z
    .object({
      staffName: z.string(),
      mode: z.enum(['read', 'write']),
      expiresAt: DateTime,
      /** Read-only mode: the contact's own write privileges this view hides (none in write mode). */
      hiddenPrivileges: z.array(z.string()),
    })
    .nullable(),
  grants: z.array(
    z.object({
      groupId: z.uuid(),
      groupName: z.string(),
      level: z.enum(['read', 'write']),
      expiresAt: DateTime.nullable(),
    }),
  ),
  /** The server's SLA_WARNING_MINUTES: the SLA badge shows "due soon" within this long. */
  slaWarningMinutes: z.number().int(),
});

export const PortalSessionOut = z.object({ me: PortalMeOut, csrfToken: z.string() });

export const PasswordLinkParams = z.strictObject({ token: z.string().min(20).max(200) });
export const PasswordLinkOut = z.object({
  purpose: z.enum(['invite', 'reset']),
  name: z.string(),
  email: z.string(),
  expiresAt: DateTime,
});
export const SetPasswordBody = z.strictObject({ password: z.string().min(1).max(1024) });
export const ForgotPasswordBody = z.strictObject({ email: z.string().trim().min(1).max(320) });
