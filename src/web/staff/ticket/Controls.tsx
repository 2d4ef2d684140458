// What staff change on a ticket: subject and description, and the properties form (status,
// priority, linked asset, private, requester), saved together.
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fieldErrors, type Page } from '../../shared/api.ts';
import type { ComboboxOption } from '../../shared/Combobox.tsx';
import { formatDateTime } from '../../shared/format.ts';
import {
  Alert,
  CheckboxField,
  DescriptionList,
  ErrorMessage,
  Field,
  SubmitButton,
  TextField,
} from '../../shared/ui.tsx';
import { PRIORITIES, priorityLabel, STATUSES, statusLabel } from '../badges.tsx';
import { ContactCombobox } from '../components/pickers.tsx';
import { staffApi } from '../session.tsx';
import type { Asset, Ticket, TicketPriority, TicketStatus, TicketUpdate } from '../types.ts';
import { useTicketUpdate } from './useTicket.ts';

export function DescriptionSection({ ticket }: { ticket: Ticket }) {
  const [editing, setEditing] = useState(false);
  const [subject, setSubject] = useState(ticket.subject);
  const [text, setText] = useState(ticket.description ?? '');
  const update = useTicketUpdate(ticket.id);
  const errors = fieldErrors(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ subject, description: text }, { onSuccess: () => setEditing(false) });
  };

  return (
    <section className="card" aria-labelledby="description-heading">
      <div className="card-header">
        <h2 id="description-heading">Description</h2>
        {!editing && (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => {
              setSubject(ticket.subject);
              setText(ticket.description ?? '');
              update.reset();
              setEditing(true);
            }}
          >
            Edit subject and description
          </button>
        )}
      </div>
      {editing ? (
        <form onSubmit={submit}>
          {update.isError && !errors.description && !errors.subject && <ErrorMessage error={update.error} />}
          <TextField
            label="Subject"
            error={errors.subject ? `The subject ${errors.subject}.` : undefined}
            type="text"
            maxLength={200}
            value={subject}
            autoFocus
            onChange={setSubject}
          />
          <Field
            label="Description"
            error={errors.description ? `The description ${errors.description}.` : undefined}
          >
            {(control) => (
              <textarea {...control} rows={8} value={text} onChange={(e) => setText(e.target.value)} />
            )}
          </Field>
          <div className="form-actions">
            <SubmitButton busy={update.isPending}>Save</SubmitButton>
            <button type="button" className="btn btn-secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : ticket.description?.trim() ? (
        <div className="pre-wrap">{ticket.description}</div>
      ) : (
        <p className="muted">No description.</p>
      )}
    </section>
  );
}

type Draft = {
  status: TicketStatus;
  priority: TicketPriority;
  assetId: string;
  private: boolean;
  requester: ComboboxOption | null;
};

const draftOf = (t: Ticket): Draft => ({
  status: t.status,
  priority: t.priority,
  assetId: t.asset?.id ?? '',
  private: t.private,
  requester: { id: t.requester.id, label: t.requester.name, description: t.requester.email },
});

