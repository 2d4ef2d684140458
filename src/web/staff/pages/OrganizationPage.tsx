// One organization: its place in the tree (rename, move), its default team, its sub-organizations and its contacts.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { ConfirmButton } from '../../shared/ConfirmButton.tsx';
import { RecordFallback } from '../../shared/RecordFallback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import {
  Alert,
  EmptyState,
  ErrorMessage,
  Field,
  LoadMore,
  PageHeader,
  SubmitButton,
  useDocumentTitle,
  type Column,
  TextField,
} from '../../shared/ui.tsx';
import { PagedList } from '../../shared/lists.tsx';
import { PagedTable } from '../../shared/PagedTable.tsx';
import { DisabledBadge } from '../badges.tsx';
import { DefaultTeamForm } from '../components/DefaultTeamForm.tsx';
import { OrganizationSelect } from '../components/pickers.tsx';
import { organizationsKey, useOrganizationIndex } from '../queries.ts';
import { isAdmin, staffApi, useStaffMe } from '../session.tsx';
import type { Contact, Organization } from '../types.ts';

const organizationKey = (id: string) => ['staff', 'organization', id] as const;

function useSaveOrganization(org: Organization) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; parentId?: string | null; defaultTeamId?: string | null }) =>
      staffApi.patch<Organization>(`/api/staff/organizations/${org.id}`, body),
    onSuccess: async (saved) => {
      queryClient.setQueryData(organizationKey(org.id), saved);
      await queryClient.invalidateQueries({ queryKey: organizationsKey });
    },
  });
}

function RenameForm({ org }: { org: Organization }) {
  const [name, setName] = useState(org.name);
  const save = useSaveOrganization(org);
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name });
  };
  return (
    <form onSubmit={submit} className="stack" aria-labelledby="rename-heading">
      <h3 id="rename-heading" className="sub-heading">
        Name
      </h3>
      {save.isError && !errors.name && <ErrorMessage error={save.error} />}
      <TextField
        label="Organization name"
        error={errors.name ? `The name ${errors.name}.` : undefined}
        type="text"
        maxLength={200}
        value={name}
        onChange={setName}
      />
      <div className="form-actions">
        <SubmitButton busy={save.isPending} tone={name !== org.name ? 'primary' : 'secondary'}>
          Rename
        </SubmitButton>
        {save.isSuccess && name === org.name && (
          <span role="status" className="muted">
            Renamed.
          </span>
        )}
      </div>
    </form>
  );
}

/** The team of tickets its contacts open (its sub-organizations inherit it). */
function OrganizationTeamForm({ org }: { org: Organization }) {
  const save = useSaveOrganization(org);
  return (
    <DefaultTeamForm
      heading="Default team"
      hint="Tickets its contacts open (portal or mail) go to this team, and to its sub-organizations' unless they name their own."
      emptyLabel="Inherited (the parent's, else the desk's default)"
      teamId={org.defaultTeamId}
      save={(defaultTeamId) => save.mutateAsync({ defaultTeamId })}
    />
  );
}

function MoveForm({ org }: { org: Organization }) {
  const [parentId, setParentId] = useState(org.parentId ?? '');
  const save = useSaveOrganization(org);
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ parentId: parentId || null });
  };
  return (
    <form onSubmit={submit} className="stack" aria-labelledby="move-heading">
      <h3 id="move-heading" className="sub-heading">
        Place in the tree
      </h3>
      {save.isError && !errors.parentId && <ErrorMessage error={save.error} />}
      <Field
        label="Parent organization"
        hint="Moving changes who sees its tickets through an organization-tree scope or a group with sub-organizations, at once."
        error={errors.parentId ? `Not possible: ${errors.parentId}.` : undefined}
      >
        {(control) => (
          <OrganizationSelect
            control={control}
            value={parentId}
            onChange={(id) => {
              save.reset();
              setParentId(id);
            }}
            emptyLabel="None (top level)"
            exclude={(id) => id === org.id}
          />
        )}
      </Field>
      <div className="form-actions">
        <SubmitButton
          busy={save.isPending}
          busyLabel="Moving…"
          tone={parentId !== (org.parentId ?? '') ? 'primary' : 'secondary'}
        >
          Move
        </SubmitButton>
        {save.isSuccess && parentId === (org.parentId ?? '') && (
          <span role="status" className="muted">
            Moved.
          </span>
        )}
      </div>
    </form>
  );
}

function SubOrganizations({ org }: { org: Organization }) {
  const queryClient = useQueryClient();
  const children = usePagedList([...organizationsKey, 'level', org.id], (cursor, signal) =>
    staffApi.get<Page<Organization>>(
      '/api/staff/organizations',
      { parentId: org.id, cursor, limit: 50 },
      signal,
    ),
  );
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => staffApi.post<Organization>('/api/staff/organizations', { name, parentId: org.id }),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: organizationsKey });
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <section className="card" aria-labelledby="children-heading">
      <h2 id="children-heading">Sub-organizations</h2>
      <PagedList list={children} empty={<p className="muted">None.</p>}>
        <ul className="simple-list">
          {children.items.map((c) => (
            <li key={c.id}>
              <Link to={`/staff/organizations/${c.id}`}>{c.name}</Link>
            </li>
          ))}
        </ul>
      </PagedList>
      <LoadMore hasMore={children.hasMore} loading={children.loadingMore} onLoadMore={children.loadMore} />
      <form
        className="inline-form add-row"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        {create.isError && !errors.name && <ErrorMessage error={create.error} />}
        <TextField
          label="New sub-organization"
          error={errors.name ? `The name ${errors.name}.` : undefined}
          type="text"
          maxLength={200}
          value={name}
          onChange={setName}
        />
        <SubmitButton busy={create.isPending} tone="secondary" busyLabel="Adding…">
          Add
        </SubmitButton>
      </form>
    </section>
  );
}

