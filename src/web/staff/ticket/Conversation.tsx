// The conversation: public replies and internal notes, told apart by colour, border, a badge and
// words (never colour alone), each with its markdown rendered and the files it came with, and the
// composer that writes one or the other (canned responses, @mentions in notes, files).
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fieldErrors, sentenceFor } from '../../shared/api.ts';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import { MessageBody, MessageFiles } from '../../shared/MessageBody.tsx';
import { ListStates, ticketKeyIn, ticketListKey, useTicketList } from '../../shared/ticket.tsx';
import { choicesOf, SelectField } from '../../shared/SelectField.tsx';
import { Badge, EmptyState, ErrorMessage, Field, SubmitButton } from '../../shared/ui.tsx';
import { STATUSES, statusLabel } from '../badges.tsx';
import { staffApi } from '../session.tsx';
import type { Ticket, TicketAttachment, TicketComment, TicketStatus } from '../types.ts';
import { actingSuffix } from './acting.ts';
import { CannedPicker, mentionAt, MentionSuggestions, type Colleague } from './ReplyTools.tsx';

function Message(props: { comment: TicketComment; requesterId: string; files: TicketAttachment[] }) {
  const { comment, requesterId } = props;
  const author = comment.author;
  const kind = !comment.public ? 'internal' : author?.type === 'staff' ? 'staff' : 'contact';
  return (
    <li className={`message message-${kind}`}>
      <div className="message-header">
        <span className="message-author">
          {author?.name ?? 'Deleted account'}
          {actingSuffix(author)}
        </span>
        {author?.type === 'staff' ? (
          <Badge tone="info">Staff</Badge>
        ) : author?.id === requesterId ? (
          <Badge tone="neutral">Requester</Badge>
        ) : author ? (
          <Badge tone="neutral">Contact</Badge>
        ) : null}
        {comment.public ? (
          <Badge tone="success">Public reply</Badge>
        ) : (
          <Badge tone="warning">Internal note · staff only</Badge>
        )}
        <time className="muted" dateTime={comment.createdAt} title={formatDateTime(comment.createdAt)}>
          {formatRelative(comment.createdAt)}
        </time>
      </div>
      <MessageBody source={comment.body} />
      {comment.mentions.length > 0 && (
        <p className="muted small">Mentions: {comment.mentions.map((m) => m.name).join(', ')}</p>
      )}
      <MessageFiles files={props.files} href="/api/staff/attachments" />
    </li>
  );
}

type Mode = 'public' | 'internal';

