import { z } from 'zod';
import { DateTime, Id, RequiredText } from '../../http/schema-types.ts';
import { PageQuery } from '../../http/pagination.ts';
import { isCurrency } from '../../config.ts';

export const OrganizationOut = z.object({
  id: Id,
  name: z.string(),
  parentId: Id.nullable(),
  /** Unknown mail senders from this domain may become its contacts (MAIL_UNKNOWN_SENDERS=create). */
  mailDomain: z.string().nullable(),
  /** ISO 4217 code of its quotes, invoices, payments and charges; null: DEFAULT_CURRENCY. */
  currency: z.string().nullable(),
  /** The team of tickets its contacts open; null: its parent's, else the desk's default (docs/desk.md). */
  defaultTeamId: Id.nullable(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type OrganizationOut = z.infer<typeof OrganizationOut>;

export const OrganizationListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
  parentId: Id.optional(),
  roots: z.enum(['true', 'false']).optional(),
});

/** A bare domain (example.com), stored lower-case; null clears it. */
const MailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a domain such as example.com',
  )
  .nullable();

/** An ISO 4217 code (EUR, USD, CHF); null: DEFAULT_CURRENCY. */
const OwnCurrency = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrency, 'must be an ISO 4217 currency code such as EUR')
  .nullable();

export const OrganizationCreate = z.strictObject({
  name: RequiredText(200),
  parentId: Id.nullable().optional(),
  mailDomain: MailDomain.optional(),
  currency: OwnCurrency.optional(),
  defaultTeamId: Id.nullable().optional(),
});
export type OrganizationCreate = z.infer<typeof OrganizationCreate>;

export const OrganizationUpdate = z.strictObject({
  name: RequiredText(200).optional(),
  parentId: Id.nullable().optional(),
  /** Only while the organization has no quotes, invoices, payments or charges (422 otherwise). */
  currency: OwnCurrency.optional(),
  mailDomain: MailDomain.optional(),
  /** A team that exists (422 otherwise); null: inherited from the parent, else the desk's default. */
  defaultTeamId: Id.nullable().optional(),
});
export type OrganizationUpdate = z.infer<typeof OrganizationUpdate>;
