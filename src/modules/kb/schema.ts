import { z } from 'zod';
import { DateTime, Id, RequiredText, SearchWords, Snippet } from '../../http/schema-types.ts';
import { PageQuery } from '../../http/pagination.ts';

export const MAX_BODY_CHARS = 200_000;
const Visibility = z.enum(['public', 'groups']);
const Markdown = z.string().max(MAX_BODY_CHARS);
const UserGroupIds = z.array(Id).max(100);

export const KbFileOut = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
});
export type KbFileOut = z.infer<typeof KbFileOut>;

/** A list item: everything but the (possibly long) body and the related lists. */
export const KbArticleSummary = z.object({
  id: Id,
  title: z.string(),
  published: z.boolean(),
  visibility: Visibility,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type KbArticleSummary = z.infer<typeof KbArticleSummary>;

export const KbArticleOut = KbArticleSummary.extend({
  body: z.string(),
  userGroups: z.array(z.object({ id: Id, name: z.string() })),
  files: z.array(KbFileOut),
});
export type KbArticleOut = z.infer<typeof KbArticleOut>;

export const KbArticleListQuery = PageQuery.extend({
  q: z.string().trim().max(200).optional(),
  published: z.enum(['true', 'false']).optional(),
});

export const KbArticleSearchQuery = PageQuery.extend({
  /** Words, "a phrase", or -word to leave out (a web search box's syntax). */
  q: SearchWords,
  published: z.enum(['true', 'false']).optional(),
});

/** An article found: its summary, the rank (higher is better) and a highlighted excerpt. */
export const KbArticleHit = KbArticleSummary.extend({ rank: z.number(), snippet: Snippet });
export type KbArticleHit = z.infer<typeof KbArticleHit>;

export const KbArticleCreate = z.strictObject({
  title: RequiredText(200),
  body: Markdown,
  published: z.boolean().default(false),
  visibility: Visibility.default('public'),
  userGroupIds: UserGroupIds.default([]),
});
export type KbArticleCreate = z.infer<typeof KbArticleCreate>;

export const KbArticleUpdate = z.strictObject({
  title: RequiredText(200).optional(),
  body: Markdown.optional(),
  published: z.boolean().optional(),
  visibility: Visibility.optional(),
  /** Replaces the article's groups when given. */
  userGroupIds: UserGroupIds.optional(),
});
export type KbArticleUpdate = z.infer<typeof KbArticleUpdate>;

export const ArticleFileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });
