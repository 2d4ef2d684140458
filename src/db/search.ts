import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Db } from './database.ts';
import type { DB } from './schema.ts';

/**
 * Full-text search pieces shared by the ticket and knowledge-base searches (migration 0015).
 * Which rows a search may return is never decided here: callers AND these conditions with their
 * scope (visibleTickets, visibleArticles) like every other read.
 */

/** The words as a tsquery (text) and the configured language, both to be used as constants. */
export type ParsedWords = { query: string; language: string };

/**
 * The user's words as a tsquery: websearch_to_tsquery in the configured language OR in `simple`
 * (portico_search_query). websearch_to_tsquery raises no syntax error for any input ("quotes",
 * or, -not; other operator characters are separators); input of only stop words or operators
 * gives the empty query '' (then callers match nothing). Parsed in its own small query, so the
 * search statement holds the query and the language as constants and PostgreSQL estimates the
 * match from the index's statistics (a rare word: start from the GIN index; a common one: from
 * the reader's scope) instead of a default guess.
 */
export async function parseWords(db: Db, words: string): Promise<ParsedWords> {
  const { rows } = await sql<ParsedWords>`
    select portico_search_query(portico_search_language(), ${words}::text)::text as query,
      portico_search_language()::text as language`.execute(db);
  return rows[0] ?? { query: '', language: 'simple' };
}

export const languageOf = (p: ParsedWords) => sql`${p.language}::regconfig`;
export const tsqueryOf = (p: ParsedWords) => sql`${p.query}::tsquery`;

/** Does `body` (one text) match? As the vectors index it: stemmed and simple, the first 100,000 characters. */
export const bodyMatches = (p: ParsedWords, body: RawBuilder<unknown>) =>
  sql`portico_search_vector(${languageOf(p)}, ${body}, 100000) @@ ${tsqueryOf(p)}`;

// Private-use characters mark the highlighted words in ts_headline's output; they are removed
// from the text first, so only ts_headline's marks remain and the text is split on them: the
// snippet is sent as text parts, never as markup.
const START = '\uE000';
const STOP = '\uE001';
const MARKS = `StartSel=${START}, StopSel=${STOP}`;
const FRAGMENTS = `${MARKS}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
/** Texts up to this length are answered whole (ts_headline would cut even a short one to a fragment). */
const WHOLE_CHARS = 300;

/** ts_headline of `body` for the words (marks as above), or its start when there are no words. */
export function headline(p: ParsedWords, body: RawBuilder<unknown>): RawBuilder<string> {
  const text = sql`translate(left(${body}, 100000), ${START + STOP}, '')`;
  if (p.query === '') return sql<string>`left(${text}, ${WHOLE_CHARS})`;
  const options = sql`case when length(${body}) <= ${WHOLE_CHARS} then ${`${MARKS}, HighlightAll=true`} else ${FRAGMENTS} end`;
  return sql<string>`ts_headline(${languageOf(p)}, ${text}, ${tsqueryOf(p)}, ${options})`;
}

/** A snippet as plain text in parts, the matched words marked: the client renders text, never HTML. */
export type SnippetPart = { text: string; match: boolean };

export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const [i, piece] of marked.split(new RegExp(`[${START}${STOP}]`)).entries()) {
    if (piece === '') continue;
    const match = i % 2 === 1;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += piece;
    else parts.push({ text: piece, match });
  }
  return parts;
}

/**
 * Makes `language` (a text search configuration such as english, german, simple) the one search
 * stems with, at start-up (SEARCH_LANGUAGE). When it changes, every ticket's and article's vectors
 * are rebuilt in one transaction (on a large database this takes a while: once). Returns whether
 * it changed; an unknown configuration is an error that names the ones there are.
 */
export async function applySearchLanguage(db: Kysely<DB>, language: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const known = await sql<{ name: string }>`select cfgname as name from pg_ts_config order by 1`.execute(
      trx,
    );
    if (!known.rows.some((r) => r.name === language))
      throw new Error(
        `SEARCH_LANGUAGE: no text search configuration '${language}' (there are: ${known.rows.map((r) => r.name).join(', ')})`,
      );
    const changed = await sql`update search_settings set language = ${language}::regconfig
      where language <> ${language}::regconfig`.execute(trx);
    if (!changed.numAffectedRows) return false;
    await sql`select portico_ticket_search_refresh(t.id) from tickets t`.execute(trx);
    await sql`update kb_article_search ks
      set vector = portico_kb_article_vector(${language}::regconfig, k.title, k.body)
      from kb_articles k where k.id = ks.article_id`.execute(trx);
    return true;
  });
}
