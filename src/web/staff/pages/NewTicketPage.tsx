// A ticket opened by staff for a requester (a phone call, a walk-in); its organization is always
// the requester's.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { fieldErrors, sentenceFor, type Page } from '../../shared/api.ts';
import type { ComboboxOption } from '../../shared/Combobox.tsx';
import {
  CheckboxField,
  ErrorMessage,
  Field,
  PageHeader,
  SubmitOrCancel,
  useDocumentTitle,
  TextField,
} from '../../shared/ui.tsx';
import { assetChoices, linkableAssets } from '../../shared/TicketParts.tsx';
import { choicesOf, SelectField } from '../../shared/SelectField.tsx';
import { PRIORITIES, priorityLabel, STATUSES, statusLabel } from '../badges.tsx';
import { ContactCombobox, useContactOption } from '../components/pickers.tsx';
import { useFocusInvalid } from '../components/useFocusInvalid.ts';
import { useContact, useOrganizationIndex } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { Asset, Ticket, TicketPriority, TicketStatus } from '../types.ts';

export function NewTicketPage() {
  useDocumentTitle('New ticket');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const initial = useContactOption(params.get('requesterId'));
  const [chosen, setChosen] = useState<ComboboxOption | null | undefined>(undefined);
  // Until the person chooses, the requester from the address (a contact's "New ticket" button).
  const requester = chosen === undefined ? initial : chosen;
  const contact = useContact(requester?.id);
  const { index } = useOrganizationIndex();
  const organizationId = contact.data?.organizationId;

  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<TicketPriority>('normal');
  const [status, setStatus] = useState<TicketStatus>('open');
  const [assetId, setAssetId] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [missing, setMissing] = useState<{ requester?: boolean; subject?: boolean }>({});

  const assets = useQuery({
    queryKey: ['staff', 'assets', 'of-organization', organizationId],
    queryFn: ({ signal }) =>
      staffApi.get<Page<Asset>>('/api/staff/assets', { organizationId, limit: 100 }, signal),
    enabled: Boolean(organizationId),
    staleTime: 60_000,
  });

  const create = useMutation({
    mutationFn: () =>
      staffApi.post<Ticket>('/api/staff/tickets', {
        requesterId: requester?.id,
        subject,
        description,
        priority,
        status,
        private: isPrivate,
        ...(assetId ? { assetId } : {}),
      }),
    onSuccess: async (ticket) => {
      await queryClient.invalidateQueries({ queryKey: ['staff', 'tickets'] });
      await navigate(`/staff/tickets/${ticket.id}`, { replace: true });
    },
  });

  const { ref, focusInvalid } = useFocusInvalid();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = { requester: !requester, subject: !subject.trim() };
    setMissing(problems);
    if (!problems.requester && !problems.subject) create.mutate(undefined, { onError: focusInvalid });
    else focusInvalid();
  };
  const errors = fieldErrors(create.error);
  const sentence = sentenceFor(errors);
  const organizationName = organizationId ? index?.byId.get(organizationId)?.name : undefined;

  return (
    <>
      <PageHeader title="New ticket" back={{ to: '/staff/tickets', label: 'Tickets' }} />
      <form className="card form-card" onSubmit={submit} noValidate ref={ref}>
        {create.isError && Object.keys(errors).length === 0 && <ErrorMessage error={create.error} />}
        <Field
          label="Requester"
          hint={
            organizationName
              ? `The ticket belongs to the requester's organization: ${organizationName}.`
              : 'The contact the ticket is for. The ticket belongs to its organization.'
          }
          error={missing.requester ? 'Choose the requester.' : sentence('requesterId', 'requester')}
        >
          {(control) => (
            <ContactCombobox
              control={control}
              value={requester}
              onChange={(option) => {
                setChosen(option);
                setAssetId('');
              }}
              name="requester"
            />
          )}
        </Field>
        <TextField
          label="Subject"
          error={missing.subject ? 'Write a subject.' : sentence('subject', 'subject')}
          type="text"
          name="subject"
          maxLength={200}
          required
          value={subject}
          onChange={setSubject}
        />
        <Field
          label="Description"
          hint="Visible to the requester and to contacts with access to the ticket."
          error={sentence('description', 'description')}
        >
          {(control) => (
            <textarea
              {...control}
              name="description"
              rows={7}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
        <div className="form-row">
          <SelectField
            label="Status"
            value={status}
            onChange={setStatus}
            choices={choicesOf(STATUSES, statusLabel)}
          />
          <SelectField
            label="Priority"
            value={priority}
            onChange={setPriority}
            choices={choicesOf(PRIORITIES, priorityLabel)}
          />
          <SelectField
            label="Linked asset"
            hint={requester ? undefined : 'Choose the requester first.'}
            error={sentence('assetId', 'asset')}
            value={assetId}
            onChange={setAssetId}
            disabled={!organizationId}
            choices={assetChoices(linkableAssets(assets.data?.items ?? [], null))}
          />
        </div>
        <CheckboxField
          label="Private: only the requester and staff"
          hint="No colleague, manager or access grant sees a private ticket."
          checked={isPrivate}
          onChange={setPrivate}
        />
        <SubmitOrCancel
          busy={create.isPending}
          busyLabel="Creating…"
          onCancel={() => void navigate('/staff/tickets')}
        >
          Create ticket
        </SubmitOrCancel>
      </form>
    </>
  );
}
