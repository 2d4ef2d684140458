// The fields of a contact, for creating and editing: standard fields, organization, privilege
// group (administrators choose it; the API lists groups to administrators only), disabled, and
// the custom attributes that user-group rules can match (attributes.<key>).
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { fieldErrors } from '../../shared/api.ts';
import { CheckboxField, ErrorMessage, Field, SubmitButton, TextField } from '../../shared/ui.tsx';
import { usePrivilegeGroups } from '../queries.ts';
import { isAdmin, useStaffMe } from '../session.tsx';
import type { Contact, ContactInput } from '../types.ts';
import { OrganizationSelect } from './pickers.tsx';
import { useFocusInvalid } from './useFocusInvalid.ts';

/** The rule a key must follow (src/modules/contacts/schema.ts ATTRIBUTE_KEY). */
const ATTRIBUTE_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;

type Row = { key: number; name: string; value: string };

export type ContactDraft = Omit<ContactInput, 'attributes'> & { rows: Row[] };

let rowKeys = 0;
const rowsOf = (attributes: Record<string, string>): Row[] =>
  Object.entries(attributes).map(([name, value]) => ({ key: ++rowKeys, name, value }));

export function draftOf(contact?: Contact, organizationId = ''): ContactDraft {
  return {
    name: contact?.name ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    title: contact?.title ?? '',
    department: contact?.department ?? '',
    organizationId: contact?.organizationId ?? organizationId,
    privilegeGroupId: contact?.privilegeGroupId ?? '',
    disabled: contact?.disabled ?? false,
    rows: rowsOf(contact?.attributes ?? {}),
  };
}

/** The request body; an empty privilege group means "the default group" on create. */
export function inputOf(draft: ContactDraft): ContactInput {
  const attributes: Record<string, string> = {};
  for (const row of draft.rows) if (row.name.trim()) attributes[row.name.trim()] = row.value;
  const { rows: _rows, privilegeGroupId, ...rest } = draft;
  return { ...rest, attributes, ...(privilegeGroupId ? { privilegeGroupId } : {}) };
}

function attributeProblems(rows: Row[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (!name && !row.value) continue;
    if (!name) problems.set(row.key, 'Give the attribute a name.');
    else if (!ATTRIBUTE_KEY.test(name))
      problems.set(row.key, 'A name starts with a letter and has only letters, digits and _.');
    else if (seen.has(name.toLowerCase())) problems.set(row.key, 'This name is used twice.');
    seen.add(name.toLowerCase());
  }
  return problems;
}

