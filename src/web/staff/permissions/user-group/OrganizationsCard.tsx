import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { CheckboxField, Field } from '../../../shared/ui.tsx';
import { OrganizationSelect } from '../../components/pickers.tsx';
import { useOrganizationIndex } from '../../queries.ts';
import { staffApi } from '../../session.tsx';
import type { UserGroup } from '../types.ts';
import type { Propose } from './pending.ts';

export function OrganizationsCard({ group, propose }: { group: UserGroup; propose: Propose }) {
  const { index } = useOrganizationIndex();
  const [organizationId, setOrganizationId] = useState('');
  const [withSubs, setWithSubs] = useState(true);
  const [error, setError] = useState<string>();
  const present = new Set(group.memberOrganizations.map((o) => o.organizationId));
  const hasChildren = (id: string) => (index ? index.childrenOf(id).length > 0 : true);

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!organizationId) {
      setError('Choose an organization first.');
      return;
    }
    setError(undefined);
    const name = index?.byId.get(organizationId)?.name ?? 'the organization';
    const subs = withSubs && hasChildren(organizationId);
    const orgId = organizationId;
    propose({
      title: `Add ${name} to “${group.name}”?`,
      summary: (
        <p>
          Every contact of {name}
          {subs ? ' and of every organization below it' : ''} becomes a member, including contacts added
          later.
        </p>
      ),
      change: {
        kind: 'add_group_organization',
        userGroupId: group.id,
        organizationId: orgId,
        includeSubOrganizations: subs,
      },
      confirmLabel: 'Add organization',
      save: () =>
        staffApi.put(`/api/staff/user-groups/${group.id}/organizations/${orgId}`, {
          includeSubOrganizations: subs,
        }),
      after: () => setOrganizationId(''),
    });
  };
  const toggleSubs = (org: UserGroup['memberOrganizations'][number]) => {
    const next = !org.includeSubOrganizations;
    propose({
      title: next
        ? `Include the organizations below ${org.name}?`
        : `Stop including the organizations below ${org.name}?`,
      summary: (
        <p>
          {next
            ? `Contacts of every organization below ${org.name} become members too.`
            : `Only contacts of ${org.name} itself stay members through it; contacts of the organizations below it leave (unless another reason keeps them).`}
        </p>
      ),
      change: {
        kind: 'add_group_organization',
        userGroupId: group.id,
        organizationId: org.organizationId,
        includeSubOrganizations: next,
      },
      confirmLabel: next ? 'Include them' : 'Stop including them',
      save: () =>
        staffApi.put(`/api/staff/user-groups/${group.id}/organizations/${org.organizationId}`, {
          includeSubOrganizations: next,
        }),
    });
  };
  const remove = (org: UserGroup['memberOrganizations'][number]) =>
    propose({
      title: `Remove ${org.name} from “${group.name}”?`,
      summary: (
        <p>
          Contacts of {org.name}
          {org.includeSubOrganizations ? ' and the organizations below it' : ''} are no longer members through
          it.
        </p>
      ),
      change: {
        kind: 'remove_group_organization',
        userGroupId: group.id,
        organizationId: org.organizationId,
      },
      confirmLabel: 'Remove organization',
      tone: 'danger',
      save: () => staffApi.delete(`/api/staff/user-groups/${group.id}/organizations/${org.organizationId}`),
    });

  return (
    <section className="card" aria-labelledby="orgs-heading">
      <h2 id="orgs-heading">Member organizations</h2>
      {group.memberOrganizations.length === 0 ? (
        <p className="muted">No member organization.</p>
      ) : (
        <ul className="row-list">
          {group.memberOrganizations.map((o) => (
            <li key={o.organizationId}>
              <div>
                <Link to={`/staff/organizations/${o.organizationId}`}>{o.name}</Link>
                <div className="muted small">
                  {o.includeSubOrganizations ? 'With every organization below it' : 'This organization only'}
                </div>
              </div>
              <span className="inline-list">
                {(o.includeSubOrganizations || hasChildren(o.organizationId)) && (
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => toggleSubs(o)}>
                    {o.includeSubOrganizations ? 'Without sub-organizations' : 'Include sub-organizations'}
                    <span className="visually-hidden"> of {o.name}</span>
                  </button>
                )}
                <button type="button" className="btn btn-secondary btn-small" onClick={() => remove(o)}>
                  Remove <span className="visually-hidden">{o.name}</span>
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-add" onSubmit={add} noValidate>
        <Field label="Add an organization" error={error}>
          {(control) => (
            <OrganizationSelect
              control={control}
              value={organizationId}
              onChange={setOrganizationId}
              emptyLabel="Choose an organization…"
              exclude={(id) => present.has(id)}
            />
          )}
        </Field>
        <CheckboxField
          label="Include sub-organizations"
          hint="Also the organizations below it, now and later."
          checked={withSubs}
          onChange={setWithSubs}
        />
        <button type="submit" className="btn btn-secondary">
          Add…
        </button>
      </form>
    </section>
  );
}
