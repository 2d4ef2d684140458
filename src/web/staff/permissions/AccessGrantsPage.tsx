// Access grants ("super customers"): a contact follows the tickets of every member of a user group,
// read-only or read-write, optionally until an expiry. The list with filters, the form for a new
// grant and for changing one; every save and delete goes through the preview dialog.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError, type Page } from '../../shared/api.ts';
import type { ComboboxOption } from '../../shared/Combobox.tsx';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import {
  Alert,
  Badge,
  DataTable,
  EmptyState,
  Field,
  LoadMore,
  Loading,
  PageHeader,
  useDocumentTitle,
} from '../../shared/ui.tsx';
import { ContactCombobox, useContactOption } from '../components/pickers.tsx';
import { staffApi } from '../session.tsx';
import {
  accessGrantsKey,
  ACCESS,
  fromLocalInput,
  LevelBadge,
  LoadError,
  PERMISSIONS,
  toLocalInput,
  useAllUserGroups,
} from './common.tsx';
import { SaveDialog } from './SaveDialog.tsx';
import type { AccessChange, AccessGrant, Level } from './types.ts';

export function ExpiryCell({ grant }: { grant: AccessGrant }) {
  if (!grant.expiresAt) return <span className="muted">Never</span>;
  return (
    <span className="inline-list">
      <span title={formatDateTime(grant.expiresAt)}>
        {grant.expired ? 'Expired ' : 'Expires '}
        {formatRelative(grant.expiresAt)}
      </span>
      {grant.expired && <Badge tone="danger">Expired: no effect</Badge>}
    </span>
  );
}