function AttributesEditor(props: { rows: Row[]; onChange: (rows: Row[]) => void; serverError?: string }) {
  const legendId = useId();
  const problems = attributeProblems(props.rows);
  const update = (key: number, patch: Partial<Row>) =>
    props.onChange(props.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="attributes" aria-describedby={`${legendId}-hint`}>
      <legend id={legendId}>Custom attributes</legend>
      <p className="field-hint" id={`${legendId}-hint`}>
        Extra fields such as site, room or cost centre. User-group rules can match them as
        attributes.&lt;name&gt;.
      </p>
      {props.serverError && <p className="field-error">{props.serverError}</p>}
      {props.rows.length === 0 ? (
        <p className="muted small">No custom attributes.</p>
      ) : (
        <table className="attributes-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row, i) => {
              const problem = problems.get(row.key);
              const errorId = `${legendId}-${row.key}-error`;
              return (
                <tr key={row.key}>
                  <td>
                    <input
                      type="text"
                      aria-label={`Name of attribute ${i + 1}`}
                      value={row.name}
                      maxLength={63}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? errorId : undefined}
                      onChange={(e) => update(row.key, { name: e.target.value })}
                    />
                    {problem && (
                      <p className="field-error" id={errorId}>
                        {problem}
                      </p>
                    )}
                  </td>
                  <td>
                    <input
                      type="text"
                      aria-label={`Value of ${row.name || `attribute ${i + 1}`}`}
                      value={row.value}
                      maxLength={1000}
                      onChange={(e) => update(row.key, { value: e.target.value })}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-link btn-small"
                      onClick={() => props.onChange(props.rows.filter((r) => r.key !== row.key))}
                    >
                      Remove<span className="visually-hidden"> {row.name || `attribute ${i + 1}`}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={() => props.onChange([...props.rows, { key: ++rowKeys, name: '', value: '' }])}
      >
        Add attribute
      </button>
    </fieldset>
  );
}

/** The contact's optional one-line details: field, label, longest length. */
const OPTIONAL_FIELDS = [
  ['phone', 'Phone', 50],
  ['title', 'Title', 200],
  ['department', 'Department', 200],
] as const;

export function ContactForm(props: {
  draft: ContactDraft;
  onChange: (draft: ContactDraft) => void;
  onSubmit: () => void;
  busy: boolean;
  error: unknown;
  submitLabel: string;
  creating?: boolean;
  extraActions?: ReactNode;
}) {
  const me = useStaffMe();
  const admin = isAdmin(me);
  const groups = usePrivilegeGroups(admin);
  const { draft } = props;
  const set = <K extends keyof ContactDraft>(key: K, value: ContactDraft[K]) =>
    props.onChange({ ...draft, [key]: value });
  const errors = fieldErrors(props.error);
  const sentence = (field: string, name: string) =>
    errors[field] ? `The ${name} ${errors[field]}.` : undefined;
  const attributeError = Object.entries(errors).find(([k]) => k.startsWith('attributes'));
  const known = new Set([
    'name',
    'email',
    'phone',
    'title',
    'department',
    'organizationId',
    'privilegeGroupId',
  ]);
  const unplaced =
    props.error && !Object.keys(errors).some((k) => known.has(k) || k.startsWith('attributes'));
  const { ref, focusInvalid } = useFocusInvalid();
  // A 422 from the server marks its fields: the first one gets the focus.
  const { error } = props;
  useEffect(() => {
    if (error) focusInvalid();
  }, [error, focusInvalid]);
  const [blank, setBlank] = useState<{ name?: boolean; email?: boolean; organization?: boolean }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = {
      name: !draft.name.trim(),
      email: !draft.email.trim(),
      organization: !draft.organizationId,
    };
    setBlank(missing);
    if (missing.name || missing.email || missing.organization || attributeProblems(draft.rows).size > 0) {
      focusInvalid();
      return;
    }
    props.onSubmit();
  };
  const defaultGroup = groups.data?.find((g) => g.isDefault);

  return (
    <form onSubmit={submit} noValidate className="contact-form" ref={ref}>
      {unplaced ? <ErrorMessage error={props.error} /> : null}
      <div className="form-row">
        <TextField
          label="Name"
          error={blank.name ? 'Write the name.' : sentence('name', 'name')}
          type="text"
          autoComplete="off"
          maxLength={200}
          value={draft.name}
          onChange={(text) => set('name', text)}
        />
        <TextField
          label="E-mail address (portal sign-in)"
          error={blank.email ? 'Write the e-mail address.' : sentence('email', 'e-mail address')}
          type="email"
          autoComplete="off"
          maxLength={320}
          value={draft.email}
          onChange={(text) => set('email', text)}
        />
      </div>
      <div className="form-row">
        {OPTIONAL_FIELDS.map(([field, label, maxLength]) => (
          <TextField
            key={field}
            label={label}
            error={sentence(field, label.toLowerCase())}
            type="text"
            maxLength={maxLength}
            value={draft[field]}
            onChange={(text) => set(field, text)}
          />
        ))}
      </div>
      <div className="form-row">
        <Field
          label="Organization"
          error={blank.organization ? 'Choose the organization.' : sentence('organizationId', 'organization')}
        >
          {(control) => (
            <OrganizationSelect
              control={control}
              value={draft.organizationId}
              onChange={(id) => set('organizationId', id)}
              emptyLabel={draft.organizationId ? undefined : 'Choose…'}
            />
          )}
        </Field>
        {admin ? (
          <Field label="Privilege group" error={sentence('privilegeGroupId', 'privilege group')}>
            {(control) => (
              <select
                {...control}
                value={draft.privilegeGroupId}
                onChange={(e) => set('privilegeGroupId', e.target.value)}
                disabled={groups.isPending}
              >
                {props.creating && (
                  <option value="">Default{defaultGroup ? ` (${defaultGroup.name})` : ''}</option>
                )}
                {groups.isPending && <option value={draft.privilegeGroupId}>Loading…</option>}
                {(groups.data ?? []).map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                    {g.locked ? ' (system)' : ''}
                    {g.isDefault ? ' – default' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <div className="field">
            <p className="field-label-static">Privilege group</p>
            <p className="muted small">
              {props.creating
                ? 'New contacts get the default privilege group; an administrator can change it.'
                : 'Only administrators see and change privilege groups.'}
            </p>
          </div>
        )}
      </div>
      {groups.isError && (
        <ErrorMessage error={groups.error} title="The privilege groups could not be loaded" />
      )}
      <AttributesEditor
        rows={draft.rows}
        onChange={(rows) => set('rows', rows)}
        serverError={
          attributeError
            ? `Attribute ${attributeError[0].replace(/^attributes\.?/, '')} ${attributeError[1]}.`
            : undefined
        }
      />
      <CheckboxField
        label="Disabled"
        hint="A disabled contact cannot sign in and is signed out everywhere at once; its tickets remain."
        checked={draft.disabled}
        onChange={(checked) => set('disabled', checked)}
      />
      <div className="form-actions">
        <SubmitButton busy={props.busy}>{props.submitLabel}</SubmitButton>
        {props.extraActions}
      </div>
    </form>
  );
}
