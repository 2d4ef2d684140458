import { z } from 'zod';
import { DateTime, Id } from '../../http/schema-types.ts';

const Count = z.number().int().nonnegative();

/** What an erasure does (the preview answers the same, written by the same function). */
export const ErasureOut = z.object({
  contactId: Id,
  anonymisedAs: z.object({ name: z.string(), email: z.string() }),
  /** The contact's fields replaced by the placeholder or emptied. */
  cleared: z.array(z.string()),
  /** Rows deleted: how it signed in, what gave it access or mail. */
  removed: z.object({
    sessions: Count,
    apiTokens: Count,
    passwordLinks: Count,
    twoFactor: Count,
    signInLinks: Count,
    accessGrants: Count,
    groupMemberships: Count,
    notificationSettings: Count,
    mailReplyAddresses: Count,
    queuedMails: Count,
  }),
  /** Rows kept with its address (and name, in the audit trail) replaced by the placeholder. */
  anonymised: z.object({
    sentMails: Count,
    inboundMails: Count,
    addressMentions: Count,
    auditRows: Count,
  }),
  /** Records kept as they are, pointing at the anonymised contact. */
  kept: z.object({ tickets: Count, comments: Count, attachments: Count, quotes: Count }),
});
export type ErasureOut = z.infer<typeof ErasureOut>;

const Row = z.record(z.string(), z.unknown());
const Rows = z.array(Row);
const listsOfRows = <K extends string>(...keys: K[]) =>
  Object.fromEntries(keys.map((key) => [key, Rows])) as Record<K, typeof Rows>;

/**
 * A contact's data (issue 14 §5): everything Portico holds about the person, in one JSON document.
 * The sections are lists of plain rows (documented in docs/privacy.md); files are listed with the
 * staff download address of each.
 */
export const ContactExportOut = z.object({
  format: z.literal('portico-contact-export/1'),
  exportedAt: DateTime,
  contact: Row,
  memberships: z.object({
    userGroups: Rows,
    accessGrants: Rows,
    participations: Rows,
  }),
  consents: z.object({ notifications: Row.nullable() }),
  signIn: z.object({
    sessions: Rows,
    apiTokens: Rows,
    twoFactor: z.boolean(),
    identityProviders: Rows,
  }),
  ...listsOfRows('tickets', 'commentsElsewhere', 'files', 'assets', 'quotes', 'invoices', 'auditTrail'),
});
export type ContactExportOut = z.infer<typeof ContactExportOut>;
