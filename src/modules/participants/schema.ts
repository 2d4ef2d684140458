import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id } from '../../http/schema-types.ts';

/** A ticket's participants (permission-model §6a), for the portal and the staff console. */

const Ref = z.object({ id: Id, name: z.string() });

export const ParticipantParams = z.strictObject({ id: z.uuid(), contactId: z.uuid() });

export const ParticipantAdd = z.strictObject({ contactId: z.uuid() });
export type ParticipantAdd = z.infer<typeof ParticipantAdd>;

export const ParticipantOut = z.object({
  contact: Ref,
  organization: Ref,
  /** Who added it: a contact (by name) or a staff user; null when that account is gone. */
  addedBy: z.object({ type: z.enum(['contact', 'staff']), name: z.string() }).nullable(),
  addedAt: DateTime,
});
export type ParticipantOut = z.infer<typeof ParticipantOut>;

export const PortalParticipantOut = ParticipantOut.extend({
  /** The signed-in contact may remove it (the requester; or the contact who added it, §6a). */
  mayRemove: z.boolean(),
});
export type PortalParticipantOut = z.infer<typeof PortalParticipantOut>;

export const PortalParticipantsOut = z.object({
  items: z.array(PortalParticipantOut),
  nextCursor: z.string().nullable(),
  /** The signed-in contact may add participants (a write path and tickets.participants.manage). */
  mayAdd: z.boolean(),
});

export const ParticipantCandidateOut = z.object({ id: Id, name: z.string(), organization: Ref });
export type ParticipantCandidateOut = z.infer<typeof ParticipantCandidateOut>;

export const CandidateQuery = PageQuery.extend({
  /** Part of the name, case-insensitive. */
  q: z.string().trim().max(100).optional(),
});
export type CandidateQuery = z.infer<typeof CandidateQuery>;
