// Which team gets the tickets contacts open (portal, mail): the desk's default on the Teams page,
// an organization's own on its page (docs/desk.md, "Default team"). One form for both.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { fieldErrors } from '../../shared/api.ts';
import { SelectField } from '../../shared/SelectField.tsx';
import { ErrorMessage, SubmitButton } from '../../shared/ui.tsx';
import { useWholeList } from '../queries.ts';
import type { Team } from '../types.ts';

export function DefaultTeamForm({
  heading,
  hint,
  emptyLabel,
  teamId,
  save,
}: {
  heading: string;
  hint: string;
  /** What no team of its own means here ("Inherited from the parent, else the desk's default"). */
  emptyLabel: string;
  teamId: string | null;
  save: (teamId: string | null) => Promise<unknown>;
}) {
  const [value, setValue] = useState(teamId ?? '');
  const teams = useWholeList<Team>(['staff', 'teams'], '/api/staff/teams');
  const mutation = useMutation({ mutationFn: () => save(value || null) });
  const error = fieldErrors(mutation.error).defaultTeamId;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  const changed = value !== (teamId ?? '');
  return (
    <form onSubmit={submit} className="stack" aria-label={heading}>
      <h3 className="sub-heading">{heading}</h3>
      {mutation.isError && !error && <ErrorMessage error={mutation.error} />}
      <SelectField
        label="Team for new tickets from contacts"
        hint={hint}
        error={error ? `Not possible: ${error}.` : undefined}
        value={value}
        onChange={(v) => {
          mutation.reset();
          setValue(v);
        }}
        empty={emptyLabel}
        choices={(teams.data ?? []).map((t) => [t.id, t.name] as const)}
      />
      <div className="form-actions">
        <SubmitButton busy={mutation.isPending} tone={changed ? 'primary' : 'secondary'}>
          Save
        </SubmitButton>
        {mutation.isSuccess && !changed && (
          <span role="status" className="muted">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
