import { z } from 'zod';

/** Timestamps: Date in handlers, ISO 8601 strings on the wire and in the OpenAPI document. */
export const DateTime = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

export const DateOnly = z.iso.date();
export const Id = z.uuid();
export const IdParams = z.strictObject({ id: z.uuid() });

/** Free text fields: trimmed, bounded. */
export const Text = (max = 200) => z.string().trim().max(max);
export const RequiredText = (max = 200) => z.string().trim().min(1).max(max);

/** Longest search input: enough for a sentence; longer input is a 422, not a slow query. */
export const MAX_SEARCH_CHARS = 200;

/**
 * What a user types into a search box: trimmed, 1 to MAX_SEARCH_CHARS characters (a NUL is a 422
 * for every route: http/validation.ts). Operators and quotes are fine: the search parses them like
 * a web search box and never fails on them; input of operators alone is a 422.
 */
export const SearchWords = z
  .string()
  .trim()
  .min(1)
  .max(MAX_SEARCH_CHARS)
  // Only operators and punctuation ("& | ! ( )", "<->", "\""): nothing to look for, said plainly
  // rather than answered with an empty list.
  .regex(/[\p{L}\p{N}]/u, 'needs at least one letter or digit to search for');

/**
 * A highlighted excerpt as plain-text parts (`match`: a word that matched). Clients render the
 * parts as text, never as HTML. `source` tells where it was taken from.
 */
export const Snippet = z.object({
  source: z.enum(['subject', 'description', 'comment', 'note', 'title', 'body']),
  parts: z.array(z.object({ text: z.string(), match: z.boolean() })),
});
export type Snippet = z.infer<typeof Snippet>;
