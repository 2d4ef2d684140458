-- Full-text search (issue 13 §4) over tickets and knowledge-base articles.
--
-- Each ticket has a row in ticket_search with two vectors: public (subject, description, public
-- comments: what a contact who sees the ticket may read) and notes (internal notes only).
-- Contacts' searches read `public` alone, so neither a match nor a snippet can come from an
-- internal note; staff search both. One GIN index per vector; a staff search is a BitmapOr of the
-- two. A table of its own, not columns of tickets: the ticket lists walk the tickets heap, which
-- stays as narrow as it was, and `select *` of a ticket or an article never carries a vector.
--
-- Each text is indexed twice into one vector: stemmed with the configured language (english by
-- default: "lamps" finds "lamp") and with `simple` (no stemming, no stop words: unstemmed words,
-- names, codes and numbers still match as written). Queries are the same two parses OR-ed.
--
-- The vectors are kept current by triggers, not by the application: tickets and comments are
-- written from the portal, the console, inbound mail, the demo data and the benchmark generator,
-- and a trigger covers every one of them in the writer's own transaction.

-- The language of the stemmed half (a text search configuration such as english, german, french).
-- Set at start-up from SEARCH_LANGUAGE (src/db/search-language.ts), which rebuilds the vectors
-- when it changes.
create table search_settings (
  id boolean primary key default true check (id),
  language regconfig not null default 'english'
);
insert into search_settings default values;

create function portico_search_language() returns regconfig
  language sql stable parallel safe
  as $$ select language from search_settings $$;

-- One text as a vector: stemmed and simple. Texts are cut at `max_chars` so a vector stays far
-- below PostgreSQL's 1 MB tsvector limit (a write must never fail because its text is long).
create function portico_search_vector(cfg regconfig, body text, max_chars integer) returns tsvector
  language sql immutable parallel safe
  as $$ select to_tsvector(cfg, left(body, max_chars)) || to_tsvector('simple'::regconfig, left(body, max_chars)) $$;

-- The query: the user's words parsed like a web search box (websearch_to_tsquery never raises a
-- syntax error: operators and quotes in the input are words or ignored), stemmed OR simple.
create function portico_search_query(cfg regconfig, words text) returns tsquery
  language sql immutable parallel safe
  as $$ select websearch_to_tsquery(cfg, words) || websearch_to_tsquery('simple'::regconfig, words) $$;

create table ticket_search (
  ticket_id uuid primary key references tickets(id) on delete cascade,
  public tsvector not null default ''::tsvector,
  notes tsvector not null default ''::tsvector
);

-- The public vector of a ticket: subject (weight A), description (B), public comments (C, the
-- oldest 100,000 characters of the conversation).
create function portico_ticket_public_vector(cfg regconfig, ticket uuid, subject text, description text)
  returns tsvector language sql stable parallel safe
  as $$
    select setweight(portico_search_vector(cfg, subject, 1000), 'A')
      || setweight(portico_search_vector(cfg, description, 100000), 'B')
      || setweight(portico_search_vector(cfg, coalesce((
           select string_agg(c.body, E'\n' order by c.id) from ticket_comments c
           where c.ticket_id = ticket and c.public), ''), 100000), 'C')
  $$;

create function portico_ticket_notes_vector(cfg regconfig, ticket uuid)
  returns tsvector language sql stable parallel safe
  as $$
    select setweight(portico_search_vector(cfg, coalesce((
           select string_agg(c.body, E'\n' order by c.id) from ticket_comments c
           where c.ticket_id = ticket and not c.public), ''), 100000), 'C')
  $$;

-- Both vectors of one ticket again (after a comment changed, or the language did).
create function portico_ticket_search_refresh(ticket uuid) returns void language sql as $$
  insert into ticket_search (ticket_id, public, notes)
  select t.id, portico_ticket_public_vector(portico_search_language(), t.id, t.subject, t.description),
    portico_ticket_notes_vector(portico_search_language(), t.id)
  from tickets t where t.id = ticket
  on conflict (ticket_id) do update set public = excluded.public, notes = excluded.notes
$$;

-- A new ticket has no comments yet: its public vector is its subject and description.
create function portico_tickets_search_insert() returns trigger language plpgsql as $$
begin
  insert into ticket_search (ticket_id, public)
  values (new.id, setweight(portico_search_vector(portico_search_language(), new.subject, 1000), 'A')
    || setweight(portico_search_vector(portico_search_language(), new.description, 100000), 'B'));
  return null;
end $$;

create trigger tickets_search_insert after insert on tickets
  for each row execute function portico_tickets_search_insert();

create function portico_tickets_search_update() returns trigger language plpgsql as $$
begin
  if new.subject is distinct from old.subject or new.description is distinct from old.description then
    update ticket_search s
      set public = portico_ticket_public_vector(portico_search_language(), new.id, new.subject, new.description)
      where s.ticket_id = new.id;
  end if;
  return null;
end $$;

create trigger tickets_search_update after update of subject, description on tickets
  for each row execute function portico_tickets_search_update();

-- A comment written, changed (body, public) or deleted: both vectors of its ticket again.
create function portico_ticket_comments_search() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then
    perform portico_ticket_search_refresh(old.ticket_id);
  end if;
  if tg_op <> 'DELETE' and (tg_op = 'INSERT' or old.ticket_id <> new.ticket_id) then
    perform portico_ticket_search_refresh(new.ticket_id);
  end if;
  return null;
end $$;

create trigger ticket_comments_search after insert or delete or update of body, public, ticket_id
  on ticket_comments for each row execute function portico_ticket_comments_search();

insert into ticket_search (ticket_id, public, notes)
select t.id, portico_ticket_public_vector(portico_search_language(), t.id, t.subject, t.description),
  portico_ticket_notes_vector(portico_search_language(), t.id)
from tickets t;

create index ticket_search_public_idx on ticket_search using gin (public);
create index ticket_search_notes_idx on ticket_search using gin (notes);

-- Knowledge base: title (A) and body (B), one row per article.
create table kb_article_search (
  article_id uuid primary key references kb_articles(id) on delete cascade,
  vector tsvector not null
);

create function portico_kb_article_vector(cfg regconfig, title text, body text) returns tsvector
  language sql immutable parallel safe
  as $$ select setweight(portico_search_vector(cfg, title, 1000), 'A')
    || setweight(portico_search_vector(cfg, body, 100000), 'B') $$;

create function portico_kb_articles_search() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.title is not distinct from old.title and new.body is not distinct from old.body then
    return null;
  end if;
  insert into kb_article_search (article_id, vector)
  values (new.id, portico_kb_article_vector(portico_search_language(), new.title, new.body))
  on conflict (article_id) do update set vector = excluded.vector;
  return null;
end $$;

create trigger kb_articles_search after insert or update of title, body on kb_articles
  for each row execute function portico_kb_articles_search();

insert into kb_article_search (article_id, vector)
select k.id, portico_kb_article_vector(portico_search_language(), k.title, k.body) from kb_articles k;

create index kb_article_search_idx on kb_article_search using gin (vector);
