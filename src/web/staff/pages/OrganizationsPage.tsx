// Organizations as a tree (districts and their schools): each level is read when it is opened
// (GET /api/staff/organizations?roots=true, ?parentId=…), with "load more" per level; a search
// shows a flat list with each match's path.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { useDraft, useUrlFilters } from '../../shared/filters.tsx';
import { usePagedList } from '../../shared/paging.ts';
import {
  EmptyState,
  ErrorMessage,
  Field,
  LoadMore,
  Loading,
  PageHeader,
  SubmitButton,
  useDocumentTitle,
  TextField,
} from '../../shared/ui.tsx';
import { SearchForm } from '../../shared/lists.tsx';
import { OrganizationSelect } from '../components/pickers.tsx';
import { organizationsKey, useOrganizationIndex, type OrganizationIndex } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { Organization } from '../types.ts';

function useLevel(parentId: string | null, enabled = true) {
  return usePagedList(
    [...organizationsKey, 'level', parentId ?? 'roots'],
    (cursor, signal) =>
      staffApi.get<Page<Organization>>(
        '/api/staff/organizations',
        parentId ? { parentId, cursor, limit: 50 } : { roots: true, cursor, limit: 50 },
        signal,
      ),
    { enabled },
  );
}

type TreeState = { expanded: Set<string>; toggle: (id: string) => void; index?: OrganizationIndex };

function Level({
  parentId,
  parentName,
  depth,
  tree,
}: {
  parentId: string | null;
  parentName?: string;
  depth: number;
  tree: TreeState;
}) {
  const level = useLevel(parentId);
  if (level.isPending)
    return (
      <Loading
        label={parentName ? `Loading the sub-organizations of ${parentName}…` : 'Loading organizations…'}
      />
    );
  if (level.isError && level.items.length === 0)
    return <ErrorMessage error={level.error} onRetry={() => void level.refetch()} />;
  if (level.items.length === 0)
    return parentId ? <p className="muted small tree-empty">No sub-organizations.</p> : null;
  return (
    <>
      <ul
        className={depth === 0 ? 'tree' : 'tree-children'}
        aria-label={parentName ? `Sub-organizations of ${parentName}` : 'Organizations'}
      >
        {level.items.map((org) => (
          <Node key={org.id} org={org} depth={depth} tree={tree} />
        ))}
      </ul>
      {level.moreError !== null && <ErrorMessage error={level.moreError} />}
      <LoadMore
        hasMore={level.hasMore}
        loading={level.loadingMore}
        onLoadMore={level.loadMore}
        label={parentName ? `More sub-organizations of ${parentName}` : 'More organizations'}
      />
    </>
  );
}

