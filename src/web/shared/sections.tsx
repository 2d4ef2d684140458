// Pieces of a ticket's side sections, in the portal and the staff console alike.
import { useId, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Page } from './api.ts';
import { fetchAll } from './paging.ts';
import { ErrorMessage, Loading } from './ui.tsx';

/** A section whose heading is a button that shows or hides it (WAI-ARIA disclosure). */
export function Disclosure(props: {
  title: string;
  defaultOpen?: boolean;
  children: (open: boolean) => ReactNode;
}) {
  const [open, setOpen] = useState(props.defaultOpen ?? false);
  const id = useId();
  return (
    <section className="card disclosure">
      <h2 className="disclosure-heading">
        <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true" className="disclosure-icon">
            {open ? '▾' : '▸'}
          </span>
          {props.title}
        </button>
      </h2>
      <div id={id} hidden={!open} className="disclosure-body">
        {props.children(open)}
      </div>
    </section>
  );
}

/** Every page of a short list (a ticket's history, its e-mails), with loading, error and empty states. */
export function AllPages<T>(props: {
  queryKey: readonly unknown[];
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>;
  loadingLabel: string;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  const list = useQuery({
    queryKey: props.queryKey,
    queryFn: ({ signal }) => fetchAll((cursor) => props.fetchPage(cursor, signal)),
  });
  if (list.isPending) return <Loading label={props.loadingLabel} />;
  if (list.isError) return <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <p className="muted">{props.empty}</p>;
  return <>{props.children(list.data)}</>;
}
