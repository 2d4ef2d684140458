// A paged list shown as a table: its loading, error and empty states, the rows, and its foot (a
// later page's error and "load more"). The list pages of the console share it.
import type { ReactNode } from 'react';
import type { usePagedList } from './paging.ts';
import { DataTable, ErrorMessage, LoadMore, Loading, type Column } from './ui.tsx';

/** How a failed read shows: the first page's (with `retry`), or a later page's. */
export type FailedRead = (error: unknown, retry?: () => void) => ReactNode;

const showError: FailedRead = (error, retry) => <ErrorMessage error={error} onRetry={retry} />;

export function PagedTable<T extends { id: string }>(props: {
  list: ReturnType<typeof usePagedList<T>>;
  caption: string;
  columns: Column<T>[];
  loading?: string;
  empty: ReactNode;
  moreLabel?: string;
  failed?: FailedRead;
  /** Shown above the rows (how many there are). */
  children?: ReactNode;
}) {
  const { list } = props;
  const failed = props.failed ?? showError;
  if (list.isPending) return <Loading label={props.loading} />;
  if (list.isError && list.items.length === 0) return <>{failed(list.error, () => void list.refetch())}</>;
  if (list.items.length === 0) return <>{props.empty}</>;
  return (
    <>
      {props.children}
      <DataTable caption={props.caption} columns={props.columns} rows={list.items} rowKey={(r) => r.id} />
      {list.moreError !== null && failed(list.moreError)}
      <LoadMore
        hasMore={list.hasMore}
        loading={list.loadingMore}
        onLoadMore={list.loadMore}
        label={props.moreLabel}
      />
    </>
  );
}
