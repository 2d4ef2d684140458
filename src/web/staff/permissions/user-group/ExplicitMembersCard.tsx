import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type Page } from '../../../shared/api.ts';
import type { ComboboxOption } from '../../../shared/Combobox.tsx';
import { fetchAll } from '../../../shared/paging.ts';
import { Field, Loading } from '../../../shared/ui.tsx';
import { ContactCombobox } from '../../components/pickers.tsx';
import { useOrganizationIndex } from '../../queries.ts';
import { staffApi } from '../../session.tsx';
import { ACCESS, LoadError, REASON_LABEL, userGroupsKey } from '../common.tsx';
import type { GroupMember, UserGroup } from '../types.ts';
import type { Propose } from './pending.ts';

/** The contacts listed by name. The API lists all members with reasons; those "explicit" are these. */
function useExplicitMembers(group: UserGroup) {
  return useQuery({
    queryKey: [...userGroupsKey, group.id, 'explicit', group.explicitMemberCount],
    queryFn: async ({ signal }) => {
      if (group.explicitMemberCount === 0) return [];
      const all = await fetchAll((cursor) =>
        staffApi.get<Page<GroupMember>>(
          `/api/staff/user-groups/${group.id}/members`,
          { cursor, limit: 100 },
          signal,
        ),
      );
      return all
        .filter((m) => m.reasons.includes('explicit'))
        .sort((a, b) => a.contact.name.localeCompare(b.contact.name));
    },
  });
}

export function ExplicitMembersCard({ group, propose }: { group: UserGroup; propose: Propose }) {
  const members = useExplicitMembers(group);
  const { index } = useOrganizationIndex();
  const [choice, setChoice] = useState<ComboboxOption | null>(null);
  const [error, setError] = useState<string>();
  const listed = new Set((members.data ?? []).map((m) => m.contact.id));

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!choice) {
      setError('Choose a contact first.');
      return;
    }
    if (listed.has(choice.id)) {
      setError(`${choice.label} is already listed.`);
      return;
    }
    setError(undefined);
    const contact = choice;
    propose({
      title: `Add ${contact.label} to “${group.name}”?`,
      summary: <p>{contact.label} becomes a member by name.</p>,
      change: { kind: 'add_member', userGroupId: group.id, contactId: contact.id },
      confirmLabel: 'Add member',
      save: () => staffApi.put(`/api/staff/user-groups/${group.id}/contacts/${contact.id}`),
      after: () => setChoice(null),
    });
  };
  const remove = (m: GroupMember) =>
    propose({
      title: `Remove ${m.contact.name} from “${group.name}”?`,
      summary: (
        <p>
          {m.contact.name} is no longer listed by name.
          {m.reasons.length > 1 &&
            ` It stays a member: ${m.reasons
              .filter((r) => r !== 'explicit')
              .map((r) => REASON_LABEL[r].toLowerCase())
              .join(', ')}.`}
        </p>
      ),
      change: { kind: 'remove_member', userGroupId: group.id, contactId: m.contact.id },
      confirmLabel: 'Remove member',
      tone: 'danger',
      save: () => staffApi.delete(`/api/staff/user-groups/${group.id}/contacts/${m.contact.id}`),
    });

  return (
    <section className="card" aria-labelledby="explicit-heading">
      <h2 id="explicit-heading">Members by name</h2>
      {members.isPending ? (
        <Loading label="Loading members…" />
      ) : members.isError ? (
        <LoadError what="The members" error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.length === 0 ? (
        <p className="muted">Nobody is listed by name.</p>
      ) : (
        <ul className="row-list">
          {members.data.map((m) => (
            <li key={m.contact.id}>
              <div>
                <Link to={`${ACCESS}/contacts/${m.contact.id}`}>{m.contact.name}</Link>
                <div className="muted small">
                  {m.contact.email}
                  {index?.byId.get(m.contact.organizationId) &&
                    ` · ${index.byId.get(m.contact.organizationId)?.name}`}
                </div>
              </div>
              <button type="button" className="btn btn-secondary btn-small" onClick={() => remove(m)}>
                Remove <span className="visually-hidden">{m.contact.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {members.data && members.data.length < group.explicitMemberCount && (
        <p className="muted small">
          Showing {members.data.length} of {group.explicitMemberCount} listed contacts.
        </p>
      )}
      <form className="inline-add" onSubmit={add} noValidate>
        <Field label="Add a contact by name" error={error}>
          {(control) => <ContactCombobox control={control} value={choice} onChange={setChoice} />}
        </Field>
        <button type="submit" className="btn btn-secondary">
          Add…
        </button>
      </form>
    </section>
  );
}
