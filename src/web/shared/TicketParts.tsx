// Parts of a ticket page the portal and the staff console show alike: the description card (with
// its editor), the history and e-mail sections, and the choice lists of its properties.
import { useState, type FormEvent, type ReactNode } from 'react';
import { fieldErrors, sentenceFor, type ApiClient } from './api.ts';
import { formatDateTime } from './format.ts';
import { Disclosure } from './sections.tsx';
import { HISTORY_LIST, ListStates, useTicketList, useTicketPatch } from './ticket.tsx';
import { ErrorMessage, Field, SubmitOrCancel, TextField } from './ui.tsx';
import type { Choice } from './SelectField.tsx';

type DescriptionEdit = { description: string; subject?: string };

/**
 * The description, and (when `mayEdit`) an editor for it; `withSubject`, the editor changes the
 * subject too and takes the focus there.
 */
export function DescriptionSection(props: {
  api: ApiClient;
  ticket: { id: string; subject: string; description?: string };
  withSubject?: boolean;
  mayEdit: boolean;
  editLabel: string;
  saveLabel: string;
}) {
  const { ticket, withSubject = false } = props;
  const update = useTicketPatch<unknown, DescriptionEdit>(props.api, ticket.id);
  const [editing, setEditing] = useState(false);
  const [subject, setSubject] = useState(ticket.subject);
  const [text, setText] = useState(ticket.description ?? '');
  const errors = fieldErrors(update.error);
  const sentence = sentenceFor(errors);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = withSubject ? { subject, description: text } : { description: text };
    update.mutate(body, { onSuccess: () => setEditing(false) });
  };

  return (
    <section className="card" aria-labelledby="description-heading">
      <div className="card-header">
        <h2 id="description-heading">Description</h2>
        {props.mayEdit && !editing && (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => {
              setSubject(ticket.subject);
              setText(ticket.description ?? '');
              update.reset();
              setEditing(true);
            }}
          >
            {props.editLabel}
          </button>
        )}
      </div>
      {editing ? (
        <form onSubmit={submit}>
          {update.isError && !errors.description && !errors.subject && <ErrorMessage error={update.error} />}
          {withSubject && (
            <TextField
              label="Subject"
              error={sentence('subject', 'subject')}
              type="text"
              maxLength={200}
              value={subject}
              autoFocus
              onChange={setSubject}
            />
          )}
          <Field label="Description" error={sentence('description', 'description')}>
            {(control) => (
              // Focus follows the Edit click into the first field.
              <textarea
                {...control}
                rows={8}
                value={text}
                autoFocus={!withSubject}
                onChange={(e) => setText(e.target.value)}
              />
            )}
          </Field>
          <SubmitOrCancel busy={update.isPending} onCancel={() => setEditing(false)}>
            {props.saveLabel}
          </SubmitOrCancel>
        </form>
      ) : ticket.description?.trim() ? (
        <div className="pre-wrap">{ticket.description}</div>
      ) : (
        <p className="muted">No description.</p>
      )}
    </section>
  );
}

type Event = { id: string };

/**
 * The History section: a ticket's changes, oldest first: what changed, then who ("Name, ") and
 * when. Read once the section is open.
 */
export function HistorySection<T extends Event>(props: HistoryProps<T> & { defaultOpen?: boolean }) {
  return (
    <Disclosure title="History" defaultOpen={props.defaultOpen}>
      <History {...props} />
    </Disclosure>
  );
}

type HistoryProps<T> = {
  api: ApiClient;
  ticketId: string;
  what: (event: T) => ReactNode;
  by: (event: T) => string;
  at: (event: T) => string;
};

function History<T extends Event>(props: HistoryProps<T>) {
  const events = useTicketList<T>(props.api, props.ticketId, HISTORY_LIST[props.api.audience]);
  return (
    <ListStates list={events} loadingLabel="Loading the history…" empty="No changes yet.">
      {(items) => (
        <ol className="history">
          {items.map((e) => (
            <li key={e.id}>
              <span>{props.what(e)}</span>
              <span className="muted small">
                {props.by(e)}
                <time dateTime={props.at(e)}>{formatDateTime(props.at(e))}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
    </ListStates>
  );
}

type EmailsProps<T> = {
  api: ApiClient;
  ticketId: string;
  /** One e-mail: an `EmailMessage`. */
  children: (email: T) => ReactNode;
  /** Below the list (staff file an e-mail there). */
  after?: ReactNode;
};

/** The e-mails filed under a ticket, under `title`; read once the section is open. */
export function EmailsSection<T extends Event>(
  props: EmailsProps<T> & { title: string; defaultOpen?: boolean },
) {
  return (
    <Disclosure title={props.title} defaultOpen={props.defaultOpen}>
      <Emails {...props} />
    </Disclosure>
  );
}

function Emails<T extends Event>(props: EmailsProps<T>) {
  const emails = useTicketList<T>(props.api, props.ticketId, 'emails');
  return (
    <>
      <ListStates
        list={emails}
        loadingLabel="Loading e-mails…"
        empty="No e-mails are filed under this ticket."
      >
        {(items) => <ol className="conversation">{items.map(props.children)}</ol>}
      </ListStates>
      {props.after}
    </>
  );
}

/** One e-mail filed under a ticket; `badge` and `children` (its actions) are staff's. */
export function EmailMessage(props: {
  email: { subject: string; sentAt: string; body: string };
  from: string;
  to: string;
  internal?: boolean;
  badge?: ReactNode;
  children?: ReactNode;
}) {
  const { email } = props;
  return (
    <li className={props.internal ? 'message message-internal' : 'message'}>
      <div className="message-header">
        <span className="message-author">{email.subject || '(no subject)'}</span>
        {props.badge}
        <time className="muted" dateTime={email.sentAt}>
          {formatDateTime(email.sentAt)}
        </time>
      </div>
      <p className="muted small">
        From {props.from} to {props.to}
      </p>
      <div className="message-body">{email.body}</div>
      {props.children}
    </li>
  );
}

type AssetChoice = { id: string; name: string; serialNumber?: string; status?: string };

/** An asset as a choice: its name and serial number. */
export const assetChoice = (a: AssetChoice, note = ''): Choice<string> => [
  a.id,
  `${a.name}${a.serialNumber ? ` (${a.serialNumber})` : ''}${note}`,
];

/**
 * The assets a ticket may link: those in use, and the linked one, which stays a choice even when
 * retired or not on the first page of the list.
 */
export function linkableAssets(assets: AssetChoice[], linked: AssetChoice | null | undefined) {
  const choices = assets.filter((a) => a.status !== 'retired' || a.id === linked?.id);
  if (linked && !choices.some((a) => a.id === linked.id)) choices.unshift(linked);
  return choices;
}

/** "None", then the assets. */
export const assetChoices = (assets: AssetChoice[], note?: (a: AssetChoice) => string) => [
  ['', 'None'] as Choice<string>,
  ...assets.map((a) => assetChoice(a, note?.(a))),
];
