// Full-text search (migration 0015): the vectors are written by triggers, only read by the app.
import type { ColumnType, Generated } from 'kysely';

/** A tsvector, read as its text form; never written by the application. */
type Vector = ColumnType<string, never, never>;

export interface SearchSettingsTable {
  id: Generated<boolean>;
  /** A text search configuration name (regconfig), e.g. 'english'. */
  language: string;
}

export interface TicketSearchTable {
  ticket_id: string;
  /** Subject, description and public comments: what contacts search. */
  public: Vector;
  /** Internal notes: searched by staff only. */
  notes: Vector;
}

export interface KbArticleSearchTable {
  article_id: string;
  vector: Vector;
}
