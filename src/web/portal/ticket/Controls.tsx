// The parts of a ticket a contact may change, each shown only when the ticket's abilities allow it.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { Alert, CheckboxField, ErrorMessage, Field, SubmitButton } from '../../shared/ui.tsx';
import { PRIORITIES, priorityLabel, PriorityBadge } from '../badges.tsx';
import { hasModule, portalApi, useMe } from '../session.tsx';
import type { Asset, TicketDetail, TicketPriority } from '../types.ts';
import { useTicketUpdate } from './useTicketUpdate.ts';

export function DescriptionSection({ ticket }: { ticket: TicketDetail }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(ticket.description);
  const update = useTicketUpdate(ticket.id);
  const errors = fieldErrors(update.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ description: text }, { onSuccess: () => setEditing(false) });
  };

  return (
    <section className="card" aria-labelledby="description-heading">
      <div className="card-header">
        <h2 id="description-heading">Description</h2>
        {ticket.abilities.editDescription && !editing && (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => {
              setText(ticket.description);
              update.reset();
              setEditing(true);
            }}
          >
            Edit description
          </button>
        )}
      </div>
      {editing ? (
        <form onSubmit={submit}>
          {update.isError && !errors.description && <ErrorMessage error={update.error} />}
          <Field
            label="Description"
            error={errors.description ? `The description ${errors.description}.` : undefined}
          >
            {(control) => (
              // Focus follows the Edit click into the text.
              <textarea
                {...control}
                rows={8}
                value={text}
                autoFocus
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          <div className="form-actions">
            <SubmitButton busy={update.isPending}>Save description</SubmitButton>
            <button type="button" className="btn btn-secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : ticket.description.trim() ? (
        <div className="pre-wrap">{ticket.description}</div>
      ) : (
        <p className="muted">No description.</p>
      )}
    </section>
  );
}

export function PriorityControl({ ticket }: { ticket: TicketDetail }) {
  const [value, setValue] = useState<TicketPriority | undefined>(ticket.priority);
  const update = useTicketUpdate(ticket.id);
  if (!ticket.priority) return null;
  if (!ticket.abilities.changePriority) return <PriorityBadge priority={ticket.priority} />;
  const changed = value !== undefined && value !== ticket.priority;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value) update.mutate({ priority: value });
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <Field label="Priority">
        {(control) => (
          <select {...control} value={value} onChange={(e) => setValue(e.target.value as TicketPriority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {priorityLabel(p)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {changed && (
        <SubmitButton busy={update.isPending} className="btn-small">
          Save priority
        </SubmitButton>
      )}
      {update.isError && <ErrorMessage error={update.error} />}
    </form>
  );
}

export function AssetControl({ ticket }: { ticket: TicketDetail }) {
  const me = useMe();
  const current = ticket.asset?.id ?? '';
  const [value, setValue] = useState(current);
  const update = useTicketUpdate(ticket.id);
  const assets = useQuery({
    queryKey: ['portal', 'assets', 'choices'],
    queryFn: ({ signal }) => portalApi.get<Page<Asset>>('/api/portal/assets', { limit: 100 }, signal),
    enabled: ticket.abilities.setAsset,
    staleTime: 60_000,
  });
  if (ticket.asset === undefined) return null;
  if (!ticket.abilities.setAsset) {
    if (!ticket.asset) return <>None</>;
    return hasModule(me, 'assets') ? (
      <Link to={`/portal/assets/${ticket.asset.id}`}>{ticket.asset.name}</Link>
    ) : (
      <>{ticket.asset.name}</>
    );
  }

  const choices: { id: string; name: string; serialNumber?: string }[] = (assets.data?.items ?? []).filter(
    (a) => a.status !== 'retired' || a.id === current,
  );
  // The linked asset stays a choice even when it is not on the first page of the list.
  if (ticket.asset && !choices.some((a) => a.id === ticket.asset?.id)) choices.unshift(ticket.asset);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ assetId: value || null });
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <Field label="Linked asset">
        {(control) => (
          <select {...control} value={value} onChange={(e) => setValue(e.target.value)}>
            <option value="">None</option>
            {choices.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.serialNumber ? ` (${a.serialNumber})` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      {assets.isError && (
        <p className="field-hint" role="status">
          Your assets could not be loaded; only the current link can be kept or removed.
        </p>
      )}
      {value !== current && (
        <SubmitButton busy={update.isPending} className="btn-small">
          Save asset
        </SubmitButton>
      )}
      {update.isError && <ErrorMessage error={update.error} />}
    </form>
  );
}

/** Only the requester may make its ticket private (visible to itself and the support team). */
export function PrivateControl({ ticket }: { ticket: TicketDetail }) {
  const update = useTicketUpdate(ticket.id);
  if (!ticket.abilities.setPrivate) return null;
  return (
    <div className="stack private-control">
      <CheckboxField
        label="Private ticket"
        hint="Only you and the support team can see a private ticket, not your colleagues or managers."
        checked={ticket.private}
        onChange={(checked) => update.mutate({ private: checked })}
      />
      {update.isPending && (
        <p className="muted small" role="status">
          Saving…
        </p>
      )}
      {update.isError && <ErrorMessage error={update.error} />}
    </div>
  );
}

/** Close or reopen: one privilege, which of the two depends on the status. */
export function StatusActions({ ticket }: { ticket: TicketDetail }) {
  const update = useTicketUpdate(ticket.id);
  const { close, reopen } = ticket.abilities;
  if (!close && !reopen) return null;
  return (
    <>
      {(
        [
          [close, 'closed', 'Closing…', 'Close ticket'],
          [reopen, 'open', 'Reopening…', 'Reopen ticket'],
        ] as const
      ).map(
        ([may, status, busy, label]) =>
          may && (
            <button
              key={status}
              type="button"
              className="btn btn-secondary"
              onClick={() => update.mutate({ status })}
              disabled={update.isPending}
            >
              {update.isPending ? busy : label}
            </button>
          ),
      )}
      {update.isError && (
        <div className="full-width">
          <ErrorMessage error={update.error} />
        </div>
      )}
      {update.isSuccess && (
        <div className="full-width">
          <Alert tone="success">
            <p>{ticket.status === 'closed' ? 'The ticket is closed.' : 'The ticket is open again.'}</p>
          </Alert>
        </div>
      )}
    </>
  );
}
