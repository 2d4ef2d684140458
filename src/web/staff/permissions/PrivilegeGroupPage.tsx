// One privilege group: the privilege catalogue as a grid of check boxes, the scopes and the level.
// System groups are shown locked (copy them instead). Every save goes through the preview dialog.
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError, type Page } from '../../shared/api.ts';
import {
  Alert,
  EmptyState,
  Field,
  LoadMore,
  Loading,
  PageHeader,
  useDocumentTitle,
} from '../../shared/ui.tsx';
import { usePagedList } from '../../shared/paging.ts';
import { staffApi } from '../session.tsx';
import type { Contact } from '../types.ts';
import {
  LoadError,
  PERMISSIONS,
  plural,
  privilegeGroupsKey,
  SCOPE_LABEL,
  usePrivilegeCatalogue,
} from './common.tsx';
import { GroupMarkers } from './PrivilegeGroupsPage.tsx';
import { CATEGORIES, privilegeLabel, privilegeWarnings } from './privileges.ts';
import { SaveDialog } from './SaveDialog.tsx';
import type {
  AccessChange,
  Level,
  Privilege,
  PrivilegeGroup,
  PrivilegeGroupInput,
  PrivilegeName,
  Scope,
} from './types.ts';

const SCOPES: Scope[] = ['own', 'organization', 'organization_tree'];

const EMPTY: PrivilegeGroupInput = {
  name: '',
  description: '',
  privileges: ['portal.login', 'tickets.view', 'tickets.create', 'tickets.reply', 'account.change_password'],
  ticketScope: 'own',
  recordScope: 'own',
  scopeLevel: 'read',
};

const inputOf = (g: PrivilegeGroup): PrivilegeGroupInput => ({
  name: g.name,
  description: g.description,
  // A stored group holds only names from the catalogue (the server checks each on write).
  privileges: [...(g.privileges as PrivilegeName[])].sort(),
  ticketScope: g.ticketScope,
  recordScope: g.recordScope,
  scopeLevel: g.scopeLevel,
});

export function PrivilegeGroupPage() {
  const { id } = useParams();
  const isNew = id === 'new' || id === undefined;
  const group = useQuery({
    queryKey: [...privilegeGroupsKey, 'one', id],
    queryFn: ({ signal }) =>
      staffApi.get<PrivilegeGroup>(`/api/staff/privilege-groups/${id}`, undefined, signal),
    enabled: !isNew,
  });
  const catalogue = usePrivilegeCatalogue();
  useDocumentTitle(isNew ? 'New privilege group' : (group.data?.name ?? 'Privilege group'));
  const back = { to: `${PERMISSIONS}/privilege-groups`, label: 'Privilege groups' };

  if ((!isNew && group.isPending) || catalogue.isPending)
    return (
      <>
        <PageHeader title={isNew ? 'New privilege group' : 'Privilege group'} back={back} />
        <Loading label="Loading the privilege group…" />
      </>
    );
  if (!isNew && group.isError)
    return (
      <>
        <PageHeader title="Privilege group" back={back} />
        {isApiError(group.error, 404) ? (
          <EmptyState
            title="This privilege group does not exist."
            action={<Link to={back.to}>All privilege groups</Link>}
          >
            <p>It may have been deleted.</p>
          </EmptyState>
        ) : (
          <LoadError what="The privilege group" error={group.error} onRetry={() => void group.refetch()} />
        )}
      </>
    );
  if (catalogue.isError)
    return (
      <>
        <PageHeader title="Privilege group" back={back} />
        <LoadError
          what="The privilege catalogue"
          error={catalogue.error}
          onRetry={() => void catalogue.refetch()}
        />
      </>
    );
  return (
    <Editor
      key={group.data?.id ?? 'new'}
      group={isNew ? null : (group.data ?? null)}
      catalogue={catalogue.data}
    />
  );
}

type Dialog = 'save' | 'copy' | 'default' | 'delete' | null;