function Node({ org, depth, tree }: { org: Organization; depth: number; tree: TreeState }) {
  const open = tree.expanded.has(org.id);
  // With the whole index at hand a leaf gets no toggle; otherwise opening tells.
  const known = tree.index?.complete ? tree.index.childrenOf(org.id).length : undefined;
  const hasToggle = known === undefined || known > 0;
  const childrenId = `org-children-${org.id}`;
  return (
    <li className="tree-item">
      <div className="tree-row">
        {hasToggle ? (
          <button
            type="button"
            className="tree-toggle"
            aria-expanded={open}
            aria-controls={open ? childrenId : undefined}
            onClick={() => tree.toggle(org.id)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
            <span className="visually-hidden">
              {open ? 'Collapse' : 'Expand'} {org.name}
            </span>
          </button>
        ) : (
          <span className="tree-spacer" aria-hidden="true" />
        )}
        <Link to={`/staff/organizations/${org.id}`} className="tree-name">
          {org.name}
        </Link>
        {known !== undefined && known > 0 && (
          <span className="muted small">
            {known} sub-organization{known === 1 ? '' : 's'}
          </span>
        )}
      </div>
      {open && (
        <div id={childrenId}>
          <Level parentId={org.id} parentName={org.name} depth={depth + 1} tree={tree} />
        </div>
      )}
    </li>
  );
}

function SearchResults({ q, index }: { q: string; index?: OrganizationIndex }) {
  const list = usePagedList([...organizationsKey, 'search', q], (cursor, signal) =>
    staffApi.get<Page<Organization>>('/api/staff/organizations', { q, cursor, limit: 50 }, signal),
  );
  if (list.isPending) return <Loading label="Searching…" />;
  if (list.isError && list.items.length === 0)
    return <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />;
  if (list.items.length === 0)
    return (
      <EmptyState title={`No organization matches “${q}”.`}>
        <p>Search looks for words in the name.</p>
      </EmptyState>
    );
  return (
    <>
      <ul className="item-list" aria-label={`Organizations matching ${q}`}>
        {list.items.map((org) => (
          <li key={org.id}>
            <div className="item-title">
              <Link to={`/staff/organizations/${org.id}`}>{org.name}</Link>
            </div>
            {org.parentId && index && (
              <div className="item-meta">
                <span>In {index.pathOf(org.parentId)}</span>
              </div>
            )}
          </li>
        ))}
      </ul>
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </>
  );
}

function CreateOrganization({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const create = useMutation({
    mutationFn: () =>
      staffApi.post<Organization>('/api/staff/organizations', { name, parentId: parentId || null }),
    onSuccess: async (org) => {
      await queryClient.invalidateQueries({ queryKey: organizationsKey });
      onDone();
      await navigate(`/staff/organizations/${org.id}`);
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-org-heading">
      <h2 id="new-org-heading">New organization</h2>
      {create.isError && Object.keys(errors).length === 0 && <ErrorMessage error={create.error} />}
      <div className="form-row">
        <TextField
          label="Name"
          error={errors.name ? `The name ${errors.name}.` : undefined}
          type="text"
          required
          maxLength={200}
          autoFocus
          value={name}
          onChange={setName}
        />
        <Field
          label="Parent organization"
          hint="A school under its district, a branch under its company."
          error={errors.parentId ? `Not possible: ${errors.parentId}.` : undefined}
        >
          {(control) => (
            <OrganizationSelect
              control={control}
              value={parentId}
              onChange={setParentId}
              emptyLabel="None (top level)"
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <SubmitButton busy={create.isPending} busyLabel="Creating…">
          Create organization
        </SubmitButton>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function OrganizationsPage() {
  useDocumentTitle('Organizations');
  const filters = useUrlFilters();
  const q = filters.get('q');
  const [search, setSearch] = useDraft(q);
  const [creating, setCreating] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const { index } = useOrganizationIndex();
  const tree: TreeState = {
    expanded,
    index,
    toggle: (id) =>
      setExpanded((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
  };
  const parents = index?.complete ? index.list.filter((o) => index.childrenOf(o.id).length > 0) : [];

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    filters.set({ q: search.trim() });
  };

  return (
    <>
      <PageHeader
        title="Organizations"
        subtitle="Customers and their sub-organizations."
        actions={
          <>
            {!creating && (
              <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
                New organization
              </button>
            )}
            <Link className="btn btn-secondary" to="/staff/import-export">
              Import or export CSV
            </Link>
          </>
        }
      />
      {creating && <CreateOrganization onDone={() => setCreating(false)} />}
      <div className="toolbar">
        <SearchForm
          className="grow"
          onSubmit={submitSearch}
          label="Search organizations"
          placeholder="Name"
          value={search}
          onChange={setSearch}
        ></SearchForm>
        {!q && parents.length > 0 && (
          <div className="inline-list">
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => setExpanded(new Set(parents.map((o) => o.id)))}
            >
              Expand all
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setExpanded(new Set())}>
              Collapse all
            </button>
          </div>
        )}
      </div>
      {q ? (
        <>
          <p className="muted" role="status">
            Organizations matching “{q}”.{' '}
            <button type="button" className="btn btn-link" onClick={filters.reset}>
              Show the tree
            </button>
          </p>
          <SearchResults q={q} index={index} />
        </>
      ) : (
        <section className="card tree-card" aria-label="Organization tree">
          <RootLevel tree={tree} />
        </section>
      )}
    </>
  );
}

function RootLevel({ tree }: { tree: TreeState }) {
  const roots = useLevel(null);
  if (!roots.isPending && !roots.isError && roots.items.length === 0)
    return (
      <EmptyState title="No organizations yet.">
        <p>Create the first one, or import a CSV file.</p>
      </EmptyState>
    );
  return <Level parentId={null} depth={0} tree={tree} />;
}
