import { z } from 'zod';
import { DateTime, Id } from '../../http/schema-types.ts';

/**
 * A ticket's history, public e-mails and linked asset as contacts see them. Staff appear by
 * display name only; fields a contact may not see are left out of the object, not sent as null.
 */

/** Who made a change or wrote a note; null when the account is gone (or the system did it). */
export const PortalActor = z.object({ type: z.enum(['staff', 'contact']), name: z.string() }).nullable();
export type PortalActor = z.infer<typeof PortalActor>;

export const HistoryChange = z.object({
  id: Id,
  kind: z.literal('change'),
  /** status, subject, description, private; priority with tickets.priority.view; assetId with tickets.asset.view. */
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  at: DateTime,
  actor: PortalActor,
});

/** A public comment: RangerMSP's History tab is the tab of history notes. */
export const HistoryNote = z.object({
  id: Id,
  kind: z.literal('note'),
  body: z.string(),
  at: DateTime,
  actor: PortalActor,
});

export const HistoryEntry = z.discriminatedUnion('kind', [HistoryChange, HistoryNote]);
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const PortalEmailOut = z.object({
  id: Id,
  /** The header as filed, with every staff user's address replaced by that user's display name. */
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  sentAt: DateTime,
});
export type PortalEmailOut = z.infer<typeof PortalEmailOut>;

export const PortalTicketAssetOut = z.object({
  id: Id,
  name: z.string(),
  assetType: z.string(),
  serialNumber: z.string(),
  /** Only with assets.config_notes.view, and only when the asset is also one the contact may see under assets. */
  configNotes: z.string().optional(),
});
export type PortalTicketAssetOut = z.infer<typeof PortalTicketAssetOut>;
