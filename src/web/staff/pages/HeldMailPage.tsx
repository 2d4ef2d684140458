// Held inbound mail (unknown senders, staff writing without a ticket): staff read each message and
// accept it as a new ticket of a contact, as a public reply on a ticket, or reject it.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ComboboxOption } from '../../shared/Combobox.tsx';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import {
  EmptyState,
  ErrorMessage,
  Field,
  Loading,
  PageHeader,
  TextField,
  useDocumentTitle,
  type Column,
} from '../../shared/ui.tsx';
import { ContactCombobox } from '../components/pickers.tsx';
import { staffApi } from '../session.tsx';
import type { InboundMail, InboundMailDetail } from '../types.ts';

const heldKey = ['staff', 'mail', 'inbound', 'held'] as const;
const REASONS: Record<string, string> = {
  unknown_sender: 'Unknown sender',
  staff_without_ticket: 'Staff mail naming no ticket',
};

function HeldMessage({ id, onDecided }: { id: string; onDecided: () => Promise<void> }) {
  const [contact, setContact] = useState<ComboboxOption | null>(null);
  const [ticketId, setTicketId] = useState('');
  const detail = useQuery({
    queryKey: [...heldKey, id],
    queryFn: ({ signal }) => staffApi.get<InboundMailDetail>(`/api/staff/mail/inbound/${id}`, {}, signal),
  });
  const decide = useMutation({
    mutationFn: (action: { accept: { contactId: string } | { ticketId: string } } | { reject: true }) =>
      'reject' in action
        ? staffApi.post<InboundMail>(`/api/staff/mail/inbound/${id}/reject`)
        : staffApi.post<InboundMail>(`/api/staff/mail/inbound/${id}/accept`, action.accept),
    onSuccess: onDecided,
  });
  const errors = decide.isError ? fieldErrors(decide.error) : {};
  if (detail.isPending) return <Loading label="Loading the message…" />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  return (
    <section className="panel" aria-label={`Message from ${detail.data.fromAddress}`}>
      <pre className="message-body">{detail.data.text}</pre>
      <p>
        <a href={`/api/staff/mail/inbound/${id}/original`}>Original message</a>
      </p>
      <Field label="New ticket for" hint="The contact becomes the requester." error={errors.contactId}>
        {(control) => <ContactCombobox control={control} value={contact} onChange={setContact} />}
      </Field>
      <button
        type="button"
        className="btn btn-primary"
        disabled={!contact || decide.isPending}
        onClick={() => contact && decide.mutate({ accept: { contactId: contact.id } })}
      >
        Accept as new ticket
      </button>
      <TextField
        label="Or reply on ticket (id)"
        value={ticketId}
        onChange={setTicketId}
        error={errors.ticketId}
      />
      <button
        type="button"
        className="btn btn-secondary"
        disabled={!ticketId || decide.isPending}
        onClick={() => decide.mutate({ accept: { ticketId: ticketId.trim() } })}
      >
        Accept as public reply
      </button>{' '}
      <button
        type="button"
        className="btn btn-danger"
        disabled={decide.isPending}
        onClick={() => decide.mutate({ reject: true })}
      >
        Reject
      </button>
      {decide.isError && <ErrorMessage error={decide.error} />}
    </section>
  );
}

export function HeldMailPage() {
  useDocumentTitle('Held mail');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const list = usePagedList([...heldKey, 'list'], (cursor, signal) =>
    staffApi.get<Page<InboundMail>>('/api/staff/mail/inbound', { status: 'held', cursor, limit: 50 }, signal),
  );
  const decided = async () => {
    setOpen(null);
    await queryClient.invalidateQueries({ queryKey: heldKey });
  };
  const columns: Column<InboundMail>[] = [
    { header: 'From', primary: true, cell: (m) => m.fromAddress },
    { header: 'Subject', cell: (m) => m.subject || <em>no subject</em> },
    { header: 'Why held', cell: (m) => REASONS[m.reason] ?? m.reason },
    { header: 'Received', cell: (m) => formatDate(m.receivedAt) },
    {
      header: 'Actions',
      cell: (m) => (
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => setOpen(open === m.id ? null : m.id)}
        >
          {open === m.id ? 'Close' : 'Open'}
          <span className="visually-hidden"> message from {m.fromAddress}</span>
        </button>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="Held mail"
        subtitle="Inbound e-mail that needs a decision: accept it as a new ticket or a reply, or reject it."
      />
      {open && <HeldMessage key={open} id={open} onDecided={decided} />}
      <PagedTable
        list={list}
        caption="Held mail"
        columns={columns}
        loading="Loading held mail…"
        empty={<EmptyState title="No held mail." />}
      />
    </>
  );
}
