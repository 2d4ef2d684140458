// What a detail page shows until its record is there: the loading state, and when the read
// failed its header with "not found" (a 404) or the error. One shape for every detail page.
import type { ReactNode } from 'react';
import { isApiError } from './api.ts';
import { EmptyState, ErrorMessage, Loading, PageHeader } from './ui.tsx';

export type RecordQuery = { isPending: boolean; error: unknown; refetch: () => unknown };

export function RecordFallback(props: {
  query: RecordQuery;
  /** The record in words ('organization'): the title, "Loading the …", "This … could not be found." */
  what: string;
  back: { to: string; label: string };
  title?: string;
  loading?: string;
  /** Show the header while loading too (the permission pages), not only the spinner. */
  headerWhileLoading?: boolean;
  /** Shown for a 404. */
  notFound?: ReactNode;
  /** Shown for any other failure; by default the error with a retry. */
  failed?: (retry: () => void) => ReactNode;
}) {
  const { query, what } = props;
  const header = (
    <PageHeader title={props.title ?? what.charAt(0).toUpperCase() + what.slice(1)} back={props.back} />
  );
  const loading = <Loading label={props.loading ?? `Loading the ${what}…`} />;
  if (query.isPending)
    return props.headerWhileLoading ? (
      <>
        {header}
        {loading}
      </>
    ) : (
      loading
    );
  const retry = () => void query.refetch();
  return (
    <>
      {header}
      {isApiError(query.error, 404)
        ? (props.notFound ?? <EmptyState title={`This ${what} could not be found.`} />)
        : (props.failed?.(retry) ?? <ErrorMessage error={query.error} onRetry={retry} />)}
    </>
  );
}