function Editor({ group, catalogue }: { group: PrivilegeGroup | null; catalogue: Privilege[] }) {
  const navigate = useNavigate();
  const saved = useMemo(() => (group ? inputOf(group) : EMPTY), [group]);
  const [draft, setDraft] = useState<PrivilegeGroupInput>(saved);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [copyName, setCopyName] = useState('');
  const [nameError, setNameError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const locked = group?.locked ?? false;
  const chosen = useMemo(() => new Set(draft.privileges), [draft.privileges]);

  // A newer saved version (after a save, or changed elsewhere) replaces the draft; a refetch of the
  // same version leaves unsaved edits alone.
  const savedKey = JSON.stringify(saved);
  const [baseKey, setBaseKey] = useState(savedKey);
  if (baseKey !== savedKey) {
    setBaseKey(savedKey);
    setDraft(saved);
  }

  const set = <K extends keyof PrivilegeGroupInput>(key: K, value: PrivilegeGroupInput[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const toggle = (name: PrivilegeName, on: boolean) =>
    set(
      'privileges',
      on ? [...new Set([...draft.privileges, name])].sort() : draft.privileges.filter((p) => p !== name),
    );

  // What changed, field by field.
  const added = draft.privileges.filter((p) => !saved.privileges.includes(p));
  const removed = saved.privileges.filter((p) => !draft.privileges.includes(p));
  const accessFields = {
    ...(added.length || removed.length ? { privileges: draft.privileges } : {}),
    ...(draft.ticketScope !== saved.ticketScope ? { ticketScope: draft.ticketScope } : {}),
    ...(draft.recordScope !== saved.recordScope ? { recordScope: draft.recordScope } : {}),
    ...(draft.scopeLevel !== saved.scopeLevel ? { scopeLevel: draft.scopeLevel } : {}),
  };
  const textFields = {
    ...(draft.name.trim() !== saved.name ? { name: draft.name.trim() } : {}),
    ...(draft.description.trim() !== saved.description ? { description: draft.description.trim() } : {}),
  };
  const dirty = group ? Object.keys(accessFields).length + Object.keys(textFields).length > 0 : true;

  const change: AccessChange | null =
    group && Object.keys(accessFields).length > 0
      ? { kind: 'update_privilege_group', privilegeGroupId: group.id, ...accessFields }
      : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.name.trim()) {
      setNameError('Give the group a name.');
      return;
    }
    setNameError(undefined);
    setDialog('save');
  };

  const warnings = privilegeWarnings(chosen);
  const summary = (
    <ChangeSummary
      isNew={!group}
      name={draft.name.trim()}
      added={added}
      removed={removed}
      lines={[
        ...(textFields.name !== undefined ? [`Name: “${saved.name}” → “${textFields.name}”`] : []),
        ...(textFields.description !== undefined ? ['The description changes.'] : []),
        ...(accessFields.ticketScope
          ? [`Ticket scope: ${SCOPE_LABEL[saved.ticketScope]} → ${SCOPE_LABEL[accessFields.ticketScope]}`]
          : []),
        ...(accessFields.recordScope
          ? [`Record scope: ${SCOPE_LABEL[saved.recordScope]} → ${SCOPE_LABEL[accessFields.recordScope]}`]
          : []),
        ...(accessFields.scopeLevel
          ? [
              `Beyond its own tickets: ${levelWords(saved.scopeLevel)} → ${levelWords(accessFields.scopeLevel)}`,
            ]
          : []),
      ]}
    />
  );

  const title = group ? group.name : 'New privilege group';
  return (
    <>
      <PageHeader
        title={
          <span className="inline-list">
            {title}
            {group && <GroupMarkers group={group} />}
          </span>
        }
        subtitle={group?.description || undefined}
        back={{ to: `${PERMISSIONS}/privilege-groups`, label: 'Privilege groups' }}
        actions={
          group && (
            <>
              <button type="button" className="btn btn-secondary" onClick={() => setDialog('copy')}>
                Make a copy
              </button>
              {!group.isDefault && (
                <button type="button" className="btn btn-secondary" onClick={() => setDialog('default')}>
                  Make default
                </button>
              )}
              {!group.locked && (
                <button
                  type="button"
                  className="btn btn-secondary btn-danger-outline"
                  onClick={() => setDialog('delete')}
                >
                  Delete
                </button>
              )}
            </>
          )
        }
      />
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      {locked && (
        <Alert tone="info" title="A locked system group">
          <p>
            System groups ship with Portico and cannot be changed or deleted. Make a copy to get a group with
            the same privileges that you can change.
          </p>
        </Alert>
      )}

      <form onSubmit={submit} noValidate className="stack editor-form">
        {!locked && (
          <fieldset className="card">
            <legend className="card-legend">About the group</legend>
            <Field label="Name" error={nameError}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  maxLength={200}
                  required
                  value={draft.name}
                  onChange={(e) => set('name', e.target.value)}
                />
              )}
            </Field>
            <Field label="Description" hint="Who the group is for, in a sentence. Optional.">
              {(control) => (
                <textarea
                  {...control}
                  className="short-textarea"
                  maxLength={2000}
                  value={draft.description}
                  onChange={(e) => set('description', e.target.value)}
                />
              )}
            </Field>
          </fieldset>
        )}

        {locked ? (
          <section className="card" aria-labelledby="reach-heading">
            <h2 id="reach-heading">Reach</h2>
            <dl className="description-list reach-list">
              <div>
                <dt>Ticket scope</dt>
                <dd>{SCOPE_LABEL[draft.ticketScope]}</dd>
              </div>
              <div>
                <dt>Record scope</dt>
                <dd>{SCOPE_LABEL[draft.recordScope]}</dd>
              </div>
              <div>
                <dt>Tickets reached through the scope</dt>
                <dd>{draft.scopeLevel === 'write' ? 'Read and write' : 'Read only'}</dd>
              </div>
            </dl>
          </section>
        ) : (
          <fieldset className="card">
            <legend className="card-legend">Reach</legend>
            <div className="form-grid">
              <ScopeSelect
                label="Ticket scope"
                hint="Tickets it sees besides its own. Private tickets stay with their requester."
                value={draft.ticketScope}
                onChange={(v) => set('ticketScope', v)}
                words={{
                  own: 'Own tickets only',
                  organization: 'Every ticket of its organization',
                  organization_tree: 'Its organization and every organization below it',
                }}
              />
              <ScopeSelect
                label="Record scope"
                hint="Assets, contracts, quotes, invoices, payments, documents. Own: its assets and its organization’s records."
                value={draft.recordScope}
                onChange={(v) => set('recordScope', v)}
                words={{
                  own: 'Own',
                  organization: 'Its organization',
                  organization_tree: 'Its organization and every organization below it',
                }}
              />
              <Field
                label="Tickets reached through the scope"
                hint="May it reply to, edit and close them? Its own tickets are always writable."
              >
                {(control) => (
                  <select
                    {...control}
                    value={draft.scopeLevel}
                    onChange={(e) => set('scopeLevel', e.target.value as Level)}
                  >
                    <option value="read">Read only</option>
                    <option value="write">Read and write</option>
                  </select>
                )}
              </Field>
            </div>
          </fieldset>
        )}

        <fieldset className="card" disabled={locked}>
          <legend className="card-legend">Privileges</legend>
          <p className="muted">
            {plural(draft.privileges.length, 'privilege')} of {catalogue.length} chosen.
          </p>
          {warnings.length > 0 && !locked && (
            <Alert tone="warning" title="Some choices have no effect" live={false}>
              <ul>
                {warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Alert>
          )}
          {CATEGORIES.map((category) => {
            const items = catalogue.filter((p) => category.match(p.name));
            if (items.length === 0) return null;
            return (
              <PrivilegeCategory
                key={category.key}
                title={category.title}
                hint={category.hint}
                items={items}
                chosen={chosen}
                locked={locked}
                onToggle={toggle}
                onAll={(on) =>
                  set(
                    'privileges',
                    on
                      ? [...new Set([...draft.privileges, ...items.map((p) => p.name)])].sort()
                      : draft.privileges.filter((p) => !items.some((i) => i.name === p)),
                  )
                }
              />
            );
          })}
          {(() => {
            const other = catalogue.filter((p) => !CATEGORIES.some((c) => c.match(p.name)));
            return other.length ? (
              <PrivilegeCategory
                title="Other"
                items={other}
                chosen={chosen}
                locked={locked}
                onToggle={toggle}
                onAll={() => undefined}
              />
            ) : null;
          })()}
        </fieldset>

        {!locked && (
          <div className={`form-actions ${dirty && group ? 'sticky-actions' : ''}`}>
            <button type="submit" className="btn btn-primary" disabled={!dirty}>
              {group ? 'Review and save…' : 'Create group…'}
            </button>
            {group && dirty && (
              <button type="button" className="btn btn-secondary" onClick={() => setDraft(saved)}>
                Discard changes
              </button>
            )}
            {group && !dirty && <span className="muted small">No unsaved changes.</span>}
          </div>
        )}
      </form>

      {group && <GroupContacts groupId={group.id} />}

      <SaveDialog
        open={dialog === 'save'}
        title={group ? `Save “${group.name}”?` : `Create “${draft.name.trim()}”?`}
        summary={summary}
        change={change}
        noPreview={
          group
            ? 'Only the name or description changes: what the contacts in this group can see and do stays the same.'
            : 'A new group has no contacts yet: nobody’s access changes until contacts are put in it.'
        }
        note={
          change && (removed.length > 0 || added.length > 0)
            ? 'Privileges that do not change what is visible (replying, closing, uploading) take effect too, on the contacts’ next request.'
            : undefined
        }
        confirmLabel={group ? 'Save changes' : 'Create group'}
        save={() =>
          group
            ? staffApi.patch<PrivilegeGroup>(`/api/staff/privilege-groups/${group.id}`, {
                ...textFields,
                ...accessFields,
              })
            : staffApi.post<PrivilegeGroup>('/api/staff/privilege-groups', {
                ...draft,
                name: draft.name.trim(),
                description: draft.description.trim(),
              })
        }
        onSaved={(result) => {
          setDialog(null);
          if (!group) void navigate(`${PERMISSIONS}/privilege-groups/${result.id}`, { replace: true });
          else
            setNotice(
              `“${result.name}” was saved. Contacts in it have the new privileges on their next request.`,
            );
        }}
        onCancel={() => setDialog(null)}
      />

      {group && (
        <>
          <SaveDialog
            open={dialog === 'copy'}
            title={`Copy “${group.name}”`}
            summary={
              <p>The copy gets the same privileges, scopes and level. You can change it afterwards.</p>
            }
            change={null}
            noPreview="A copy has no contacts yet: nobody’s access changes."
            confirmLabel="Make the copy"
            save={() =>
              staffApi.post<PrivilegeGroup>(
                `/api/staff/privilege-groups/${group.id}/copy`,
                copyName.trim() ? { name: copyName.trim() } : {},
              )
            }
            onSaved={(copy) => {
              setDialog(null);
              setCopyName('');
              void navigate(`${PERMISSIONS}/privilege-groups/${copy.id}`);
            }}
            onCancel={() => setDialog(null)}
          >
            <Field label="Name of the copy" hint={`Leave empty for “Copy of ${group.name}”.`}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  maxLength={200}
                  value={copyName}
                  onChange={(e) => setCopyName(e.target.value)}
                />
              )}
            </Field>
          </SaveDialog>
          <SaveDialog
            open={dialog === 'default'}
            title={`Make “${group.name}” the default?`}
            summary={
              <p>
                Contacts created from now on without a privilege group get “{group.name}”. Exactly one group
                is the default, so the current default loses the mark.
              </p>
            }
            change={null}
            noPreview="Existing contacts keep their privilege groups: nobody’s access changes now."
            confirmLabel="Make default"
            save={() => staffApi.post<PrivilegeGroup>(`/api/staff/privilege-groups/${group.id}/make-default`)}
            onSaved={(result) => {
              setDialog(null);
              setNotice(`“${result.name}” is now the default privilege group.`);
            }}
            onCancel={() => setDialog(null)}
          />
          <SaveDialog
            open={dialog === 'delete'}
            title={`Delete “${group.name}”?`}
            summary={<p>The group is removed for good. The audit log keeps what it was.</p>}
            change={null}
            noPreview="Only a group that no contact uses, and that is not the default, can be deleted: nobody’s access changes."
            confirmLabel="Delete group"
            tone="danger"
            save={() => staffApi.delete(`/api/staff/privilege-groups/${group.id}`)}
            onSaved={() => {
              setDialog(null);
              void navigate(`${PERMISSIONS}/privilege-groups`, { replace: true });
            }}
            onCancel={() => setDialog(null)}
          />
        </>
      )}
    </>
  );
}

