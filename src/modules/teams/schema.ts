import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id, RequiredText } from '../../http/schema-types.ts';

export const AutoAssign = z.enum(['none', 'round_robin', 'least_loaded']);

export const TeamMemberOut = z.object({ id: Id, name: z.string(), email: z.string() });

export const TeamOut = z.object({
  id: Id,
  name: z.string(),
  /** Its members see every ticket, not only their teams', their own and those with no team. */
  seesAllTickets: z.boolean(),
  /** How a new ticket of the team gets an assignee: none, round_robin or least_loaded. */
  autoAssign: AutoAssign,
  members: z.array(TeamMemberOut),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type TeamOut = z.infer<typeof TeamOut>;

export const TeamListQuery = PageQuery.extend({ q: z.string().trim().max(200).optional() });

const MemberIds = z.array(Id).max(500);

export const TeamCreate = z.strictObject({
  name: RequiredText(200),
  /** Omitted: on for a desk's first team (so a one-team desk behaves as before), else off. */
  seesAllTickets: z.boolean().optional(),
  autoAssign: AutoAssign.optional(),
  memberIds: MemberIds.optional(),
});
export type TeamCreate = z.infer<typeof TeamCreate>;

export const TeamUpdate = z.strictObject({
  name: RequiredText(200).optional(),
  seesAllTickets: z.boolean().optional(),
  autoAssign: AutoAssign.optional(),
  /** The whole membership: members not named leave the team. */
  memberIds: MemberIds.optional(),
});
export type TeamUpdate = z.infer<typeof TeamUpdate>;

/** The desk's settings (docs/desk.md): every staff user reads them, administrators write them. */
export const DeskSettingsOut = z.object({
  /** The team of tickets contacts open when their organization (tree) names none; null: no team. */
  defaultTeam: z.object({ id: Id, name: z.string() }).nullable(),
  /** The server's SLA_WARNING_MINUTES: a ticket due within this long is "due soon" (badge, Breaching). */
  slaWarningMinutes: z.number().int(),
});
export type DeskSettingsOut = z.infer<typeof DeskSettingsOut>;

export const DeskSettingsUpdate = z.strictObject({ defaultTeamId: Id.nullable() });
