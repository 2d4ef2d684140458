// The knowledge base in the console: search every article (drafts too) like the ticket search,
// best match first with the matched words highlighted, and read an article as contacts see it.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Page } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { ListMore, PagedList, SearchForm } from '../../shared/lists.tsx';
import { Markdown } from '../../shared/Markdown.tsx';
import { usePagedList } from '../../shared/paging.ts';
import { Snippet } from '../../shared/Snippet.tsx';
import { Badge, EmptyState, ErrorMessage, Loading, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { staffApi } from '../session.tsx';
import type { KbArticle, KbArticleHit, KbArticleSummary } from '../types.ts';

const BACK = { to: '/staff/kb', label: 'Knowledge base' };

function StateBadge({ article }: { article: KbArticleSummary }) {
  return article.published ? <Badge tone="success">Published</Badge> : <Badge>Draft</Badge>;
}

export function KbPage() {
  useDocumentTitle('Knowledge base');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  // Back and forward change the address: the box follows it.
  useEffect(() => setSearch(q), [q]);
  // With words: the full-text search (title and body), best match first; without: newest first.
  const list = usePagedList(['staff', 'kb-articles', q], (cursor, signal) =>
    staffApi.get<Page<KbArticleSummary | KbArticleHit>>(
      q ? '/api/staff/kb-articles/search' : '/api/staff/kb-articles',
      { q: q || undefined, cursor, limit: 25 },
      signal,
    ),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (search.trim()) next.set('q', search.trim());
    else next.delete('q');
    setParams(next);
  };
  return (
    <>
      <PageHeader title="Knowledge base" subtitle="Every article, drafts included." />
      <div className="toolbar">
        <SearchForm
          className="grow"
          label="Search articles"
          name="q"
          placeholder='Words, "a phrase", or -word'
          value={search}
          onChange={setSearch}
          onSubmit={submit}
        />
      </div>
      {q && (
        <p className="muted" role="status">
          Showing articles matching “{q}”, best match first.
        </p>
      )}
      <PagedList
        list={list}
        loading="Loading articles…"
        empty={
          <EmptyState title={q ? `No articles match “${q}”.` : 'No articles yet.'}>
            {q && <p>Try other words.</p>}
          </EmptyState>
        }
      >
        <>
          <ul className="item-list" aria-label="Articles">
            {list.items.map((a) => (
              <li key={a.id}>
                <div className="item-title">
                  <Link to={`/staff/kb/${a.id}`}>{a.title}</Link>
                </div>
                {'snippet' in a && a.snippet.source === 'body' && <Snippet snippet={a.snippet} />}
                <div className="item-meta">
                  <StateBadge article={a} />
                  <span>Updated {formatDate(a.updatedAt)}</span>
                </div>
              </li>
            ))}
          </ul>
          <ListMore list={list} label="Load more articles" />
        </>
      </PagedList>
    </>
  );
}

export function KbArticlePage() {
  const { id = '' } = useParams();
  const article = useQuery({
    queryKey: ['staff', 'kb-articles', id],
    queryFn: ({ signal }) => staffApi.get<KbArticle>(`/api/staff/kb-articles/${id}`, {}, signal),
  });
  useDocumentTitle(article.data?.title ?? 'Article');
  if (article.isPending) return <Loading label="Loading the article…" />;
  if (article.isError)
    return (
      <>
        <PageHeader title="Article" back={BACK} />
        <ErrorMessage error={article.error} onRetry={() => void article.refetch()} />
      </>
    );
  const a = article.data;
  return (
    <>
      <PageHeader
        title={a.title}
        back={BACK}
        subtitle={
          <>
            <StateBadge article={a} /> Updated {formatDate(a.updatedAt)}
          </>
        }
      />
      <article className="card">
        <Markdown source={a.body} />
      </article>
    </>
  );
}
