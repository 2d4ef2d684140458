// Pieces the record pages (assets, contracts, quotes, …) share: a paged list read from the
// portal API, its search box, and its loading, error and empty states.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { isApiError, type Page } from '../shared/api.ts';
import { usePagedList } from '../shared/paging.ts';
import {
  DataTable,
  DescriptionList,
  EmptyState,
  ErrorMessage,
  Loading,
  PageHeader,
  useDocumentTitle,
  type Column,
} from '../shared/ui.tsx';
import { formatMoney } from '../shared/format.ts';
import { ListMore, SearchForm } from '../shared/lists.tsx';
import { portalApi } from './session.tsx';
import type { Line } from './types.ts';

type Query = Record<string, string | number | undefined>;

export function useRecordList<T>(path: string, query: Query = {}, options: { enabled?: boolean } = {}) {
  return usePagedList<T>(
    ['portal', path, query],
    (cursor, signal) => portalApi.get<Page<T>>(path, { ...query, cursor, limit: 25 }, signal),
    options,
  );
}

export function useRecord<T>(path: string) {
  return useQuery({
    queryKey: ['portal', path],
    queryFn: ({ signal }) => portalApi.get<T>(path, undefined, signal),
  });
}

/** The `q` of the page's address, and a form that changes it. */
export function useSearchParam(): [string, (q: string) => void] {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const setQ = (value: string) => {
    const next = new URLSearchParams(params);
    if (value.trim()) next.set('q', value.trim());
    else next.delete('q');
    setParams(next);
  };
  return [q, setQ];
}

export function SearchBox(props: {
  label: string;
  placeholder?: string;
  q: string;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(props.q);
  useEffect(() => setText(props.q), [props.q]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSearch(text);
  };
  return (
    <div className="toolbar">
      <SearchForm
        className="grow"
        onSubmit={submit}
        label={props.label}
        name="q"
        placeholder={props.placeholder}
        value={text}
        onChange={setText}
      ></SearchForm>
      {props.q && (
        <button
          type="button"
          className="btn btn-link"
          onClick={() => {
            setText('');
            props.onSearch('');
          }}
        >
          Clear search
        </button>
      )}
    </div>
  );
}

type ListState<T> = ReturnType<typeof useRecordList<T>>;

/** A record list in a table: loading, error, empty, rows, "load more". */
export function RecordTable<T extends { id: string }>(props: {
  list: ListState<T>;
  caption: string;
  columns: Column<T>[];
  empty: ReactNode;
  moreLabel?: string;
}) {
  const { list } = props;
  if (list.isPending) return <Loading label={`Loading ${props.caption.toLowerCase()}…`} />;
  if (list.isError && list.items.length === 0)
    return <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />;
  if (list.items.length === 0) return <>{props.empty}</>;
  return (
    <>
      <DataTable caption={props.caption} columns={props.columns} rows={list.items} rowKey={(r) => r.id} />
      <ListMore list={list} label={props.moreLabel ?? 'Load more'} />
    </>
  );
}

/** What a detail page shows while its record loads or when it cannot be read. */
export function RecordStatus(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  what: string;
}) {
  if (props.query.isPending) return <Loading label={`Loading the ${props.what}…`} />;
  if (isApiError(props.query.error, 404)) {
    return (
      <EmptyState title={`This ${props.what} could not be found.`}>
        <p>It may not exist, or you no longer have access to it.</p>
      </EmptyState>
    );
  }
  return <ErrorMessage error={props.query.error} onRetry={() => void props.query.refetch()} />;
}

/** The priced lines of a quote or an invoice. */
export function LinesTable({ lines, caption }: { lines: Line[]; caption: string }) {
  if (lines.length === 0) return <p className="muted">No lines.</p>;
  return (
    <DataTable
      caption={caption}
      rows={lines}
      rowKey={(l) => String(l.position)}
      columns={[
        { header: 'Description', cell: (l) => l.description, primary: true },
        { header: 'Quantity', cell: (l) => l.quantity, numeric: true },
        { header: 'Unit price', cell: (l) => formatMoney(l.unitPriceCents, l.currency), numeric: true },
        { header: 'Amount', cell: (l) => formatMoney(l.amountCents, l.currency), numeric: true },
      ]}
    />
  );
}

/** Totals under a lines table: label–amount pairs, the last one emphasised. */
export function Totals({ rows, currency }: { rows: [string, number | undefined][]; currency: string }) {
  const shown = rows.filter((r): r is [string, number] => r[1] !== undefined);
  return (
    <dl className="totals">
      {shown.map(([label, cents]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{formatMoney(cents, currency)}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A detail page's record, with the page title set: `status` is what the page shows (a header and
 * the loading, not-found or error state) until the record is there.
 */
export function useRecordPage<T>(
  path: string,
  what: string,
  back: { to: string; label: string },
  title: (record: T) => string,
) {
  const record = useRecord<T>(path);
  const fallback = what.charAt(0).toUpperCase() + what.slice(1);
  useDocumentTitle(record.data ? title(record.data) : fallback);
  const status = (
    <>
      <PageHeader title={fallback} back={back} />
      <RecordStatus query={record} what={what} />
    </>
  );
  return { record: record.data, status };
}

/** The side card of a record page: "Details" and the record's facts (empty ones left out). */
export function DetailsAside({ what, items }: { what: string; items: [string, ReactNode][] }) {
  const id = `${what}-details`;
  return (
    <aside aria-label={`${what.charAt(0).toUpperCase() + what.slice(1)} details`}>
      <section className="card" aria-labelledby={id}>
        <h2 id={id}>Details</h2>
        <DescriptionList items={items} />
      </section>
    </aside>
  );
}
