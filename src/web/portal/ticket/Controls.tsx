// The parts of a ticket a contact may change, each shown only when the ticket's abilities allow it.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Page } from '../../shared/api.ts';
import type { ApiResponse } from '../../shared/api-types.ts';
import { MakePrivateDialog } from '../../shared/AccessLoss.tsx';
import { useTicketPatch } from '../../shared/ticket.tsx';
import { assetChoices, linkableAssets } from '../../shared/TicketParts.tsx';
import { choicesOf, SelectField } from '../../shared/SelectField.tsx';
import { Alert, CheckboxField, ErrorMessage, SubmitButton } from '../../shared/ui.tsx';
import { PRIORITIES, priorityLabel, PriorityBadge } from '../badges.tsx';
import { hasModule, portalApi, useMe } from '../session.tsx';
import type { Asset, TicketDetail, TicketPriority, TicketUpdate } from '../types.ts';

/** PATCH /api/portal/tickets/{id}; the answer (with fresh abilities) replaces the cached ticket. */
const useTicketUpdate = (id: string) => useTicketPatch<TicketDetail, TicketUpdate>(portalApi, id);

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
      <SelectField
        label="Priority"
        value={value ?? ticket.priority}
        onChange={setValue}
        choices={choicesOf(PRIORITIES, priorityLabel)}
      />
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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ assetId: value || null });
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <SelectField
        label="Linked asset"
        value={value}
        onChange={setValue}
        choices={assetChoices(linkableAssets(assets.data?.items ?? [], ticket.asset))}
      />
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

/** GET …/private-preview: who would lose access if the ticket were made private. */
type AccessLoss = ApiResponse<'/api/portal/tickets/{id}/private-preview'>;

/**
 * Only the requester may make its ticket private (visible to itself and the support team). When
 * that takes the ticket away from colleagues who see it now, a confirmation names them first.
 */
export function PrivateControl({ ticket }: { ticket: TicketDetail }) {
  const update = useTicketUpdate(ticket.id);
  const [loss, setLoss] = useState<AccessLoss | null>(null);
  const preview = useMutation({
    mutationFn: () => portalApi.get<AccessLoss>(`/api/portal/tickets/${ticket.id}/private-preview`),
    onSuccess: (found) => (found.count === 0 ? update.mutate({ private: true }) : setLoss(found)),
  });
  if (!ticket.abilities.setPrivate) return null;
  return (
    <div className="stack private-control">
      <CheckboxField
        label="Private ticket"
        hint="Only you and the support team can see a private ticket, not your colleagues or managers."
        checked={ticket.private}
        onChange={(checked) => (checked ? preview.mutate() : update.mutate({ private: false }))}
      />
      {(update.isPending || preview.isPending) && (
        <p className="muted small" role="status">
          Saving…
        </p>
      )}
      {update.isError && !loss && <ErrorMessage error={update.error} />}
      {preview.isError && <ErrorMessage error={preview.error} />}
      <MakePrivateDialog
        loss={loss}
        busy={update.isPending}
        error={update.error}
        onConfirm={() => update.mutate({ private: true, confirm: true }, { onSuccess: () => setLoss(null) })}
        onCancel={() => {
          update.reset();
          setLoss(null);
        }}
      />
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