export function AccessGrantsPage() {
  useDocumentTitle('Access grants');
  const [params, setParams] = useSearchParams();
  const contactId = params.get('contactId') ?? '';
  const userGroupId = params.get('userGroupId') ?? '';
  const contactOption = useContactOption(contactId || null);
  const groups = useAllUserGroups();
  const list = usePagedList([...accessGrantsKey, 'list', contactId, userGroupId], (cursor, signal) =>
    staffApi.get<Page<AccessGrant>>(
      '/api/staff/access-grants',
      { contactId, userGroupId, cursor, limit: 50 },
      signal,
    ),
  );
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const filtered = Boolean(contactId || userGroupId);
  const newLink = `${PERMISSIONS}/access-grants/new${userGroupId ? `?userGroupId=${userGroupId}` : ''}`;

  return (
    <>
      <div className="section-header">
        <div>
          <h2>Access grants</h2>
          <p className="muted">
            A grant lets a contact see (read) or also answer (write) the non-private tickets of every member
            of a user group: the portal’s group views. After its expiry a grant has no effect.
          </p>
        </div>
        <div className="page-actions">
          <Link className="btn btn-primary" to={newLink}>
            New access grant
          </Link>
        </div>
      </div>
      <div className="toolbar" role="search" aria-label="Filter access grants">
        <Field label="Contact" className="grow">
          {(control) => (
            <ContactCombobox
              control={control}
              value={contactOption}
              onChange={(o) => setFilter('contactId', o?.id ?? '')}
              placeholder="Any contact"
            />
          )}
        </Field>
        <Field label="User group" className="grow">
          {(control) => (
            <select
              {...control}
              value={userGroupId}
              onChange={(e) => setFilter('userGroupId', e.target.value)}
            >
              <option value="">Any user group</option>
              {(groups.data ?? []).map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {filtered && (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => setParams({}, { replace: true })}
          >
            Clear filters
          </button>
        )}
      </div>
      {list.isPending ? (
        <Loading label="Loading access grants…" />
      ) : list.isError && list.items.length === 0 ? (
        <LoadError what="The access grants" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyState
          title={filtered ? 'No access grant matches these filters.' : 'No contact holds an access grant.'}
          action={
            <Link className="btn btn-secondary" to={newLink}>
              New access grant
            </Link>
          }
        />
      ) : (
        <>
          <DataTable
            caption="Access grants"
            rows={list.items}
            rowKey={(g) => g.id}
            columns={[
              {
                header: 'Contact',
                primary: true,
                cell: (g) => <Link to={`${ACCESS}/contacts/${g.contact.id}`}>{g.contact.name}</Link>,
              },
              {
                header: 'Tickets of the members of',
                cell: (g) => (
                  <Link to={`${PERMISSIONS}/user-groups/${g.userGroup.id}`}>{g.userGroup.name}</Link>
                ),
              },
              { header: 'Level', cell: (g) => <LevelBadge level={g.level} /> },
              { header: 'Expiry', cell: (g) => <ExpiryCell grant={g} /> },
              {
                header: 'Actions',
                cell: (g) => (
                  <Link className="btn btn-secondary btn-small" to={`${PERMISSIONS}/access-grants/${g.id}`}>
                    Change
                    <span className="visually-hidden">
                      {' '}
                      the grant of {g.contact.name} on {g.userGroup.name}
                    </span>
                  </Link>
                ),
              },
            ]}
          />
          {list.moreError !== null && <LoadError what="More grants" error={list.moreError} />}
          <LoadMore
            hasMore={list.hasMore}
            loading={list.loadingMore}
            onLoadMore={list.loadMore}
            label="More grants"
          />
        </>
      )}
    </>
  );
}

/** /access-grants/new and /access-grants/:id: the form for a new grant or for changing one. */
export function AccessGrantPage() {
  const { id } = useParams();
  const isNew = id === undefined || id === 'new';
  const grant = useQuery({
    queryKey: [...accessGrantsKey, 'one', id],
    queryFn: ({ signal }) => staffApi.get<AccessGrant>(`/api/staff/access-grants/${id}`, undefined, signal),
    enabled: !isNew,
  });
  useDocumentTitle(isNew ? 'New access grant' : 'Access grant');
  const back = { to: `${PERMISSIONS}/access-grants`, label: 'Access grants' };
  if (!isNew && grant.isPending)
    return (
      <>
        <PageHeader title="Access grant" back={back} />
        <Loading label="Loading the access grant…" />
      </>
    );
  if (!isNew && grant.isError)
    return (
      <>
        <PageHeader title="Access grant" back={back} />
        {isApiError(grant.error, 404) ? (
          <EmptyState
            title="This access grant does not exist."
            action={<Link to={back.to}>All access grants</Link>}
          >
            <p>It may have been deleted.</p>
          </EmptyState>
        ) : (
          <LoadError what="The access grant" error={grant.error} onRetry={() => void grant.refetch()} />
        )}
      </>
    );
  return <GrantForm key={grant.data?.id ?? 'new'} grant={isNew ? null : (grant.data ?? null)} />;
}

type Dialog = 'save' | 'delete' | null;

function GrantForm({ grant }: { grant: AccessGrant | null }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const groups = useAllUserGroups();
  const initialContact = useContactOption(params.get('contactId'));
  const [contact, setContact] = useState<ComboboxOption | null>(null);
  const chosenContact = contact ?? (grant ? null : initialContact);
  const [userGroupId, setUserGroupId] = useState(grant?.userGroup.id ?? params.get('userGroupId') ?? '');
  const [level, setLevel] = useState<Level>(grant?.level ?? 'read');
  const [expires, setExpires] = useState(toLocalInput(grant?.expiresAt ?? null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dialog, setDialog] = useState<Dialog>(null);

  const expiresAt = fromLocalInput(expires);
  const expiryChanged = grant ? expires !== toLocalInput(grant.expiresAt) : true;
  const groupName =
    grant?.userGroup.name ?? groups.data?.find((g) => g.id === userGroupId)?.name ?? 'the group';
  const contactName = grant?.contact.name ?? chosenContact?.label ?? 'the contact';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!grant && !chosenContact) next.contact = 'Choose the contact who gets access.';
    if (!grant && !userGroupId) next.userGroupId = 'Choose the user group whose tickets it follows.';
    if (expires && !expiresAt) next.expires = 'Enter a valid date and time, or leave it empty.';
    else if (expiryChanged && expiresAt && new Date(expiresAt).getTime() <= Date.now())
      next.expires = 'The expiry must be in the future.';
    setErrors(next);
    if (Object.keys(next).length === 0) setDialog('save');
  };

  // What the preview can show. A new grant: exactly that. A new expiry on a grant that has expired
  // makes it work again, which is what a new grant on the same group does. A change to a live grant
  // changes nothing that is visible today (the level decides writing, not seeing); with a new
  // expiry, the preview shows what its end will take away.
  let change: AccessChange | null = null;
  let previewTitle: string | undefined;
  let noPreview: string | undefined;
  if (!grant) {
    if (chosenContact && userGroupId)
      change = { kind: 'add_grant', contactId: chosenContact.id, userGroupId, level, expiresAt };
  } else if (grant.expired && expiryChanged) {
    change = {
      kind: 'add_grant',
      contactId: grant.contact.id,
      userGroupId: grant.userGroup.id,
      level,
      expiresAt,
    };
    previewTitle = 'What renewing the expired grant changes';
  } else if (grant.expired) {
    noPreview = 'The grant has expired: it has no effect before or after this change.';
  } else if (expiryChanged && expiresAt) {
    change = { kind: 'remove_grant', grantId: grant.id };
    previewTitle = 'What ends when the grant expires (as things stand today)';
  } else {
    noPreview =
      level !== grant.level
        ? `What ${contactName} can see stays the same; it ${level === 'write' ? 'may now reply to, edit and close' : 'may no longer reply to, edit or close'} these tickets (each action still needs its privilege).`
        : 'What the contact can see stays the same.';
  }

  const body = grant
    ? {
        ...(level !== grant.level ? { level } : {}),
        ...(expiryChanged ? { expiresAt } : {}),
      }
    : { contactId: chosenContact?.id, userGroupId, level, expiresAt };
  const dirty = grant ? Object.keys(body).length > 0 : true;

  return (
    <>
      <PageHeader
        title={grant ? `${grant.contact.name} → ${grant.userGroup.name}` : 'New access grant'}
        subtitle={
          grant
            ? `Created ${formatDateTime(grant.createdAt)}.`
            : 'Let a contact follow the tickets of every member of a user group.'
        }
        back={{ to: `${PERMISSIONS}/access-grants`, label: 'Access grants' }}
        actions={
          grant && (
            <>
              <Link className="btn btn-secondary" to={`${ACCESS}/contacts/${grant.contact.id}`}>
                Effective access of {grant.contact.name}
              </Link>
              <button
                type="button"
                className="btn btn-secondary btn-danger-outline"
                onClick={() => setDialog('delete')}
              >
                Delete…
              </button>
            </>
          )
        }
      />
      {grant?.expired && (
        <Alert tone="warning" title="This grant has expired">
          <p>It has no effect. Set a new expiry in the future, or none, to make it work again.</p>
        </Alert>
      )}
      <form className="card narrow-card" onSubmit={submit} noValidate>
        {grant ? (
          <dl className="description-list grant-facts">
            <div>
              <dt>Contact</dt>
              <dd>
                <Link to={`${ACCESS}/contacts/${grant.contact.id}`}>{grant.contact.name}</Link>
              </dd>
            </div>
            <div>
              <dt>Follows the tickets of the members of</dt>
              <dd>
                <Link to={`${PERMISSIONS}/user-groups/${grant.userGroup.id}`}>{grant.userGroup.name}</Link>
              </dd>
            </div>
          </dl>
        ) : (
          <>
            <Field label="Contact" hint="Who gets access." error={errors.contact}>
              {(control) => <ContactCombobox control={control} value={chosenContact} onChange={setContact} />}
            </Field>
            <Field
              label="User group"
              hint="The contact sees the non-private tickets whose requester is a member of this group."
              error={errors.userGroupId}
            >
              {(control) => (
                <select {...control} value={userGroupId} onChange={(e) => setUserGroupId(e.target.value)}>
                  <option value="">
                    {groups.isPending ? 'Loading user groups…' : 'Choose a user group…'}
                  </option>
                  {(groups.data ?? []).map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        <fieldset className="field">
          <legend className="field-legend">Level</legend>
          <div className="radio-stack">
            <label className="radio">
              <input
                type="radio"
                name="level"
                value="read"
                checked={level === 'read'}
                onChange={() => setLevel('read')}
              />
              <span>
                <strong>Read only</strong>
                <span className="field-hint block">Sees the tickets; may write only its own.</span>
              </span>
            </label>
            <label className="radio">
              <input
                type="radio"
                name="level"
                value="write"
                checked={level === 'write'}
                onChange={() => setLevel('write')}
              />
              <span>
                <strong>Read and write</strong>
                <span className="field-hint block">
                  May also reply to, edit and close them, as far as its privilege group allows.
                </span>
              </span>
            </label>
          </div>
        </fieldset>
        <Field
          label="Expires"
          hint="Optional. After this moment the grant has no effect."
          error={errors.expires}
        >
          {(control) => (
            <div className="combobox-row">
              <input
                {...control}
                type="datetime-local"
                value={expires}
                onChange={(e) => setExpires(e.target.value)}
              />
              {expires && (
                <button type="button" className="btn btn-secondary btn-small" onClick={() => setExpires('')}>
                  No expiry
                </button>
              )}
            </div>
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!dirty}>
            {grant ? 'Review and save…' : 'Review and grant…'}
          </button>
          <Link className="btn btn-secondary" to={`${PERMISSIONS}/access-grants`}>
            Cancel
          </Link>
        </div>
      </form>

      <SaveDialog
        open={dialog === 'save'}
        title={grant ? `Change the grant of ${contactName}?` : `Grant ${contactName} access?`}
        summary={
          <p>
            {contactName} {grant ? 'will follow' : 'follows'} the tickets of the members of “{groupName}”,{' '}
            {level === 'write' ? 'read and write' : 'read only'},{' '}
            {expiresAt ? `until ${formatDateTime(expiresAt)}` : 'with no expiry'}.
          </p>
        }
        change={change}
        previewTitle={previewTitle}
        noPreview={noPreview}
        confirmLabel={grant ? 'Save changes' : 'Grant access'}
        save={() =>
          grant
            ? staffApi.patch<AccessGrant>(`/api/staff/access-grants/${grant.id}`, body)
            : staffApi.post<AccessGrant>('/api/staff/access-grants', body)
        }
        onSaved={(saved) => {
          setDialog(null);
          void navigate(`${PERMISSIONS}/access-grants/${saved.id}`, { replace: true });
        }}
        onCancel={() => setDialog(null)}
      />
      {grant && (
        <SaveDialog
          open={dialog === 'delete'}
          title={`Delete the grant of ${grant.contact.name}?`}
          summary={
            <p>
              {grant.contact.name} no longer follows the tickets of the members of “{grant.userGroup.name}”.
            </p>
          }
          change={{ kind: 'remove_grant', grantId: grant.id }}
          confirmLabel="Delete grant"
          tone="danger"
          save={() => staffApi.delete(`/api/staff/access-grants/${grant.id}`)}
          onSaved={() => {
            setDialog(null);
            void navigate(`${PERMISSIONS}/access-grants`, { replace: true });
          }}
          onCancel={() => setDialog(null)}
        />
      )}
    </>
  );
}
