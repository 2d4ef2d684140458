import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fieldErrors, sentenceFor } from '../../shared/api.ts';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import { MessageBody, MessageFiles } from '../../shared/MessageBody.tsx';
import { ListStates, ticketKeyIn, ticketListKey, useTicketList } from '../../shared/ticket.tsx';
import { Badge, EmptyState, ErrorMessage, Field, SubmitButton } from '../../shared/ui.tsx';
import { can, portalApi, useMe } from '../session.tsx';
import type { Attachment, Comment, Me, TicketDetail } from '../types.ts';
import { isReadOnlyView } from '../read-only-view.ts';

/** The files that came with one reply (read once for the ticket: every reply shares the list). */
function ReplyFiles({ ticketId, commentId }: { ticketId: string; commentId: string }) {
  const files = useTicketList<Attachment>(portalApi, ticketId, 'attachments');
  const mine = (files.data ?? []).filter((f) => f.commentId === commentId);
  return <MessageFiles files={mine} href="/api/portal/attachments" />;
}

function ReplyForm({ ticket }: { ticket: TicketDetail }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const reply = useMutation({
    mutationFn: async () => {
      const created = await portalApi.post<Comment>(`/api/portal/tickets/${ticket.id}/comments`, { body });
      // The files go with the reply just written, and are shown there.
      for (const file of files)
        await portalApi.upload(`/api/portal/tickets/${ticket.id}/attachments`, file, {
          fields: { commentId: created.id },
        });
    },
    onSuccess: async () => {
      setBody('');
      setSent(true);
      setFiles([]);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketListKey(portalApi, ticket.id, 'attachments') }),
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
        hint="Your reply is visible to everyone who can see this ticket. Markdown works: **bold**, lists, links."
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
      {ticket.abilities.upload && (
        <Field label="Attach files" className="inline-field">
          {(control) => (
            <input
              {...control}
              type="file"
              multiple
              key={files.length === 0 ? 'empty' : 'chosen'}
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            />
          )}
        </Field>
      )}
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

/** Why there is no reply box: the contact's own limit, or only this read-only view's. */
function noReplyNote(me: Me, ticket: TicketDetail): string {
  if (!isReadOnlyView(me)) return 'You can read this ticket but not reply to it.';
  const name = me.contact.name;
  return ticket.contactAbilities?.reply
    ? `${name} can reply to this ticket; replying is hidden because this is a read-only view.`
    : `${name} can read this ticket but not reply to it.`;
}

export function Conversation({ ticket }: { ticket: TicketDetail }) {
  const comments = useTicketList<Comment>(portalApi, ticket.id, 'comments');
  const me = useMe();
  const seesFiles = can(me, 'attachments.view');
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
                <MessageBody source={c.body} />
                {seesFiles && <ReplyFiles ticketId={ticket.id} commentId={c.id} />}
              </li>
            ))}
          </ol>
        )}
      </ListStates>
      {ticket.abilities.reply ? (
        <ReplyForm ticket={ticket} />
      ) : (
        <p className="muted small reply-note">{noReplyNote(me, ticket)}</p>
      )}
    </section>
  );
}