const levelWords = (level: Level) => (level === 'write' ? 'read and write' : 'read only');

function ChangeSummary(props: {
  isNew: boolean;
  name: string;
  added: string[];
  removed: string[];
  lines: string[];
}) {
  if (props.isNew)
    return <p>A new privilege group “{props.name}” with the privileges and scopes you chose.</p>;
  return (
    <ul className="change-list">
      {props.lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
      {props.added.length > 0 && (
        <li>
          <strong>Adds:</strong> {props.added.map(privilegeLabel).join(', ')}
        </li>
      )}
      {props.removed.length > 0 && (
        <li>
          <strong>Removes:</strong> {props.removed.map(privilegeLabel).join(', ')}
        </li>
      )}
    </ul>
  );
}

function ScopeSelect(props: {
  label: string;
  hint: ReactNode;
  value: Scope;
  onChange: (value: Scope) => void;
  words: Record<Scope, string>;
}) {
  return (
    <Field label={props.label} hint={props.hint}>
      {(control) => (
        <select {...control} value={props.value} onChange={(e) => props.onChange(e.target.value as Scope)}>
          {SCOPES.map((s) => (
            <option key={s} value={s}>
              {props.words[s]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function PrivilegeCategory(props: {
  title: string;
  hint?: string;
  items: Privilege[];
  chosen: ReadonlySet<string>;
  locked: boolean;
  onToggle: (name: PrivilegeName, on: boolean) => void;
  onAll: (on: boolean) => void;
}) {
  const id = useId();
  const all = props.items.every((p) => props.chosen.has(p.name));
  const none = props.items.every((p) => !props.chosen.has(p.name));
  return (
    <fieldset className="privilege-category" aria-describedby={props.hint ? `${id}-hint` : undefined}>
      <legend className="privilege-legend">{props.title}</legend>
      {!props.locked && (
        <span className="inline-list privilege-tools">
          <button
            type="button"
            className="btn btn-link btn-small"
            onClick={() => props.onAll(true)}
            disabled={all}
          >
            Select all<span className="visually-hidden"> {props.title.toLowerCase()} privileges</span>
          </button>
          <button
            type="button"
            className="btn btn-link btn-small"
            onClick={() => props.onAll(false)}
            disabled={none}
          >
            Clear<span className="visually-hidden"> {props.title.toLowerCase()} privileges</span>
          </button>
        </span>
      )}
      {props.hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <ul className="privilege-grid">
        {props.items.map((p) => {
          const checked = props.chosen.has(p.name);
          return (
            <li
              key={p.name}
              className={`privilege ${checked ? 'privilege-on' : props.locked ? 'privilege-off' : ''}`}
            >
              {props.locked ? (
                <span className="privilege-mark" aria-hidden="true">
                  {checked ? '✓' : '–'}
                </span>
              ) : (
                <input
                  id={`${id}-${p.name}`}
                  type="checkbox"
                  checked={checked}
                  onChange={(e) => props.onToggle(p.name, e.target.checked)}
                  aria-describedby={`${id}-${p.name}-desc`}
                />
              )}
              <div>
                {props.locked ? (
                  <span className="privilege-name">
                    <span className="visually-hidden">{checked ? 'Included: ' : 'Not included: '}</span>
                    {privilegeLabel(p.name)} <code className="privilege-code">{p.name}</code>
                  </span>
                ) : (
                  <label htmlFor={`${id}-${p.name}`}>
                    {privilegeLabel(p.name)} <code className="privilege-code">{p.name}</code>
                  </label>
                )}
                <p className="privilege-description" id={`${id}-${p.name}-desc`}>
                  {p.description}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** Who has this group now: the first contacts, with more on request. */
function GroupContacts({ groupId }: { groupId: string }) {
  const list = usePagedList(['staff', 'contacts', 'by-privilege-group', groupId], (cursor, signal) =>
    staffApi.get<Page<Contact>>(
      '/api/staff/contacts',
      { privilegeGroupId: groupId, cursor, limit: 10 },
      signal,
    ),
  );
  return (
    <section className="card" aria-labelledby={`contacts-${groupId}`}>
      <h2 id={`contacts-${groupId}`}>Contacts in this group</h2>
      {list.isPending ? (
        <Loading label="Loading contacts…" />
      ) : list.isError && list.items.length === 0 ? (
        <LoadError what="The contacts" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <p className="muted">No contact has this privilege group.</p>
      ) : (
        <>
          <ul className="plain-list">
            {list.items.map((c) => (
              <li key={c.id}>
                <Link to={`/staff/access/contacts/${c.id}`}>{c.name}</Link>{' '}
                <span className="muted small">{c.email}</span>
                {c.disabled && <span className="muted small"> · disabled</span>}
              </li>
            ))}
          </ul>
          <LoadMore
            hasMore={list.hasMore}
            loading={list.loadingMore}
            onLoadMore={list.loadMore}
            label="More contacts"
          />
        </>
      )}
    </section>
  );
}