function Composer({ ticket }: { ticket: Ticket }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('public');
  const [body, setBody] = useState('');
  const [thenStatus, setThenStatus] = useState<TicketStatus | ''>('');
  const [sent, setSent] = useState<string | null>(null);
  const [blank, setBlank] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [mentioned, setMentioned] = useState<Colleague[]>([]);
  const [caret, setCaret] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const typing = mode === 'internal' ? mentionAt(body, caret) : null;

  /** Puts `text` at the caret (a canned response, a mention), replacing `from`..caret. */
  const insert = (text: string, from = caret) => {
    const next = body.slice(0, from) + text + body.slice(caret);
    setBody(next);
    setSent(null);
    const at = from + text.length;
    setCaret(at);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(at, at);
    });
  };

  const send = useMutation({
    mutationFn: async () => {
      const isPublic = mode === 'public';
      // Only the colleagues still named in the text: a mention deleted while writing is no mention.
      const mentions = isPublic ? [] : mentioned.filter((c) => body.includes(`@${c.name}`)).map((c) => c.id);
      const created = await staffApi.post<TicketComment>(`/api/staff/tickets/${ticket.id}/comments`, {
        body,
        public: isPublic,
        ...(mentions.length > 0 ? { mentions: [...new Set(mentions)] } : {}),
      });
      // The files go with the message just written, as public or internal as the message itself.
      for (const file of files)
        await staffApi.upload(`/api/staff/tickets/${ticket.id}/attachments`, file, {
          fields: { public: String(isPublic), commentId: created.id },
        });
      if (thenStatus && thenStatus !== ticket.status)
        await staffApi.patch<Ticket>(`/api/staff/tickets/${ticket.id}`, { status: thenStatus });
    },
    onSuccess: async () => {
      setSent(mode === 'public' ? 'Reply sent.' : 'Internal note added.');
      setBody('');
      setThenStatus('');
      setFiles([]);
      setMentioned([]);
      await queryClient.invalidateQueries({ queryKey: ticketKeyIn(staffApi, ticket.id) });
      await queryClient.invalidateQueries({ queryKey: ticketListKey(staffApi, ticket.id, 'attachments') });
      await queryClient.invalidateQueries({ queryKey: ['staff', 'tickets'] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    setBlank(!body.trim());
    if (body.trim()) send.mutate();
  };
  const errors = fieldErrors(send.error);
  const internal = mode === 'internal';
  return (
    <form onSubmit={submit} className={`composer ${internal ? 'composer-internal' : ''}`} noValidate>
      <fieldset className="composer-mode">
        <legend className="visually-hidden">Kind of message</legend>
        {(
          [
            ['public', 'Reply (public)'],
            ['internal', 'Internal note'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className={`segment ${mode === value ? 'segment-on' : ''}`}>
            <input
              type="radio"
              name={`mode-${ticket.id}`}
              value={value}
              checked={mode === value}
              onChange={() => {
                setMode(value);
                setSent(null);
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {send.isError && !errors.body && <ErrorMessage error={send.error} />}
      <Field
        label={internal ? 'Internal note' : 'Public reply'}
        hint={
          internal
            ? 'Only staff see internal notes. The requester and contacts never do.'
            : `The requester (${ticket.requester.name}) and every contact with access to this ticket see this reply.`
        }
        error={blank ? 'Write the message first.' : sentenceFor(errors)('body', 'message')}
      >
        {(control) => (
          <textarea
            {...control}
            ref={textarea}
            name="body"
            rows={5}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              setCaret(e.target.selectionStart);
              setSent(null);
            }}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          />
        )}
      </Field>
      {typing && (
        <MentionSuggestions
          ticketId={ticket.id}
          query={typing.query}
          onChoose={(c) => {
            setMentioned((all) => [...all, c]);
            insert(`@${c.name} `, typing.start);
          }}
        />
      )}
      <p className="muted small">
        Markdown works: **bold**, *italic*, lists, `code`, [links](https://example.com).
        {internal && ' Type @ to mention a colleague who can see this ticket; they get an e-mail.'}
      </p>
      <div className="form-actions">
        <CannedPicker ticketId={ticket.id} onInsert={(text) => insert(text)} />
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
      </div>
      <div className="form-actions">
        <SubmitButton busy={send.isPending} busyLabel="Sending…" tone={internal ? 'secondary' : 'primary'}>
          {internal ? 'Add internal note' : 'Send public reply'}
        </SubmitButton>
        <SelectField<TicketStatus | ''>
          label="and set the status"
          className="inline-field"
          value={thenStatus}
          onChange={setThenStatus}
          choices={[
            ['', `unchanged (${statusLabel(ticket.status).toLowerCase()})`],
            ...choicesOf(
              STATUSES.filter((s) => s !== ticket.status),
              statusLabel,
            ),
          ]}
        />
        {sent && (
          <span role="status" className="muted">
            {sent}
          </span>
        )}
      </div>
    </form>
  );
}

export function Conversation({ ticket }: { ticket: Ticket }) {
  const comments = useTicketList<TicketComment>(staffApi, ticket.id, 'comments');
  const attachments = useTicketList<TicketAttachment>(staffApi, ticket.id, 'attachments');
  const filesOf = (commentId: string) => (attachments.data ?? []).filter((f) => f.commentId === commentId);
  const count = comments.data?.length ?? 0;
  const notes = comments.data?.filter((c) => !c.public).length ?? 0;
  return (
    <section className="card" aria-labelledby="conversation-heading">
      <div className="card-header">
        <h2 id="conversation-heading">Conversation</h2>
        {comments.isSuccess && count > 0 && (
          <span className="muted small">
            {count - notes} public repl{count - notes === 1 ? 'y' : 'ies'}, {notes} internal note
            {notes === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <ListStates
        list={comments}
        loadingLabel="Loading the conversation…"
        empty={<EmptyState title="No replies or notes yet." />}
      >
        {(items) => (
          <ol className="conversation">
            {items.map((c) => (
              <Message key={c.id} comment={c} requesterId={ticket.requester.id} files={filesOf(c.id)} />
            ))}
          </ol>
        )}
      </ListStates>
      <Composer ticket={ticket} />
    </section>
  );
}
