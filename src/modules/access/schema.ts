import { z } from 'zod';
import { MODULES } from '../../authz/privileges.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { DateTime, Id } from '../../http/schema-types.ts';

const Level = z.enum(['read', 'write']);
const Scope = z.enum(['own', 'organization', 'organization_tree']);
const Ref = z.object({ id: Id, name: z.string() });
const ContactRef = z.object({ id: Id, name: z.string(), email: z.string() });
const Data = z.record(z.string(), z.unknown());

// ---- explain ----

export const RECORD_PARAMS = [
  'ticketId',
  'assetId',
  'quoteId',
  'invoiceId',
  'documentId',
  'articleId',
] as const;

export const ExplainQuery = z.strictObject({
  contactId: Id,
  ticketId: Id.optional(),
  assetId: Id.optional(),
  quoteId: Id.optional(),
  invoiceId: Id.optional(),
  documentId: Id.optional(),
  articleId: Id.optional(),
});

const AccessPathOut = z.object({
  kind: z.enum(['own', 'participant', 'scope', 'grant', 'public', 'group']),
  level: Level,
  text: z.string(),
  data: Data,
});

export const ActionOut = z.object({
  action: z.string(),
  allowed: z.boolean(),
  /** Every path that grants the action (empty when it is denied). */
  paths: z.array(AccessPathOut),
  /** The first reason, in the model's order, that denies it. */
  denial: z.object({ reason: z.string(), text: z.string(), data: Data }).optional(),
});

export const ExplainOut = z.object({
  contact: ContactRef.extend({ disabled: z.boolean(), maySignIn: z.boolean() }),
  record: z.object({
    type: z.enum(['ticket', 'asset', 'quote', 'invoice', 'document', 'article']),
    id: Id,
    label: z.string(),
  }),
  actions: z.array(ActionOut),
});

// ---- a contact's effective access ----

export const ContactAccessOut = z.object({
  contact: ContactRef.extend({ disabled: z.boolean() }),
  organization: Ref,
  maySignIn: z.boolean(),
  privilegeGroup: Ref.extend({ systemKey: z.string().nullable() }),
  privileges: z.array(z.string()),
  ticketScope: Scope,
  recordScope: Scope,
  scopeLevel: Level,
  modules: z.array(
    z.object({
      module: z.enum(MODULES),
      /** Module visibility lets the contact in (it may still lack the module's privileges). */
      usable: z.boolean(),
      allowedGroups: z.array(Ref),
      /** Why, for a restricted module. */
      why: z.string().nullable(),
    }),
  ),
  groups: z.array(z.object({ group: Ref, reasons: z.array(z.string()) })),
  grants: z.array(
    z.object({ id: Id, userGroup: Ref, level: Level, expiresAt: DateTime.nullable(), expired: z.boolean() }),
  ),
  /** The ticket views the portal shows it, each with how many tickets it lists. */
  views: z.array(
    z.object({ view: z.enum(['mine', 'organization', 'groups', 'all']), tickets: z.number().int() }),
  ),
});

// ---- preview ----

const count = z.number().int();
const TicketSide = z.object({ pairs: count, tickets: count });
const RecordSide = z.object({ pairs: count, records: count });
const samplesOf = <T extends z.ZodType>(sample: T) =>
  z.object({ gaining: z.array(sample), losing: z.array(sample) });

const RecordPartOut = z.object({
  contactsGaining: z.number().int(),
  contactsLosing: z.number().int(),
  /** Distinct (contact, record) pairs and distinct records. */
  recordsGained: RecordSide,
  recordsLost: RecordSide,
  samples: samplesOf(z.object({ contact: ContactRef, records: count })),
});

const TicketSamples = samplesOf(z.object({ contact: ContactRef, tickets: count }));
const CapabilityChange = z.object({ privilege: z.string(), contacts: count });

export const PreviewOut = z.object({
  /** Contacts whose visibility was computed before and after (derived from the change). */
  affectedContacts: z.number().int(),
  counted: z.object({ tickets: z.boolean(), records: z.boolean(), capabilities: z.boolean() }),
  contactsGaining: z.number().int(),
  contactsLosing: z.number().int(),
  /** Distinct (contact, ticket) pairs and distinct tickets. */
  ticketsGained: TicketSide,
  ticketsLost: TicketSide,
  samples: TicketSamples,
  /** Tickets the contacts may write (reply, close, ...): gained and lost, as for seeing them. */
  ticketsWritable: z.object({
    contactsGaining: count,
    contactsLosing: count,
    gained: TicketSide,
    lost: TicketSide,
    samples: TicketSamples,
  }),
  /**
   * What the contacts may do: each privilege they may use (held, signed in, its module usable)
   * gained or lost, with how many contacts; counted when the change can alter it.
   */
  capabilities: z.object({
    contactsGaining: count,
    contactsLosing: count,
    gained: z.array(CapabilityChange),
    lost: z.array(CapabilityChange),
  }),
  /** Organization records, when the change can affect them; null otherwise. */
  records: z
    .object({
      assets: RecordPartOut,
      contracts: RecordPartOut,
      quotes: RecordPartOut,
      invoices: RecordPartOut,
      payments: RecordPartOut,
      documents: RecordPartOut,
    })
    .nullable(),
});
export type PreviewOut = z.infer<typeof PreviewOut>;

// ---- access review ----

export const ReviewQuery = PageQuery.extend({
  userGroupId: Id.optional(),
  organizationId: Id.optional(),
  format: z.enum(['json', 'csv']).optional(),
}).strict();

export const ReviewPathOut = z.object({
  kind: z.enum(['own', 'participant', 'scope', 'grant']),
  level: Level,
  /** scope: organization or organization_tree. */
  ticketScope: z.enum(['organization', 'organization_tree']).nullable(),
  /** scope: the contact's organization, the root of its scope. */
  organization: Ref.nullable(),
  /** grant: the group the grant is on. */
  userGroup: Ref.nullable(),
});

export const ReviewItemOut = z.object({
  contact: ContactRef,
  organization: Ref,
  privilegeGroup: Ref,
  /** The strongest level over its paths. */
  level: Level,
  paths: z.array(ReviewPathOut),
});
export type ReviewItemOut = z.infer<typeof ReviewItemOut>;

export const ReviewOut = pageOf(ReviewItemOut).extend({
  target: z.object({ type: z.enum(['user_group', 'organization']), id: Id, name: z.string() }),
});
