import { z } from 'zod';
import { DateTime, Id, RequiredText } from '../../http/schema-types.ts';

export const OidcAudience = z.enum(['portal', 'staff', 'both']);
export const SignInSide = z.enum(['portal', 'staff']);

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'is not a domain name');

const GroupClaim = z.strictObject({
  /** A value of the `groups` claim (Entra ID: the group's object id; others: its name). */
  claim: RequiredText(500),
  userGroupId: Id,
});

const PrivilegeClaim = z.strictObject({
  /** A value of the `groups` claim. */
  claim: RequiredText(500),
  privilegeGroupId: Id,
});

const ProviderFields = {
  /** Shown on the button: "Sign in with <name>". */
  name: RequiredText(100),
  /** The provider's issuer URL (discovery: <issuer>/.well-known/openid-configuration). */
  issuer: z.url().max(500),
  clientId: RequiredText(500),
  /** Who may sign in with it: contacts (portal), staff users, or both. */
  audience: OidcAudience,
  /** E-mail domains accepted (lower case); empty: any. */
  allowedDomains: z.array(Domain).max(100).default([]),
  /** Contacts unknown by e-mail are created at their first sign-in (portal only). */
  jitEnabled: z.boolean().default(false),
  /** The organization just-in-time contacts land in (unless the mail domain names one). */
  jitOrganizationId: Id.nullable().default(null),
  /** Just-in-time contacts land in the organization whose mail domain is their e-mail's. */
  jitByMailDomain: z.boolean().default(false),
  /** `groups` claim values → user groups: the contact's memberships managed by this provider. */
  groupClaims: z.array(GroupClaim).max(500).default([]),
  /**
   * `groups` claim values → privilege group, in order: the first the claims hold wins. Omitted
   * keeps the stored ones (none for a new provider).
   */
  privilegeClaims: z.array(PrivilegeClaim).max(500).optional(),
};

/** The client secret is written, never answered: required to create, omitted on update keeps it. */
export const ProviderCreate = z.strictObject({ ...ProviderFields, clientSecret: RequiredText(2000) });
export const ProviderUpdate = z.strictObject({
  ...ProviderFields,
  clientSecret: RequiredText(2000).optional(),
});
export type ProviderInput = z.infer<typeof ProviderUpdate>;

export const ProviderOut = z.object({
  id: Id,
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  audience: OidcAudience,
  allowedDomains: z.array(z.string()),
  jitEnabled: z.boolean(),
  jitOrganizationId: Id.nullable(),
  jitByMailDomain: z.boolean(),
  groupClaims: z.array(z.object({ claim: z.string(), userGroupId: Id })),
  privilegeClaims: z.array(z.object({ claim: z.string(), privilegeGroupId: Id })),
  /** The redirect URI to register at the provider. */
  redirectUri: z.string(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const ProviderListOut = z.object({ items: z.array(ProviderOut) });

export const ButtonsQuery = z.strictObject({ audience: SignInSide });
export const ButtonsOut = z.object({ items: z.array(z.object({ id: Id, name: z.string() })) });

export const StartParams = z.strictObject({ provider: Id });
export const StartQuery = z.strictObject({
  audience: SignInSide,
  /** Where to go after signing in: a path of that side (anything else goes to its home). */
  next: z.string().max(2000).optional(),
});

/** Step-up through a provider the account is linked to; `next`: the page to come back to. */
export const StepUpStart = z.strictObject({
  providerId: Id,
  next: z.string().max(2000).optional(),
});
export const StepUpRedirect = z.object({ url: z.string() });

/** The provider's answer: a code and our state, or an error. */
export const CallbackQuery = z.object({
  state: z.string().max(500).optional(),
  code: z.string().max(4000).optional(),
  error: z.string().max(500).optional(),
});