function Contacts({ org }: { org: Organization }) {
  const list = usePagedList(['staff', 'contacts', 'list', { organizationId: org.id }], (cursor, signal) =>
    staffApi.get<Page<Contact>>('/api/staff/contacts', { organizationId: org.id, cursor, limit: 25 }, signal),
  );
  const columns: Column<Contact>[] = [
    {
      header: 'Name',
      primary: true,
      cell: (c) => (
        <>
          <Link to={`/staff/contacts/${c.id}`}>{c.name}</Link> {c.disabled && <DisabledBadge />}
        </>
      ),
    },
    { header: 'E-mail', cell: (c) => c.email },
    { header: 'Title', cell: (c) => c.title || '—' },
    { header: 'Department', cell: (c) => c.department || '—' },
  ];
  return (
    <section aria-labelledby="contacts-heading" className="section">
      <div className="block-header">
        <h2 id="contacts-heading">Contacts of {org.name}</h2>
        <div className="inline-list">
          <Link className="btn btn-secondary btn-small" to={`/staff/contacts/new?organizationId=${org.id}`}>
            New contact
          </Link>
          <a
            className="btn btn-secondary btn-small"
            href={`/api/staff/contacts/export.csv?organizationId=${org.id}`}
            download
          >
            Export contacts (CSV)
          </a>
        </div>
      </div>
      <PagedTable
        list={list}
        caption={`Contacts of ${org.name}`}
        columns={columns}
        loading="Loading contacts…"
        empty={<EmptyState title="No contacts in this organization." />}
        moreLabel="Load more contacts"
      />
    </section>
  );
}

function DeleteOrganization({ org }: { org: Organization }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <ConfirmButton
      label="Delete organization"
      className="btn btn-link"
      title={`Delete ${org.name}?`}
      confirmLabel="Delete"
      tone="danger"
      action={() => staffApi.delete(`/api/staff/organizations/${org.id}`)}
      onDone={async () => {
        await queryClient.invalidateQueries({ queryKey: organizationsKey });
        await navigate('/staff/organizations', { replace: true });
      }}
    >
      <p>Only an organization without sub-organizations, contacts, tickets or records can be deleted.</p>
    </ConfirmButton>
  );
}

export function OrganizationPage() {
  const { id = '' } = useParams();
  const admin = isAdmin(useStaffMe());
  const { index } = useOrganizationIndex();
  const org = useQuery({
    queryKey: organizationKey(id),
    queryFn: ({ signal }) => staffApi.get<Organization>(`/api/staff/organizations/${id}`, undefined, signal),
  });
  useDocumentTitle(org.data?.name ?? 'Organization');
  const back = { to: '/staff/organizations', label: 'Organizations' };

  if (!org.data) return <RecordFallback query={org} what="organization" back={back} />;
  const o = org.data;
  const parent = o.parentId ? index?.byId.get(o.parentId) : undefined;
  return (
    <>
      <PageHeader
        back={back}
        title={o.name}
        subtitle={
          o.parentId ? (
            <>
              In{' '}
              <Link to={`/staff/organizations/${o.parentId}`}>
                {parent ? index?.pathOf(parent.id) : 'its parent'}
              </Link>
            </>
          ) : (
            'Top-level organization'
          )
        }
        actions={
          <Link className="btn btn-secondary" to={`/staff/tickets?organizationId=${o.id}&status=all`}>
            Tickets of {o.name}
          </Link>
        }
      />
      <div className="two-columns">
        <div>
          <Contacts key={o.id} org={o} />
        </div>
        <aside aria-label="Organization settings">
          <section className="card stack">
            <RenameForm key={`name-${o.id}`} org={o} />
            <MoveForm key={`parent-${o.id}`} org={o} />
            {admin && <OrganizationTeamForm key={`team-${o.id}`} org={o} />}
          </section>
          <SubOrganizations key={o.id} org={o} />
          <section className="card">
            <p className="muted small">
              Created {formatDateTime(o.createdAt)}; last changed {formatDateTime(o.updatedAt)}.
            </p>
            {admin && (
              <p className="small">
                <Link to={`/staff/audit?entityId=${o.id}`}>Audit history of this organization</Link>
              </p>
            )}
            <DeleteOrganization org={o} />
          </section>
          {!index?.complete && index && (
            <Alert tone="info">
              <p>This install has more organizations than the choices show; use the search to find others.</p>
            </Alert>
          )}
        </aside>
      </div>
    </>
  );
}
