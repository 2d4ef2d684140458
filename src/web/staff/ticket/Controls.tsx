// What staff change on a ticket: subject and description, close or reopen, and the properties
// form (status, priority, linked asset, private, requester), saved together.
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fieldErrors, sentenceFor, type Page } from '../../shared/api.ts';
import type { ComboboxOption } from '../../shared/Combobox.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { assetChoices, linkableAssets } from '../../shared/TicketParts.tsx';
import { choicesOf, SelectField, type Choice } from '../../shared/SelectField.tsx';
import { MakePrivateDialog, type AccessLoss } from '../../shared/AccessLoss.tsx';
import {
  Alert,
  CheckboxField,
  DescriptionList,
  ErrorMessage,
  Field,
  SubmitButton,
} from '../../shared/ui.tsx';
import { PRIORITIES, priorityLabel, STATUSES, statusLabel } from '../badges.tsx';
import { ContactCombobox } from '../components/pickers.tsx';
import { useTicketPatch } from '../../shared/ticket.tsx';
import { staffApi } from '../session.tsx';
import type { Asset, StaffUser, Team, Ticket, TicketPriority, TicketStatus, TicketUpdate } from '../types.ts';

/** PATCH /api/staff/tickets/{id}; the answer replaces the cached ticket, the history is re-read. */
const useTicketUpdate = (id: string) => useTicketPatch<Ticket, TicketUpdate>(staffApi, id);

/** Close an open or pending ticket, reopen a closed one. */
export function StatusButton({ ticket }: { ticket: Ticket }) {
  const update = useTicketUpdate(ticket.id);
  const closing = ticket.status !== 'closed';
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => update.mutate({ status: closing ? 'closed' : 'open' })}
        disabled={update.isPending}
        aria-busy={update.isPending || undefined}
      >
        {update.isPending ? 'Saving…' : closing ? 'Close ticket' : 'Reopen ticket'}
      </button>
      {update.isError && (
        <div className="full-width">
          <ErrorMessage error={update.error} />
        </div>
      )}
    </>
  );
}

type Draft = {
  teamId: string;
  assigneeId: string;
  status: TicketStatus;
  priority: TicketPriority;
  assetId: string;
  private: boolean;
  requester: ComboboxOption | null;
};

