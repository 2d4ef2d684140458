import { z } from 'zod';
import { DateTime, Id } from '../../http/schema-types.ts';
import { PreviewOut } from '../access/schema.ts';

/** An LDAP attribute name (RFC 4512 descriptor) or a numeric OID. */
const Attribute = z
  .string()
  .trim()
  .regex(/^([A-Za-z][A-Za-z0-9-]{0,99}|\d+(\.\d+)+)$/, 'an LDAP attribute name');

/** An LDAP filter: parenthesised (checked by the directory on use, which answers a clear error). */
const Filter = z
  .string()
  .trim()
  .max(2000)
  .regex(/^\(.*\)$/s, 'an LDAP filter in parentheses, e.g. (objectClass=person)');

const Dn = z.string().trim().min(1).max(1000);

/** The contact fields a directory attribute may fill: title, department, phone, attributes.<name>. */
export const ContactField = z
  .string()
  .regex(
    /^(title|department|phone|attributes\.[A-Za-z0-9_-]{1,64})$/,
    'title, department, phone or attributes.<name>',
  );

const Mapping = z.strictObject({ dn: Dn, id: Id });

/** Directory groups no mapping names become user groups of the directory's (docs/directory.md). */
const CreateGroups = z
  .strictObject({
    enabled: z.boolean(),
    /** Only groups below this DN ('' : anywhere under the base DN). */
    underDn: z.union([z.literal(''), Dn]).default(''),
    /** Put before each group's cn to make the user group's name, e.g. "Directory: ". */
    namePrefix: z.string().max(50).default(''),
  })
  .describe('Directory groups that no mapping names become user groups made and kept by the sync.');

const SettingsFields = {
  enabled: z.boolean(),
  url: z
    .string()
    .trim()
    .max(500)
    .regex(/^(ldaps?:\/\/[^\s/]+\/?)?$/, 'ldap://host:port or ldaps://host:port'),
  bindDn: z.string().trim().max(1000),
  baseDn: z.string().trim().max(1000),
  userFilter: Filter,
  groupFilter: Filter,
  emailAttribute: Attribute,
  nameAttribute: Attribute,
  /** Entries matching it (within the user filter) are disabled; '' for none. AD's bit 2 always counts. */
  disabledFilter: z.union([z.literal(''), Filter]),
  attributeMap: z.record(ContactField, Attribute),
  groupMappings: z.array(Mapping).max(500).describe('Directory group DN → user group.'),
  privilegeMappings: z
    .array(Mapping)
    .max(500)
    .describe('Directory group DN → privilege group; the first that holds the person wins.'),
  organizationMappings: z
    .array(Mapping)
    .max(500)
    .describe('OU DN → organization; the longest DN that contains the entry wins.'),
  defaultOrganizationId: Id.nullable(),
  defaultPrivilegeGroupId: Id.nullable(),
  syncMinutes: z.number().int().min(1).max(10080),
};

export const DirectorySettingsBody = z
  .strictObject({
    ...SettingsFields,
    /** Write-only: omitted keeps the stored one. */
    bindPassword: z.string().max(1000).optional(),
    /** Omitted keeps the stored one (off until set). */
    createGroups: CreateGroups.optional(),
  })
  .refine((b) => !b.enabled || (b.url !== '' && b.baseDn !== ''), {
    message: 'a directory that is on needs its URL and base DN',
    path: ['url'],
  });
export type DirectorySettingsBody = z.infer<typeof DirectorySettingsBody>;

export const DirectorySettingsOut = z.object({
  ...SettingsFields,
  bindPasswordSet: z.boolean(),
  createGroups: z.object({ enabled: z.boolean(), underDn: z.string(), namePrefix: z.string() }),
  lastSyncAt: DateTime.nullable(),
  lastSyncError: z.string().nullable(),
});

const Person = { contactId: Id, dn: z.string(), email: z.string() };
const Membership = z.object({ userGroupId: Id, contactId: Id, email: z.string() });

/** What a sync changes (or would change): one entry per change, each also one audit row. */
export const SyncChangesOut = z.object({
  /** User groups the directory creates (createGroups), one per directory group. */
  groupsCreated: z.array(
    z.object({ userGroupId: Id, dn: z.string(), name: z.string(), description: z.string() }),
  ),
  /** The directory's own user groups whose name or description follow the directory's. */
  groupsRenamed: z.array(
    z.object({ userGroupId: Id, dn: z.string(), name: z.string().optional(), fields: z.array(z.string()) }),
  ),
  contactsCreated: z.array(z.object({ ...Person, name: z.string(), organizationId: Id })),
  contactsUpdated: z.array(z.object({ ...Person, fields: z.array(z.string()) })),
  contactsDisabled: z.array(
    z.object({ ...Person, reason: z.enum(['disabled_in_directory', 'gone_from_directory']) }),
  ),
  contactsEnabled: z.array(z.object(Person)),
  membershipsAdded: z.array(Membership),
  membershipsRemoved: z.array(Membership),
  /** Directory entries left alone, and why (no e-mail, no organization, address taken…). */
  skipped: z.array(z.object({ dn: z.string(), reason: z.string() })),
});
export type SyncChangesOut = z.infer<typeof SyncChangesOut>;

export const DirectoryPreviewOut = z.object({ changes: SyncChangesOut, access: PreviewOut });
export const DirectorySyncOut = z.object({ changes: SyncChangesOut });
