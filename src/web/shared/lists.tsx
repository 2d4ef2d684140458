// The scaffolding the list pages share, in the portal and the staff console: the search form and
// a paged list's states and its foot.
import type { FormEvent, ReactNode } from 'react';
import type { usePagedList } from './paging.ts';
import { ErrorMessage, LoadMore, Loading, TextField } from './ui.tsx';

/** A search box with its button; `children` follow the button (a reset link). */
export function SearchForm(props: {
  className?: string;
  label: string;
  placeholder?: string;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: (event: FormEvent) => void;
  children?: ReactNode;
}) {
  return (
    <form
      className={props.className ? `search-form ${props.className}` : 'search-form'}
      role="search"
      onSubmit={props.onSubmit}
    >
      <TextField
        label={props.label}
        type="search"
        name={props.name}
        placeholder={props.placeholder}
        value={props.value}
        onChange={props.onChange}
      />
      <button type="submit" className="btn btn-secondary">
        Search
      </button>
      {props.children}
    </form>
  );
}

/** The foot of a paged list: a later page's error, and the button for the next page. */
export function ListMore({ list, label }: { list: ReturnType<typeof usePagedList<unknown>>; label: string }) {
  return (
    <>
      {list.moreError !== null && <ErrorMessage error={list.moreError} />}
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} label={label} />
    </>
  );
}

/** A paged list's states: loading, its first page's error, `empty`, and else its rows (`children`). */
export function PagedList<T>(props: {
  list: ReturnType<typeof usePagedList<T>>;
  loading?: string;
  empty: ReactNode;
  children: ReactNode;
}) {
  const { list } = props;
  if (list.isPending) return <Loading label={props.loading} />;
  if (list.isError && list.items.length === 0)
    return <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />;
  if (list.items.length === 0) return <>{props.empty}</>;
  return <>{props.children}</>;
}