const draftOf = (t: Ticket): Draft => ({
  teamId: t.team?.id ?? '',
  assigneeId: t.assignee?.id ?? '',
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

  // Team and assignee (§6b): the teams the staff user may set (an agent its own), and as assignee a
  // member of the chosen team, or any enabled staff user while the ticket has no team.
  const teams = useQuery({
    queryKey: ['staff', 'teams', 'choices'],
    queryFn: ({ signal }) => staffApi.get<Page<Team>>('/api/staff/teams', { limit: 100 }, signal),
    staleTime: 60_000,
  });
  const staffUsers = useQuery({
    queryKey: ['staff', 'staff-users', 'enabled'],
    queryFn: ({ signal }) =>
      staffApi.get<Page<StaffUser>>('/api/staff/staff-users', { disabled: 'false', limit: 100 }, signal),
    staleTime: 60_000,
    enabled: !draft.teamId,
  });
  const teamChoices: Choice[] = (teams.data?.items ?? []).map((t) => [t.id, t.name]);
  if (ticket.team && !teamChoices.some(([id]) => id === ticket.team?.id))
    teamChoices.push([ticket.team.id, ticket.team.name]);
  const chosenTeam = teams.data?.items.find((t) => t.id === draft.teamId);
  const assigneeChoices: Choice[] = draft.teamId
    ? (chosenTeam?.members ?? []).map((m) => [m.id, m.name])
    : (staffUsers.data?.items ?? []).map((u) => [u.id, u.name]);
  if (ticket.assignee && !assigneeChoices.some(([id]) => id === ticket.assignee?.id))
    assigneeChoices.push([ticket.assignee.id, ticket.assignee.name]);

  const body: TicketUpdate = {};
  if (draft.teamId !== (ticket.team?.id ?? '')) body.teamId = draft.teamId || null;
  if (draft.assigneeId !== (ticket.assignee?.id ?? '')) body.assigneeId = draft.assigneeId || null;
  if (draft.status !== ticket.status) body.status = draft.status;
  if (draft.priority !== ticket.priority) body.priority = draft.priority;
  if (draft.assetId !== (ticket.asset?.id ?? '')) body.assetId = draft.assetId || null;
  if (draft.private !== ticket.private) body.private = draft.private;
  if (requesterChanged && draft.requester) body.requesterId = draft.requester.id;
  const dirty = Object.keys(body).length > 0;

  const save = (confirmed: boolean) =>
    update.mutate(confirmed ? { ...body, confirm: true } : body, {
      onSuccess: (t) => {
        setLoss(null);
        setDraft(draftOf(t));
        setSaved(true);
      },
    });
  // Making it private takes it from contacts who see it now: name them and confirm first.
  const [loss, setLoss] = useState<AccessLoss | null>(null);
  const preview = useMutation({
    mutationFn: () => staffApi.get<AccessLoss>(`/api/staff/tickets/${ticket.id}/private-preview`),
    onSuccess: (found) => (found.count === 0 ? save(false) : setLoss(found)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty) return;
    if (body.private === true) preview.mutate();
    else save(false);
  };
  const errors = fieldErrors(update.error);
  const sentence = sentenceFor(errors);

  return (
    <form onSubmit={submit} className="properties-form" aria-labelledby="properties-heading">
      <h2 id="properties-heading">Properties</h2>
      {update.isError && Object.keys(errors).length === 0 && <ErrorMessage error={update.error} />}
      <SelectField
        label="Team"
        value={draft.teamId}
        empty="No team"
        error={sentence('teamId', 'team')}
        onChange={(v) => {
          // Another team: pick its assignee anew (the old one may not be a member).
          set('teamId', v);
          set('assigneeId', '');
        }}
        choices={teamChoices}
      />
      <SelectField
        label="Assignee"
        value={draft.assigneeId}
        empty="Unassigned"
        hint={draft.teamId ? 'Members of the team.' : undefined}
        error={sentence('assigneeId', 'assignee')}
        onChange={(v) => set('assigneeId', v)}
        choices={assigneeChoices}
      />
      <SelectField
        label="Status"
        value={draft.status}
        onChange={(v) => set('status', v)}
        choices={choicesOf(STATUSES, statusLabel)}
      />
      <SelectField
        label="Priority"
        value={draft.priority}
        onChange={(v) => set('priority', v)}
        choices={choicesOf(PRIORITIES, priorityLabel)}
      />
      <SelectField
        label="Linked asset"
        hint={
          assets.isError
            ? 'The assets could not be loaded; only the current link can be kept or removed.'
            : `Assets of ${ticket.organization.name}.`
        }
        error={sentence('assetId', 'asset')}
        value={draft.assetId}
        onChange={(v) => set('assetId', v)}
        choices={assetChoices(linkableAssets(assets.data?.items ?? [], ticket.asset), (a) =>
          a.status === 'retired' ? ' – retired' : '',
        )}
      />
      <Field
        label="Requester"
        hint="Moving the ticket to another requester also moves it to that contact's organization."
        error={sentence('requesterId', 'requester')}
      >
        {(control) => (
          <ContactCombobox control={control} value={draft.requester} onChange={(o) => set('requester', o)} />
        )}
      </Field>
      <CheckboxField
        label="Private ticket"
        hint="Only the requester, its participants and staff see a private ticket; no colleague, manager or grant does. Who would lose it is shown before saving."
        checked={draft.private}
        onChange={(checked) => set('private', checked)}
      />
      <div className="form-actions">
        <SubmitButton busy={update.isPending || preview.isPending} tone={dirty ? 'primary' : 'secondary'}>
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
      {preview.isError && <ErrorMessage error={preview.error} />}
      <MakePrivateDialog
        loss={loss}
        busy={update.isPending}
        error={update.error}
        onConfirm={() => save(true)}
        onCancel={() => {
          update.reset();
          setLoss(null);
        }}
      />
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
        // SLA (docs/desk.md, "SLAs"): the due times, and whether the first response was met.
        [
          'First response due',
          ticket.sla.firstResponseDueAt
            ? `${formatDateTime(ticket.sla.firstResponseDueAt)}${
                ticket.sla.firstRespondedAt
                  ? ` (answered ${formatDateTime(ticket.sla.firstRespondedAt)})`
                  : ''
              }`
            : undefined,
        ],
        [
          'Resolution due',
          ticket.sla.resolutionDueAt ? formatDateTime(ticket.sla.resolutionDueAt) : undefined,
        ],
        [
          'SLA clock',
          ticket.sla.pausedSince ? `stopped since ${formatDateTime(ticket.sla.pausedSince)}` : undefined,
        ],
      ]}
    />
  );
}
