import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Field, PageHeader, TextField } from '../../../shared/ui.tsx';
import { staffApi } from '../../session.tsx';
import { PERMISSIONS, SCOPE_LABEL } from '../common.tsx';
import { GroupMarkers } from '../PrivilegeGroupsPage.tsx';
import { SaveDialog } from '../SaveDialog.tsx';
import type { AccessChange, Privilege, PrivilegeGroup, PrivilegeGroupInput } from '../types.ts';
import { EMPTY, inputOf, levelWords, type SetField } from './draft.ts';
import { ChangeSummary } from './ChangeSummary.tsx';
import { Reach } from './Reach.tsx';
import { Privileges } from './Privileges.tsx';
import { GroupDialogs } from './GroupDialogs.tsx';
import { GroupContacts } from './GroupContacts.tsx';

type Dialog = 'save' | 'copy' | 'default' | 'delete' | null;

export function Editor({ group, catalogue }: { group: PrivilegeGroup | null; catalogue: Privilege[] }) {
  const navigate = useNavigate();
  const saved = useMemo(() => (group ? inputOf(group) : EMPTY), [group]);
  const [draft, setDraft] = useState<PrivilegeGroupInput>(saved);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [nameError, setNameError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const locked = group?.locked ?? false;

  // A newer saved version (after a save, or changed elsewhere) replaces the draft; a refetch of the
  // same version leaves unsaved edits alone.
  const savedKey = JSON.stringify(saved);
  const [baseKey, setBaseKey] = useState(savedKey);
  if (baseKey !== savedKey) {
    setBaseKey(savedKey);
    setDraft(saved);
  }

  const set: SetField = (key, value) => setDraft((d) => ({ ...d, [key]: value }));

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
            <TextField
              label="Name"
              error={nameError}
              type="text"
              maxLength={200}
              required
              value={draft.name}
              onChange={(text) => set('name', text)}
            />
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

        <Reach draft={draft} locked={locked} set={set} />

        <Privileges catalogue={catalogue} draft={draft} locked={locked} set={set} />

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
        <GroupDialogs group={group} open={dialog} onClose={() => setDialog(null)} onNotice={setNotice} />
      )}
    </>
  );
}
