import { z } from 'zod';
import { DateTime, Id, RequiredText, Text } from '../../http/schema-types.ts';
import { PageQuery } from '../../http/pagination.ts';

export const ATTRIBUTE_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;
export const MAX_ATTRIBUTES = 50;

/** Free-form contact fields (also matched by user-group rules): short keys, bounded string values. */
export const Attributes = z
  .record(
    z.string().regex(ATTRIBUTE_KEY, 'keys start with a letter: letters, digits, _'),
    z.string().max(1000),
  )
  .refine((value) => Object.keys(value).length <= MAX_ATTRIBUTES, {
    message: `at most ${MAX_ATTRIBUTES} attributes`,
  });

/** Trimmed before it is checked; compared case-insensitively everywhere. */
export const Email = z.string().trim().max(320).pipe(z.email());

export const ContactOut = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  title: z.string(),
  department: z.string(),
  attributes: z.record(z.string(), z.string()),
  organizationId: Id,
  privilegeGroupId: Id,
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type ContactOut = z.infer<typeof ContactOut>;

export const ContactListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
  organizationId: Id.optional(),
  privilegeGroupId: Id.optional(),
  disabled: z.enum(['true', 'false']).optional(),
});

const fields = {
  name: RequiredText(200),
  email: Email,
  phone: Text(50),
  title: Text(200),
  department: Text(200),
  attributes: Attributes,
  organizationId: Id,
  privilegeGroupId: Id,
  disabled: z.boolean(),
};

export const ContactCreate = z.strictObject({
  name: fields.name,
  email: fields.email,
  phone: fields.phone.optional(),
  title: fields.title.optional(),
  department: fields.department.optional(),
  attributes: fields.attributes.optional(),
  organizationId: fields.organizationId,
  /** Omitted: the default privilege group. */
  privilegeGroupId: fields.privilegeGroupId.optional(),
  disabled: fields.disabled.optional(),
});
export type ContactCreate = z.infer<typeof ContactCreate>;

/** Every field optional; `attributes` replaces the whole set. */
export const ContactUpdate = z.strictObject({
  name: fields.name.optional(),
  email: fields.email.optional(),
  phone: fields.phone.optional(),
  title: fields.title.optional(),
  department: fields.department.optional(),
  attributes: fields.attributes.optional(),
  organizationId: fields.organizationId.optional(),
  privilegeGroupId: fields.privilegeGroupId.optional(),
  disabled: fields.disabled.optional(),
});
export type ContactUpdate = z.infer<typeof ContactUpdate>;

export const InvitationOut = z.object({ url: z.string(), expiresAt: DateTime });
/** The invitation mailed: the queued message (GET /api/staff/mail/:id) and the link's expiry. */
export const InvitationMailOut = z.object({ mailId: Id, expiresAt: DateTime });

export const SetContactPasswordBody = z.strictObject({ password: z.string().min(1).max(1024) });
