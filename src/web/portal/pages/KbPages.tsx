import { Link, useParams } from 'react-router';
import { formatBytes, formatDate } from '../../shared/format.ts';
import { Markdown } from '../../shared/Markdown.tsx';
import { EmptyState, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { ListMore, PagedList } from '../../shared/lists.tsx';
import { SearchBox, useRecordList, useSearchParam, useRecordPage } from '../records.tsx';
import { can, useMe } from '../session.tsx';
import { Snippet } from '../../shared/Snippet.tsx';
import type { KbArticle, KbArticleHit, KbArticleSummary } from '../types.ts';

export function KbPage() {
  useDocumentTitle('Knowledge base');
  const [q, setQ] = useSearchParam();
  // With words: the full-text search, best match first with an excerpt; without: newest first.
  const list = useRecordList<KbArticleSummary | KbArticleHit>(
    q ? '/api/portal/kb-articles/search' : '/api/portal/kb-articles',
    q ? { q } : {},
  );
  return (
    <>
      <PageHeader title="Knowledge base" subtitle="Answers to common questions and how-to guides." />
      <SearchBox
        label="Search articles"
        placeholder="For example: password, projector"
        q={q}
        onSearch={setQ}
      />
      <PagedList
        list={list}
        loading="Loading articles…"
        empty={
          <EmptyState title={q ? `No articles match “${q}”.` : 'No articles yet.'}>
            {q && <p>Try other words, or open a ticket and ask us.</p>}
          </EmptyState>
        }
      >
        <>
          <ul className="item-list" aria-label="Articles">
            {list.items.map((a) => (
              <li key={a.id}>
                <div className="item-title">
                  <Link to={`/portal/kb/${a.id}`}>{a.title}</Link>
                </div>
                {'snippet' in a && a.snippet.source === 'body' && <Snippet snippet={a.snippet} />}
                <div className="item-meta">Updated {formatDate(a.updatedAt)}</div>
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
  const me = useMe();
  const back = { to: '/portal/kb', label: 'Knowledge base' };
  const { record: a, status } = useRecordPage<KbArticle>(
    `/api/portal/kb-articles/${id}`,
    'article',
    back,
    (r) => r.title,
  );
  if (!a) return status;
  const files = a.files ?? [];
  const mayDownload = can(me, 'kb.files.download');
  return (
    <>
      <PageHeader title={a.title} back={back} subtitle={`Updated ${formatDate(a.updatedAt)}`} />
      <article className="card">
        <Markdown source={a.body} />
      </article>
      {files.length > 0 && mayDownload && (
        <section className="card" aria-labelledby="article-files">
          <h2 id="article-files">Files</h2>
          <ul className="file-list">
            {files.map((f) => (
              <li key={f.id}>
                <a href={`/api/portal/kb-articles/${a.id}/files/${f.id}`} download={f.filename}>
                  {f.filename}
                </a>
                <span className="muted small">{formatBytes(f.sizeBytes)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
