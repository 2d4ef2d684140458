import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { DateTime, Id, SearchWords, Snippet } from '../../http/schema-types.ts';

/**
 * Documents and knowledge-base articles as contacts see them. Staff-only data (the public flag,
 * checksums, an article's visibility and user groups) is not part of these shapes; fields a
 * contact may not see are left out of the object, not sent as null.
 */

const Ref = z.object({ id: Id, name: z.string() });

export const SearchQuery = PageQuery.extend({
  /** Case-insensitive text to look for. */
  q: z.string().trim().max(200).optional(),
});

export const PortalFileOut = z.object({
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
});

export const PortalDocumentOut = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  organization: Ref,
  file: PortalFileOut,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type PortalDocumentOut = z.infer<typeof PortalDocumentOut>;

export const PortalArticleSummary = z.object({
  id: Id,
  title: z.string(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type PortalArticleSummary = z.infer<typeof PortalArticleSummary>;

/** Words, "a phrase", or -word to leave out (a web search box's syntax). */
export const ArticleSearchQuery = PageQuery.extend({ q: SearchWords });

/** An article found: its summary, the rank (higher is better) and a highlighted excerpt. */
export const PortalArticleHit = PortalArticleSummary.extend({ rank: z.number(), snippet: Snippet });
export type PortalArticleHit = z.infer<typeof PortalArticleHit>;

export const PortalArticleFileOut = PortalFileOut.extend({ id: Id });
export type PortalArticleFileOut = z.infer<typeof PortalArticleFileOut>;

export const PortalArticleOut = PortalArticleSummary.extend({
  body: z.string(),
  /** Only with kb.files.download. */
  files: z.array(PortalArticleFileOut).optional(),
});
export type PortalArticleOut = z.infer<typeof PortalArticleOut>;

export const ArticleFileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });
