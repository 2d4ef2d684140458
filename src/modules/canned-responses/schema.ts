import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id, RequiredText } from '../../http/schema-types.ts';

/** The placeholders a canned response may hold, filled in for a ticket when it is rendered. */
export const PLACEHOLDERS = [
  'contact.name',
  'contact.firstName',
  'ticket.number',
  'ticket.subject',
  'agent.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** `{{ name }}`: the one syntax of a placeholder, for saving (check) and rendering (fill in). */
export const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

const Body = z
  .string()
  .min(1)
  .max(20000)
  .refine((s) => s.trim().length > 0, 'must not be blank')
  .superRefine((s, ctx) => {
    for (const [, name = ''] of s.matchAll(PLACEHOLDER_PATTERN))
      if (!(PLACEHOLDERS as readonly string[]).includes(name))
        ctx.addIssue({
          code: 'custom',
          message: `unknown placeholder {{${name}}}; known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
        });
  });

export const CannedResponseOut = z.object({
  id: Id,
  title: z.string(),
  /** Markdown with placeholders, as saved. */
  body: z.string(),
  /** Its team (its members and administrators see and edit it); null: global. */
  team: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type CannedResponseOut = z.infer<typeof CannedResponseOut>;

export const CannedResponseListQuery = PageQuery.extend({ q: z.string().trim().max(200).optional() });

export const CannedResponseCreate = z.strictObject({
  title: RequiredText(200),
  body: Body,
  /** Omitted or null: global (administrators only). */
  teamId: Id.nullable().optional(),
});
export type CannedResponseCreate = z.infer<typeof CannedResponseCreate>;

export const CannedResponseUpdate = z.strictObject({
  title: RequiredText(200).optional(),
  body: Body.optional(),
  teamId: Id.nullable().optional(),
});
export type CannedResponseUpdate = z.infer<typeof CannedResponseUpdate>;

export const RenderQuery = z.strictObject({ ticketId: Id });

export const RenderedOut = z.object({ body: z.string() });
