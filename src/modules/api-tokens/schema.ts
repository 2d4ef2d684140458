import { z } from 'zod';
import { DateTime, Id, RequiredText } from '../../http/schema-types.ts';
import { PageQuery } from '../../http/pagination.ts';

export const API_TOKEN_SCOPES = ['read', 'tickets', 'contacts', 'permissions', 'admin'] as const;
export const ApiTokenScope = z.enum(API_TOKEN_SCOPES);

export const ApiTokenOut = z.object({
  id: Id,
  staffUserId: Id.nullable(),
  contactId: Id.nullable(),
  name: z.string(),
  scopes: z.array(ApiTokenScope),
  prefix: z.string(),
  createdAt: DateTime,
  lastUsedAt: DateTime.nullable(),
  expiresAt: DateTime.nullable(),
  revokedAt: DateTime.nullable(),
});
export type ApiTokenOut = z.infer<typeof ApiTokenOut>;

/** The only answer that ever holds the token itself. */
export const CreatedApiTokenOut = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ApiTokenScope),
  token: z.string(),
  createdAt: DateTime,
  expiresAt: DateTime.nullable(),
});
export type CreatedApiTokenOut = z.infer<typeof CreatedApiTokenOut>;

export const ApiTokenCreate = z.strictObject({
  name: RequiredText(100),
  /**
   * What the token may do (docs/security.md): read (every read the owner may make, nothing else),
   * tickets, contacts, permissions (reads, plus writes in that area), admin (all the owner may do).
   * Omitted: read only.
   */
  scopes: z.array(ApiTokenScope).min(1).max(5).default(['read']),
  /** Omitted or null: the token does not expire (it can still be revoked). */
  expiresAt: DateTime.nullable().optional(),
});
export type ApiTokenCreate = z.infer<typeof ApiTokenCreate>;

export const ApiTokenListQuery = PageQuery.extend({
  /** Administrators only: someone else's tokens. */
  staffUserId: Id.optional(),
});

// ---- contacts' personal tokens for the portal API (issue 15 §4): read-only, always expiring ----

/** The longest a contact's token may live. */
export const PORTAL_TOKEN_MAX_DAYS = 366;

export const PortalApiTokenOut = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  createdAt: DateTime,
  lastUsedAt: DateTime.nullable(),
  expiresAt: DateTime,
  revokedAt: DateTime.nullable(),
});
export type PortalApiTokenOut = z.infer<typeof PortalApiTokenOut>;

/** The only answer that ever holds the token itself. */
export const CreatedPortalApiTokenOut = PortalApiTokenOut.extend({ token: z.string() });
export type CreatedPortalApiTokenOut = z.infer<typeof CreatedPortalApiTokenOut>;

export const PortalApiTokenCreate = z.strictObject({
  name: RequiredText(100),
  /** Required: in the future, at most a year ahead. */
  expiresAt: DateTime,
});
export type PortalApiTokenCreate = z.infer<typeof PortalApiTokenCreate>;
