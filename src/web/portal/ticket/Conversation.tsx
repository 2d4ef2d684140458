import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fieldErrors, sentenceFor } from '../../shared/api.ts';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import { ListStates, ticketKeyIn, ticketListKey, useTicketList } from '../../shared/ticket.tsx';
import { Badge, EmptyState, ErrorMessage, Field, SubmitButton } from '../../shared/ui.tsx';
import { portalApi } from '../session.tsx';
import type { Comment, TicketDetail } from '../types.ts';

function ReplyForm({ ticket }: { ticket: TicketDetail }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const reply = useMutation({
    mutationFn: () => portalApi.post<Comment>(`/api/portal/tickets/${ticket.id}/comments`, { body }),
    onSuccess: async () => {
      setBody('');
      setSent(true);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketListKey(portalApi, ticket.id, 'comments') }),
        queryClient.invalidateQueries({ queryKey: ticketKeyIn(portalApi, ticket.id), exact: true }),
        queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] }),
      ]);
    },
  });
  const [blank, setBlank] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    setBlank(!body.trim());
    if (body.trim()) reply.mutate();
  };
  const errors = fieldErrors(reply.error);
  return (
    <form onSubmit={submit} className="reply-form" noValidate>
      {reply.isError && !errors.body && <ErrorMessage error={reply.error} />}
      <Field
        label="Your reply"
        hint="Your reply is visible to everyone who can see this ticket."
        error={blank ? 'Write your reply first.' : sentenceFor(errors)('body', 'reply')}
      >
        {(control) => (
          <textarea
            {...control}
            name="body"
            required
            rows={5}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              setSent(false);
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <SubmitButton busy={reply.isPending} busyLabel="Sending…">
          Send reply
        </SubmitButton>
        {sent && (
          <span role="status" className="muted">
            Reply sent.
          </span>
        )}
      </div>
    </form>
  );
}

export function Conversation({ ticket }: { ticket: TicketDetail }) {
  const comments = useTicketList<Comment>(portalApi, ticket.id, 'comments');
  return (
    <section className="card" aria-labelledby="conversation-heading">
      <h2 id="conversation-heading">Conversation</h2>
      <ListStates
        list={comments}
        loadingLabel="Loading the conversation…"
        empty={
          <EmptyState title="No replies yet.">
            {ticket.status !== 'closed' && <p>The support team will answer here.</p>}
          </EmptyState>
        }
      >
        {(items) => (
          <ol className="conversation">
            {items.map((c) => (
              <li key={c.id} className={`message message-${c.author.type}`}>
                <div className="message-header">
                  <span className="message-author">{c.author.name}</span>
                  {c.author.type === 'staff' && <Badge tone="info">Support team</Badge>}
                  <time className="muted" dateTime={c.createdAt} title={formatDateTime(c.createdAt)}>
                    {formatRelative(c.createdAt)}
                  </time>
                </div>
                <div className="message-body">{c.body}</div>
              </li>
            ))}
          </ol>
        )}
      </ListStates>
      {ticket.abilities.reply ? (
        <ReplyForm ticket={ticket} />
      ) : (
        <p className="muted small reply-note">You can read this ticket but not reply to it.</p>
      )}
    </section>
  );
}
