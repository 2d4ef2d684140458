import { z } from 'zod';
import { RULE_OPERATORS, Rule } from '../../authz/rules.ts';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id, RequiredText, Text } from '../../http/schema-types.ts';

export const MembershipReason = z.enum(['explicit', 'organization', 'rule', 'always']);

/** A stored rule as it leaves the server (requests are checked with the stricter `Rule`). */
const RuleOut = z.object({
  operator: z.enum(['all', 'any']),
  conditions: z.array(
    z.object({
      field: z.string(),
      op: z.enum(RULE_OPERATORS),
      value: z.union([z.string(), z.array(z.string())]).optional(),
    }),
  ),
});

export const MemberOrganizationOut = z.object({
  organizationId: Id,
  name: z.string(),
  includeSubOrganizations: z.boolean(),
});

export const UserGroupOut = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  always: z.boolean(),
  rule: RuleOut.nullable(),
  memberOrganizations: z.array(MemberOrganizationOut),
  explicitMemberCount: z.number().int(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type UserGroupOut = z.infer<typeof UserGroupOut>;

export const UserGroupListQuery = PageQuery.extend({ q: z.string().trim().max(200).optional() });

const MemberOrganizationIn = z.strictObject({
  organizationId: Id,
  includeSubOrganizations: z.boolean().default(false),
});

export const UserGroupCreate = z.strictObject({
  name: RequiredText(200),
  description: Text(2000).optional(),
  always: z.boolean().optional(),
  rule: Rule.nullable().optional(),
  memberContactIds: z.array(Id).max(5000).optional(),
  memberOrganizations: z.array(MemberOrganizationIn).max(1000).optional(),
});
export type UserGroupCreate = z.infer<typeof UserGroupCreate>;

/** The same fields, all optional; a list that is given replaces the stored one. */
export const UserGroupUpdate = UserGroupCreate.partial();
export type UserGroupUpdate = z.infer<typeof UserGroupUpdate>;

export const GroupContactParams = z.strictObject({ id: Id, contactId: Id });
export const GroupOrganizationParams = z.strictObject({ id: Id, organizationId: Id });
export const GroupOrganizationBody = z.strictObject({ includeSubOrganizations: z.boolean().default(false) });

export const ContactRef = z.object({ id: Id, name: z.string(), email: z.string() });

export const GroupMemberOut = z.object({
  contact: ContactRef.extend({ organizationId: Id }),
  reasons: z.array(MembershipReason),
});

export const ContactGroupsOut = z.object({
  items: z.array(
    z.object({ group: z.object({ id: Id, name: z.string() }), reasons: z.array(MembershipReason) }),
  ),
});

export const RulePreviewBody = z.strictObject({ rule: Rule });
export const RulePreviewOut = z.object({ matchCount: z.number().int(), sample: z.array(ContactRef) });

/** One line, so it cannot smuggle extra mail headers. */
const Subject = RequiredText(200).refine((s) => !/[\r\n]/.test(s), { message: 'must be one line' });
export const GroupEmailBody = z.strictObject({ subject: Subject, text: RequiredText(50_000) });
export const GroupEmailOut = z.object({ queued: z.number().int(), batchId: z.uuid() });
