import { z } from 'zod';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { DateOnly, DateTime, Id } from '../../http/schema-types.ts';
import { InvoiceState } from '../invoices/state.ts';
import { Currency } from '../shared/money.ts';

/**
 * The portal's view of organization records. Only what a contact may see: a field it may not see
 * (configNotes without assets.config_notes.view, a contract's charges without charges.view, a
 * reference to a ticket, contract, quote or invoice it may not see) is left out of the object,
 * not sent as null. People appear by name only, never by e-mail address or phone.
 */

export const Ref = z.object({ id: Id, name: z.string() });
const NumberRef = z.object({ id: Id, number: z.number().int() });
/** Integer cents, always next to a `currency` (ISO 4217). */
const Money = z.number().int();

// ---- assets ----

export const PortalAsset = z.object({
  id: Id,
  name: z.string(),
  assetType: z.string(),
  serialNumber: z.string(),
  status: z.enum(['active', 'retired']),
  organization: Ref,
  /** The contact the asset is linked to (its user), by name. */
  contact: Ref.nullable(),
  /** Only with assets.config_notes.view. */
  configNotes: z.string().optional(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type PortalAsset = z.infer<typeof PortalAsset>;

export const PortalAssetListQuery = PageQuery.extend({
  /** Name or serial number contains this text. */
  q: z.string().trim().max(200).optional(),
});

// ---- charges ----

export const PortalCharge = z.object({
  id: Id,
  /** Only when the charge is on a ticket the contact may see. */
  ticket: NumberRef.extend({ subject: z.string() }).optional(),
  /** Only when the charge is on a contract the contact may see. */
  contract: Ref.optional(),
  description: z.string(),
  quantity: z.number(),
  unitPriceCents: Money,
  amountCents: Money,
  currency: Currency,
  chargedOn: DateOnly,
  createdAt: DateTime,
});
export type PortalCharge = z.infer<typeof PortalCharge>;

export const PortalChargeListQuery = PageQuery.extend({
  /** Charges of this ticket; none when the contact may not see the ticket. */
  ticketId: Id.optional(),
  /** Charges of this contract; none when the contact may not see the contract. */
  contractId: Id.optional(),
});

// ---- contracts ----

export const PortalContract = z.object({
  id: Id,
  name: z.string(),
  status: z.enum(['draft', 'active', 'expired', 'cancelled']),
  startsOn: DateOnly.nullable(),
  endsOn: DateOnly.nullable(),
  organization: Ref,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type PortalContract = z.infer<typeof PortalContract>;

export const PortalContractDetail = PortalContract.extend({
  terms: z.string(),
  /**
   * Only with charges.view (and module charges): the newest charges of the contract; nextCursor
   * continues at GET /api/portal/charges?contractId=….
   */
  charges: pageOf(PortalCharge).optional(),
});
export type PortalContractDetail = z.infer<typeof PortalContractDetail>;

// ---- lines (quotes and invoices) ----

export const PortalLine = z.object({
  position: z.number().int(),
  description: z.string(),
  quantity: z.number(),
  unitPriceCents: Money,
  amountCents: Money,
  currency: Currency,
});
export type PortalLine = z.infer<typeof PortalLine>;

// ---- quotes ----

/** Drafts are never shown to contacts, so they are no status here. */
export const PortalQuoteStatus = z.enum(['sent', 'accepted', 'declined']);

export const PortalQuote = z.object({
  id: Id,
  number: z.number().int(),
  title: z.string(),
  status: PortalQuoteStatus,
  totalCents: Money,
  currency: Currency,
  validUntil: DateOnly.nullable(),
  sentAt: DateTime.nullable(),
  decidedAt: DateTime.nullable(),
  /** The contact who accepted or declined it. */
  decidedBy: Ref.nullable(),
  organization: Ref,
  /** The contact the quote is addressed to. */
  contact: Ref.nullable(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type PortalQuote = z.infer<typeof PortalQuote>;

export const PortalQuoteDetail = PortalQuote.extend({
  lines: z.array(PortalLine),
  /** What this contact may do now; the accept and decline endpoints allow exactly these. */
  abilities: z.object({ accept: z.boolean(), decline: z.boolean() }),
});
export type PortalQuoteDetail = z.infer<typeof PortalQuoteDetail>;

export const PortalQuoteListQuery = PageQuery.extend({ status: PortalQuoteStatus.optional() });

/** accept and decline take nothing from the client (the amount is the stored total). */
export const NoFields = z.strictObject({}).nullish();

// ---- invoices ----

/** The invoice states of src/modules/invoices/state.ts but draft: contacts never see a draft. */
export const PortalInvoiceStatus = InvoiceState.exclude(['draft']);

export const PortalInvoice = z.object({
  id: Id,
  number: z.number().int(),
  status: PortalInvoiceStatus,
  issuedOn: DateOnly.nullable(),
  dueOn: DateOnly.nullable(),
  totalCents: Money,
  paidCents: Money,
  balanceCents: Money,
  currency: Currency,
  organization: Ref,
  /** Only when the invoice bills a quote the contact may see. */
  quote: NumberRef.optional(),
  notes: z.string(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type PortalInvoice = z.infer<typeof PortalInvoice>;

export const PortalInvoiceDetail = PortalInvoice.extend({ lines: z.array(PortalLine) });
export type PortalInvoiceDetail = z.infer<typeof PortalInvoiceDetail>;

export const PortalInvoiceListQuery = PageQuery.extend({ status: PortalInvoiceStatus.optional() });

// ---- payments ----

export const PortalPayment = z.object({
  id: Id,
  amountCents: Money,
  currency: Currency,
  method: z.enum(['bank_transfer', 'card', 'cash', 'check', 'other']),
  reference: z.string(),
  receivedOn: DateOnly,
  organization: Ref,
  /** Only when the payment is for an invoice the contact may see. */
  invoice: NumberRef.optional(),
  createdAt: DateTime,
});
export type PortalPayment = z.infer<typeof PortalPayment>;
