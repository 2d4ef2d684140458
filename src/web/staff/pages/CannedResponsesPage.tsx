// Canned responses (docs/desk.md, "Canned responses"): texts to insert into a reply, global or for
// a team. Administrators write all of them; an agent writes its teams' ones — the API decides
// (403 for a global one, 422 for another team), the page only offers what fits the role.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import { namedChoices, SelectField } from '../../shared/SelectField.tsx';
import {
  EmptyState,
  ErrorMessage,
  Field,
  PageHeader,
  SubmitButton,
  TextField,
  useDocumentTitle,
  type Column,
} from '../../shared/ui.tsx';
import { useWholeList } from '../queries.ts';
import { isAdmin, staffApi, useStaffMe } from '../session.tsx';
import type { CannedResponse, CannedResponseInput, Team } from '../types.ts';

const cannedKey = ['staff', 'canned-responses'] as const;

/** The placeholders the API fills in when the text is inserted into a reply. */
const PLACEHOLDERS: [string, string][] = [
  ['{{contact.name}}', "the requester's name"],
  ['{{contact.firstName}}', "the first word of the requester's name"],
  ['{{ticket.number}}', "the ticket's number"],
  ['{{ticket.subject}}', "the ticket's subject"],
  ['{{agent.name}}', 'your name (the staff user inserting it)'],
];

/** Inline (it sits in the field's hint paragraph). */
const placeholderHelp = (
  <>
    Placeholders, filled in for the ticket when the text is inserted:{' '}
    {PLACEHOLDERS.map(([code, meaning], i) => (
      <span key={code}>
        {i > 0 && '; '}
        <code>{code}</code> {meaning}
      </span>
    ))}
    .
  </>
);

function CannedForm({ canned, onDone }: { canned: CannedResponse | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const admin = isAdmin(useStaffMe());
  // Agents list their own teams here (the teams API answers with them only).
  const teams = useWholeList<Team>(['staff', 'teams'], '/api/staff/teams');
  const [title, setTitle] = useState(canned?.title ?? '');
  const [body, setBody] = useState(canned?.body ?? '');
  const [teamId, setTeamId] = useState(canned?.team?.id ?? '');
  const save = useMutation({
    mutationFn: () => {
      const input: CannedResponseInput = { title, body, teamId: teamId || null };
      return canned
        ? staffApi.patch<CannedResponse>(`/api/staff/canned-responses/${canned.id}`, input)
        : staffApi.post<CannedResponse>('/api/staff/canned-responses', input);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: cannedKey });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const heading = canned ? `Edit ${canned.title}` : 'New canned response';
  const teamChoices = namedChoices(teams.data);
  // Keep the current team offered even before the list has loaded.
  if (canned?.team && !teamChoices.some(([id]) => id === canned.team?.id))
    teamChoices.push([canned.team.id, canned.team.name]);
  return (
    <form className="card" onSubmit={submit} aria-label={heading} noValidate>
      <h2>{heading}</h2>
      {save.isError && Object.keys(errors).length === 0 && <ErrorMessage error={save.error} />}
      <TextField label="Title" value={title} error={errors.title} onChange={setTitle} />
      <SelectField
        label="For"
        hint={admin ? undefined : 'You may write the canned responses of your teams.'}
        value={teamId}
        empty={admin ? 'Everyone (global)' : 'Choose a team…'}
        error={errors.teamId}
        onChange={setTeamId}
        choices={teamChoices.map(([id, name]) => [id, `Team ${name}`] as const)}
      />
      <Field label="Text" hint={placeholderHelp} error={errors.body}>
        {(control) => (
          <textarea {...control} rows={8} value={body} onChange={(e) => setBody(e.target.value)} />
        )}
      </Field>
      <div className="form-actions">
        <SubmitButton busy={save.isPending}>{canned ? 'Save' : 'Create canned response'}</SubmitButton>
        <button type="button" className="btn btn-link" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const excerpt = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

export function CannedResponsesPage() {
  useDocumentTitle('Canned responses');
  const me = useStaffMe();
  const admin = isAdmin(me);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const list = usePagedList([...cannedKey, 'list'], (cursor, signal) =>
    staffApi.get<Page<CannedResponse>>('/api/staff/canned-responses', { cursor, limit: 50 }, signal),
  );
  const remove = useMutation({
    mutationFn: (id: string) => staffApi.delete(`/api/staff/canned-responses/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cannedKey }),
  });
  // An agent may not write the global ones: no buttons for them (the API would answer 403).
  const writable = (c: CannedResponse) => admin || c.team !== null;
  const columns: Column<CannedResponse>[] = [
    { header: 'Title', primary: true, cell: (c) => c.title },
    { header: 'For', cell: (c) => (c.team ? `Team ${c.team.name}` : 'Everyone (global)') },
    { header: 'Text', cell: (c) => excerpt(c.body) },
    {
      header: 'Actions',
      cell: (c) =>
        writable(c) && (
          <>
            <button type="button" className="btn btn-link" onClick={() => setEditing(c)}>
              Edit <span className="visually-hidden">{c.title}</span>
            </button>
            <button
              type="button"
              className="btn btn-link"
              onClick={() => window.confirm(`Delete the canned response ${c.title}?`) && remove.mutate(c.id)}
            >
              Delete <span className="visually-hidden">{c.title}</span>
            </button>
          </>
        ),
    },
  ];
  return (
    <>
      <PageHeader
        title="Canned responses"
        subtitle="Texts to insert into a reply (“Insert a canned response” in a ticket's reply box): for everyone or for a team."
        actions={
          editing === null && (
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              New canned response
            </button>
          )
        }
      />
      {remove.isError && <ErrorMessage error={remove.error} />}
      {editing !== null && (
        <CannedForm
          key={editing === 'new' ? 'new' : editing.id}
          canned={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <PagedTable
        list={list}
        caption="Canned responses"
        columns={columns}
        loading="Loading canned responses…"
        empty={
          <EmptyState title="No canned responses yet.">
            <p>Write one for the answers you give often.</p>
          </EmptyState>
        }
      />
    </>
  );
}
