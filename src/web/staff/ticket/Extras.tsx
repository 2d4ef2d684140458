// A ticket's history (every field change, by whom) and the e-mails filed under it, each loaded
// when its section is opened.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { formatDateTime, humanize } from '../../shared/format.ts';
import { AllPages, Disclosure } from '../../shared/sections.tsx';
import { CheckboxField, ErrorMessage, Field, SubmitButton, TextField } from '../../shared/ui.tsx';
import { VisibilityBadge } from '../badges.tsx';
import { useContact } from '../queries.ts';
import { staffApi } from '../session.tsx';
import type { Asset, TicketEmail, TicketEvent } from '../types.ts';
import { ticketKey } from './useTicket.ts';

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

function HistoryList({ ticketId }: { ticketId: string }) {
  return (
    <AllPages
      queryKey={[...ticketKey(ticketId), 'events']}
      fetchPage={(cursor, signal) =>
        staffApi.get<Page<TicketEvent>>(
          `/api/staff/tickets/${ticketId}/events`,
          { cursor, limit: 100 },
          signal,
        )
      }
      loadingLabel="Loading the history…"
      empty="No changes yet."
    >
      {(events) => (
        <ol className="history">
          {events.map((e) => (
            <li key={e.id}>
              <span>
                <strong>{FIELD_NAMES[e.field] ?? humanize(e.field)}</strong>:{' '}
                <Value field={e.field} value={e.oldValue} /> <span aria-hidden="true">→</span>
                <span className="visually-hidden">changed to</span>{' '}
                <Value field={e.field} value={e.newValue} />
              </span>
              <span className="muted small">
                {e.actor ? `${e.actor.name}${e.actor.type === 'contact' ? ' (contact)' : ''}, ` : ''}
                <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
    </AllPages>
  );
}

function EmailItem({ email, onChanged }: { email: TicketEmail; onChanged: () => Promise<void> }) {
  const toggle = useMutation({
    mutationFn: () =>
      staffApi.patch<TicketEmail>(`/api/staff/ticket-emails/${email.id}`, { public: !email.public }),
    onSuccess: onChanged,
  });
  return (
    <li className={`message ${email.public ? '' : 'message-internal'}`}>
      <div className="message-header">
        <span className="message-author">{email.subject || '(no subject)'}</span>
        <VisibilityBadge isPublic={email.public} />
        <time className="muted" dateTime={email.sentAt}>
          {formatDateTime(email.sentAt)}
        </time>
      </div>
      <p className="muted small">
        From {email.fromAddress} to {email.toAddress}
      </p>
      <div className="message-body">{email.body}</div>
      <div className="message-actions">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => toggle.mutate()}
          disabled={toggle.isPending}
          aria-busy={toggle.isPending || undefined}
        >
          {toggle.isPending
            ? 'Saving…'
            : email.public
              ? 'Make internal (hide from contacts)'
              : 'Make public (contacts with the privilege see it)'}
          <span className="visually-hidden"> : {email.subject}</span>
        </button>
      </div>
      {toggle.isError && <ErrorMessage error={toggle.error} />}
    </li>
  );
}

function EmailList({ ticketId }: { ticketId: string }) {
  const queryClient = useQueryClient();
  const key = [...ticketKey(ticketId), 'emails'];
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  return (
    <>
      <AllPages
        queryKey={key}
        fetchPage={(cursor, signal) =>
          staffApi.get<Page<TicketEmail>>(
            `/api/staff/tickets/${ticketId}/emails`,
            { cursor, limit: 100 },
            signal,
          )
        }
        loadingLabel="Loading e-mails…"
        empty="No e-mails are filed under this ticket."
      >
        {(emails) => (
          <ol className="conversation">
            {emails.map((m) => (
              <EmailItem key={m.id} email={m} onChanged={refresh} />
            ))}
          </ol>
        )}
      </AllPages>
      <FileEmail ticketId={ticketId} onFiled={refresh} />
    </>
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
  const sentence = (field: string, name: string) =>
    errors[field] ? `The ${name} ${errors[field]}.` : undefined;
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
      <div className="form-actions">
        <SubmitButton busy={file.isPending} busyLabel="Filing…">
          File e-mail
        </SubmitButton>
        <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function TicketHistory({ ticketId }: { ticketId: string }) {
  return (
    <Disclosure title="History" defaultOpen>
      {(open) => open && <HistoryList ticketId={ticketId} />}
    </Disclosure>
  );
}

export function TicketEmails({ ticketId }: { ticketId: string }) {
  return (
    <Disclosure title="Filed e-mails" defaultOpen>
      {(open) => open && <EmailList ticketId={ticketId} />}
    </Disclosure>
  );
}
