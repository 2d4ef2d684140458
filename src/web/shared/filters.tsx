// A list page's filters kept in its address (a filtered list can be bookmarked and Back returns
// to it): reading and changing them, and the filter card with its search box and reset.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { SearchForm } from './lists.tsx';

export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  return {
    params,
    /** A filter's value; '' (or `fallback`) when it is not set. */
    get: (key: string, fallback = '') => params.get(key) ?? fallback,
    /** Changes some filters; an empty value removes one. */
    set: (changes: Record<string, string>) => {
      // From the address as it is now (BrowserRouter writes it at once), not as this render saw
      // it: two choices made before the page draws again both stay.
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      setParams(next, { replace: true });
    },
    reset: () => setParams(new URLSearchParams(), { replace: true }),
  };
}

export type UrlFilters = ReturnType<typeof useUrlFilters>;

/** A text box's draft of an address value: follows the address when it changes (Back, reset). */
export function useDraft(value: string) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return [draft, setDraft] as const;
}

export function ResetFiltersButton({ filters }: { filters: UrlFilters }) {
  return (
    <button type="button" className="btn btn-link" onClick={filters.reset}>
      Reset filters
    </button>
  );
}

/** The filter card: the filter fields (`children`), then the search box for `q`, and the reset. */
export function FilterBar(props: {
  filters: UrlFilters;
  filtered: boolean;
  search: { label: string; placeholder: string; name?: string };
  children: ReactNode;
}) {
  const { filters } = props;
  const [text, setText] = useDraft(filters.get('q'));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    filters.set({ q: text.trim() });
  };
  return (
    <section aria-label="Filters" className="filters card">
      <div className="filter-grid">{props.children}</div>
      <SearchForm onSubmit={submit} {...props.search} value={text} onChange={setText}>
        {props.filtered && <ResetFiltersButton filters={filters} />}
      </SearchForm>
    </section>
  );
}
