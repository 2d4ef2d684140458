// "People on this ticket" (permission-model §6a): the ticket's participants, with add (pick a
// contact) and remove where the server says the signed-in user may. The portal and the console
// differ only in their API and in whom the picker offers.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient, Page } from './api.ts';
import type { ApiItem } from './api-types.ts';
import { Combobox, type ComboboxOption } from './Combobox.tsx';
import { formatDate } from './format.ts';
import type { FieldControlProps } from './ui.tsx';
import { ErrorMessage, Field, Loading, SubmitButton } from './ui.tsx';

export type Participant = ApiItem<'/api/staff/tickets/{id}/participants'> & { mayRemove?: boolean };
type Participants = Page<Participant> & { mayAdd?: boolean };

export function ParticipantsCard(props: {
  api: ApiClient;
  /** '/api/portal/tickets/{id}' or '/api/staff/tickets/{id}'. */
  ticketPath: string;
  /** Staff may add and remove any; the portal's answer says per ticket and participant. */
  staff?: boolean;
  /** The picker of whom to add, given the field's wiring. */
  picker: (
    control: FieldControlProps,
    value: ComboboxOption | null,
    onChange: (o: ComboboxOption | null) => void,
  ) => ReactNode;
  hint?: string;
}) {
  const { api, ticketPath } = props;
  const queryKey = ['participants', ticketPath];
  const client = useQueryClient();
  const [choice, setChoice] = useState<ComboboxOption | null>(null);
  const list = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.get<Participants>(`${ticketPath}/participants`, { limit: 100 }, signal),
  });
  const refresh = () => client.invalidateQueries({ queryKey });
  const add = useMutation({
    mutationFn: (contactId: string) => api.post(`${ticketPath}/participants`, { contactId }),
    onSuccess: async () => {
      setChoice(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (contactId: string) => api.delete(`${ticketPath}/participants/${contactId}`),
    onSuccess: refresh,
  });
  const mayAdd = props.staff || list.data?.mayAdd === true;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice) add.mutate(choice.id);
  };
  const items = list.data?.items ?? [];
  // Nothing to show a contact who may not add and sees nobody.
  if (!props.staff && list.isSuccess && items.length === 0 && !mayAdd) return null;
  return (
    <section className="card" aria-labelledby="participants-heading">
      <h2 id="participants-heading">People on this ticket</h2>
      {list.isPending && <Loading />}
      {list.isError && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && items.length === 0 && <p className="muted">No participants.</p>}
      {items.length > 0 && (
        <ul className="participant-list" aria-label="Participants">
          {items.map((p) => (
            <li key={p.contact.id}>
              <strong>{p.contact.name}</strong>{' '}
              <span className="muted small">
                {p.organization.name}
                {p.addedBy && ` · added by ${p.addedBy.name} on ${formatDate(p.addedAt)}`}
              </span>{' '}
              {(props.staff || p.mayRemove) && (
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(p.contact.id)}
                >
                  Remove<span className="visually-hidden"> {p.contact.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorMessage error={remove.error} />}
      {mayAdd && (
        <form onSubmit={submit} className="stack">
          <Field label="Add a person" hint={props.hint}>
            {(control) => props.picker(control, choice, setChoice)}
          </Field>
          <SubmitButton busy={add.isPending} className="btn-small">
            Add participant
          </SubmitButton>
          {add.isError && <ErrorMessage error={add.error} />}
        </form>
      )}
    </section>
  );
}

/** The portal's picker: the colleagues the server says the contact may add to this ticket. */
export function ColleagueCombobox(props: {
  api: ApiClient;
  ticketPath: string;
  control: FieldControlProps;
  value: ComboboxOption | null;
  onChange: (option: ComboboxOption | null) => void;
}) {
  const { api, ticketPath } = props;
  return (
    <Combobox
      control={props.control}
      value={props.value}
      onChange={props.onChange}
      search={async (text, signal) => {
        const page = await api.get<Page<ApiItem<'/api/portal/tickets/{id}/participant-candidates'>>>(
          `${ticketPath}/participant-candidates`,
          { q: text || undefined, limit: 12 },
          signal,
        );
        return page.items.map((c) => ({ id: c.id, label: c.name, description: c.organization.name }));
      }}
      queryKey={['participant-candidates', ticketPath]}
      placeholder="Type a colleague's name"
      clearLabel="colleague"
    />
  );
}
