import { useState, type FormEvent } from 'react';
import { CheckboxField, Field, TextField } from '../../../shared/ui.tsx';
import { staffApi } from '../../session.tsx';
import type { Rule, UserGroup } from '../types.ts';
import type { Propose } from './pending.ts';

// A rule every contact matches (every contact has an e-mail address): previewing "always" with it
// gives exactly what the always flag would do, since the preview API has no change kind for it.
const EVERYONE: Rule = { operator: 'all', conditions: [{ field: 'email', op: 'is_not_empty' }] };

export function DetailsCard({ group, propose }: { group: UserGroup; propose: Propose }) {
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const [always, setAlways] = useState(group.always);
  const [error, setError] = useState<string>();
  const saved = `${group.name}\n${group.description}\n${group.always}`;
  const [base, setBase] = useState(saved);
  if (base !== saved) {
    setBase(saved);
    setName(group.name);
    setDescription(group.description);
    setAlways(group.always);
  }
  const dirty =
    name.trim() !== group.name || description.trim() !== group.description || always !== group.always;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the group a name.');
      return;
    }
    setError(undefined);
    const body = {
      ...(name.trim() !== group.name ? { name: name.trim() } : {}),
      ...(description.trim() !== group.description ? { description: description.trim() } : {}),
      ...(always !== group.always ? { always } : {}),
    };
    const lines = [
      ...(body.name !== undefined ? [`Name: “${group.name}” → “${body.name}”`] : []),
      ...(body.description !== undefined ? ['The description changes.'] : []),
      ...(body.always === true ? ['Every contact becomes a member (always-group).'] : []),
      ...(body.always === false
        ? [
            'It is no longer an always-group: only contacts listed by name, in a member organization or matching the rule stay members.',
          ]
        : []),
    ];
    propose({
      title: `Save “${group.name}”?`,
      summary: (
        <ul className="change-list">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ),
      change: body.always === true ? { kind: 'set_rule', userGroupId: group.id, rule: EVERYONE } : null,
      noPreview:
        body.always === false
          ? 'The preview cannot work out turning the always flag off. Contacts who are members only because of it lose what the group’s grants, modules and articles give them; check the access review afterwards.'
          : 'Only the name or description changes: nobody’s access changes.',
      confirmLabel: 'Save',
      save: () => staffApi.patch<UserGroup>(`/api/staff/user-groups/${group.id}`, body),
    });
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <TextField label="Name" error={error} type="text" maxLength={200} value={name} onChange={setName} />
      <Field label="Description">
        {(control) => (
          <textarea
            {...control}
            className="short-textarea"
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <CheckboxField
        label="Always-group: every contact is a member"
        hint="Members by name, organization and rule then make no difference."
        checked={always}
        onChange={setAlways}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!dirty}>
          Review and save…
        </button>
      </div>
    </form>
  );
}