/** The properties of a ticket, changed together; only what changed is sent. */
export function PropertiesForm({ ticket }: { ticket: Ticket }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(ticket));
  const [saved, setSaved] = useState(false);
  const update = useTicketUpdate(ticket.id);
  // A change made elsewhere (the composer's status, another agent) shows here once it is read.
  useEffect(() => setDraft(draftOf(ticket)), [ticket]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const requesterChanged = draft.requester !== null && draft.requester.id !== ticket.requester.id;
  // Assets of the (possibly new) requester's organization are not known before saving: while the
  // requester changes, the asset choice is limited to keeping none or the current link.
  const assets = useQuery({
    queryKey: ['staff', 'assets', 'of-organization', ticket.organization.id],
    queryFn: ({ signal }) =>
      staffApi.get<Page<Asset>>(
        '/api/staff/assets',
        { organizationId: ticket.organization.id, limit: 100 },
        signal,
      ),
    staleTime: 60_000,
  });

  const body: TicketUpdate = {};
  if (draft.status !== ticket.status) body.status = draft.status;
  if (draft.priority !== ticket.priority) body.priority = draft.priority;
  if (draft.assetId !== (ticket.asset?.id ?? '')) body.assetId = draft.assetId || null;
  if (draft.private !== ticket.private) body.private = draft.private;
  if (requesterChanged && draft.requester) body.requesterId = draft.requester.id;
  const dirty = Object.keys(body).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty) return;
    update.mutate(body, {
      onSuccess: (t) => {
        setDraft(draftOf(t));
        setSaved(true);
      },
    });
  };
  const errors = fieldErrors(update.error);
  const choices = (assets.data?.items ?? []).filter(
    (a) => a.status !== 'retired' || a.id === ticket.asset?.id,
  );
  if (ticket.asset && !choices.some((a) => a.id === ticket.asset?.id))
    choices.unshift({ ...ticket.asset } as Asset);

  return (
    <form onSubmit={submit} className="properties-form" aria-labelledby="properties-heading">
      <h2 id="properties-heading">Properties</h2>
      {update.isError && Object.keys(errors).length === 0 && <ErrorMessage error={update.error} />}
      <Field label="Status">
        {(control) => (
          <select
            {...control}
            value={draft.status}
            onChange={(e) => set('status', e.target.value as TicketStatus)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Priority">
        {(control) => (
          <select
            {...control}
            value={draft.priority}
            onChange={(e) => set('priority', e.target.value as TicketPriority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {priorityLabel(p)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Linked asset"
        hint={
          assets.isError
            ? 'The assets could not be loaded; only the current link can be kept or removed.'
            : `Assets of ${ticket.organization.name}.`
        }
        error={errors.assetId ? `The asset ${errors.assetId}.` : undefined}
      >
        {(control) => (
          <select {...control} value={draft.assetId} onChange={(e) => set('assetId', e.target.value)}>
            <option value="">None</option>
            {choices.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.serialNumber ? ` (${a.serialNumber})` : ''}
                {a.status === 'retired' ? ' – retired' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Requester"
        hint="Moving the ticket to another requester also moves it to that contact's organization."
        error={errors.requesterId ? `The requester ${errors.requesterId}.` : undefined}
      >
        {(control) => (
          <ContactCombobox control={control} value={draft.requester} onChange={(o) => set('requester', o)} />
        )}
      </Field>
      <CheckboxField
        label="Private ticket"
        hint="Only the requester and staff see a private ticket; no colleague, manager or grant does."
        checked={draft.private}
        onChange={(checked) => set('private', checked)}
      />
      <div className="form-actions">
        <SubmitButton busy={update.isPending} tone={dirty ? 'primary' : 'secondary'}>
          Save changes
        </SubmitButton>
        {dirty && (
          <button type="button" className="btn btn-link" onClick={() => setDraft(draftOf(ticket))}>
            Undo changes
          </button>
        )}
      </div>
      {saved && !dirty && (
        <Alert tone="success">
          <p>Saved.</p>
        </Alert>
      )}
    </form>
  );
}

export function TicketFacts({ ticket }: { ticket: Ticket }) {
  return (
    <DescriptionList
      items={[
        [
          'Requester',
          <>
            <Link to={`/staff/contacts/${ticket.requester.id}`}>{ticket.requester.name}</Link>
            <br />
            <span className="muted small">{ticket.requester.email}</span>
          </>,
        ],
        [
          'Organization',
          <Link key="o" to={`/staff/organizations/${ticket.organization.id}`}>
            {ticket.organization.name}
          </Link>,
        ],
        ['Opened', formatDateTime(ticket.createdAt)],
        ['Last activity', formatDateTime(ticket.lastActivityAt)],
        ['Closed', ticket.closedAt ? formatDateTime(ticket.closedAt) : undefined],
      ]}
    />
  );
}
