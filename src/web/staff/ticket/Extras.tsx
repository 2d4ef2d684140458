// A ticket's history (every field change, by whom) and the e-mails filed under it, each loaded
// when its section is opened.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fieldErrors, sentenceFor } from '../../shared/api.ts';
import { humanize } from '../../shared/format.ts';
import { ticketListKey } from '../../shared/ticket.tsx';
import { EmailMessage, EmailsSection, HistorySection } from '../../shared/TicketParts.tsx';
import { CheckboxField, ErrorMessage, Field, SubmitOrCancel, TextField } from '../../shared/ui.tsx';
import { VisibilityBadge } from '../badges.tsx';
import { useContact } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { Asset, TicketEmail, TicketEvent } from '../types.ts';
import { actingSuffix } from './acting.ts';
import { VisibilityToggle } from './Attachments.tsx';

function ContactName({ id }: { id: string }) {
  const contact = useContact(id);
  return <>{contact.data?.name ?? (contact.isError ? 'a deleted contact' : '…')}</>;
}

function AssetName({ id }: { id: string }) {
  const asset = useQuery({
    queryKey: ['staff', 'asset', id],
    queryFn: ({ signal }) => staffApi.get<Asset>(`/api/staff/assets/${id}`, undefined, signal),
    staleTime: 60_000,
  });
  return <>{asset.data?.name ?? (asset.isError ? 'a deleted asset' : '…')}</>;
}

const FIELD_NAMES: Record<string, string> = {
  status: 'Status',
  priority: 'Priority',
  assetId: 'Linked asset',
  requesterId: 'Requester',
  private: 'Private',
  subject: 'Subject',
};

function Value({ field, value }: { field: string; value: string | null }) {
  if (value === null || value === '') return <em>none</em>;
  if (field === 'assetId') return <AssetName id={value} />;
  if (field === 'requesterId') return <ContactName id={value} />;
  if (field === 'private') return <>{value === 'true' ? 'yes' : 'no'}</>;
  if (field === 'subject') return <>“{value}”</>;
  return <>{humanize(value)}</>;
}

function EmailItem({ email, onChanged }: { email: TicketEmail; onChanged: () => Promise<void> }) {
  const toggle = useMutation({
    mutationFn: () =>
      staffApi.patch<TicketEmail>(`/api/staff/ticket-emails/${email.id}`, { public: !email.public }),
    onSuccess: onChanged,
  });
  return (
    <EmailMessage
      email={email}
      from={email.fromAddress}
      to={email.toAddress}
      internal={!email.public}
      badge={<VisibilityBadge isPublic={email.public} />}
    >
      <div className="message-actions">
        <VisibilityToggle
          toggle={toggle}
          label={
            email.public
              ? 'Make internal (hide from contacts)'
              : 'Make public (contacts with the privilege see it)'
          }
        >
          {` : ${email.subject}`}
        </VisibilityToggle>
        {email.inboundId && (
          <a
            className="btn btn-secondary btn-small"
            href={`/api/staff/mail/inbound/${email.inboundId}/original`}
          >
            Original message
          </a>
        )}
      </div>
      {toggle.isError && <ErrorMessage error={toggle.error} />}
    </EmailMessage>
  );
}

/** Files an e-mail sent or received outside Portico under the ticket (internal unless ticked). */
function FileEmail({ ticketId, onFiled }: { ticketId: string; onFiled: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const empty = { fromAddress: '', toAddress: '', subject: '', body: '', public: false };
  const [draft, setDraft] = useState(empty);
  const set = <K extends keyof typeof empty>(k: K, v: (typeof empty)[K]) =>
    setDraft((d) => ({ ...d, [k]: v }));
  const file = useMutation({
    mutationFn: () => staffApi.post<TicketEmail>(`/api/staff/tickets/${ticketId}/emails`, draft),
    onSuccess: async () => {
      setDraft(empty);
      setOpen(false);
      await onFiled();
    },
  });
  const errors = fieldErrors(file.error);
  const sentence = sentenceFor(errors);
  if (!open)
    return (
      <button
        type="button"
        className="btn btn-secondary btn-small file-email-open"
        onClick={() => setOpen(true)}
      >
        File an e-mail
      </button>
    );
  return (
    <form
      className="file-email separated"
      onSubmit={(e) => {
        e.preventDefault();
        file.mutate();
      }}
      noValidate
      aria-label="File an e-mail"
    >
      <h3 className="sub-heading">File an e-mail</h3>
      {file.isError && Object.keys(errors).length === 0 && <ErrorMessage error={file.error} />}
      <div className="form-row">
        <TextField
          label="From"
          error={sentence('fromAddress', 'sender')}
          type="text"
          value={draft.fromAddress}
          onChange={(text) => set('fromAddress', text)}
        />
        <TextField
          label="To"
          error={sentence('toAddress', 'recipient')}
          type="text"
          value={draft.toAddress}
          onChange={(text) => set('toAddress', text)}
        />
      </div>
      <TextField
        label="Subject"
        error={sentence('subject', 'subject')}
        type="text"
        value={draft.subject}
        onChange={(text) => set('subject', text)}
      />
      <Field label="Text" error={sentence('body', 'text')}>
        {(control) => (
          <textarea {...control} rows={5} value={draft.body} onChange={(e) => set('body', e.target.value)} />
        )}
      </Field>
      <CheckboxField
        label="Public: contacts who may see the ticket’s e-mails see it"
        checked={draft.public}
        onChange={(checked) => set('public', checked)}
      />
      <SubmitOrCancel busy={file.isPending} busyLabel="Filing…" onCancel={() => setOpen(false)}>
        File e-mail
      </SubmitOrCancel>
    </form>
  );
}

export function TicketHistory({ ticketId }: { ticketId: string }) {
  return (
    <HistorySection<TicketEvent>
      api={staffApi}
      ticketId={ticketId}
      defaultOpen
      what={(e) => (
        <>
          <strong>{FIELD_NAMES[e.field] ?? humanize(e.field)}</strong>:{' '}
          <Value field={e.field} value={e.oldValue} /> <span aria-hidden="true">→</span>
          <span className="visually-hidden">changed to</span> <Value field={e.field} value={e.newValue} />
        </>
      )}
      by={(e) =>
        e.actor
          ? `${e.actor.name}${e.actor.type === 'contact' ? ' (contact)' : ''}${actingSuffix(e.actor)}, `
          : ''
      }
      at={(e) => e.createdAt}
    />
  );
}

export function TicketEmails({ ticketId }: { ticketId: string }) {
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ticketListKey(staffApi, ticketId, 'emails') });
  return (
    <EmailsSection<TicketEmail>
      api={staffApi}
      ticketId={ticketId}
      title="Filed e-mails"
      defaultOpen
      after={<FileEmail ticketId={ticketId} onFiled={refresh} />}
    >
      {(m) => <EmailItem key={m.id} email={m} onChanged={refresh} />}
    </EmailsSection>
  );
}
