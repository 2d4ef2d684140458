// User groups: who belongs together. The list, and the form for a new group.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import {
  Badge,
  CheckboxField,
  EmptyState,
  Field,
  PageHeader,
  useDocumentTitle,
  TextField,
} from '../../shared/ui.tsx';
import { SearchForm } from '../../shared/lists.tsx';
import { useOrganizationIndex } from '../queries.ts';
import { staffApi } from '../session.tsx';
import { operatorWords } from './rule-builder/rule.ts';
import { loadErrors, PERMISSIONS, plural, userGroupsKey } from './common.tsx';
import { SaveDialog } from './SaveDialog.tsx';
import type { Rule, UserGroup } from './types.ts';

/** A rule in a line: "department is “accounting” or title contains “head”". */
export function ruleWords(rule: Rule, organizationName: (id: string) => string | undefined): string {
  const field = (f: string) =>
    f === 'organizationId' ? 'organization' : f.startsWith('attributes.') ? f.slice('attributes.'.length) : f;
  const value = (f: string, v: string) =>
    f === 'organizationId' ? (organizationName(v) ?? 'an organization') : `“${v}”`;
  return rule.conditions
    .map((c) => {
      const v =
        c.value === undefined
          ? ''
          : ' ' + (Array.isArray(c.value) ? c.value : [c.value]).map((x) => value(c.field, x)).join(', ');
      return `${field(c.field)} ${operatorWords(c.op)}${v}`;
    })
    .join(rule.operator === 'all' ? ' and ' : ' or ');
}

/** How a group gathers its members, in a few words. */
export function membershipSummary(
  g: UserGroup,
  organizationName: (id: string) => string | undefined,
): string[] {
  if (g.always) return ['Every contact (always-group)'];
  const parts: string[] = [];
  if (g.explicitMemberCount) parts.push(`By name: ${plural(g.explicitMemberCount, 'contact')}`);
  if (g.memberOrganizations.length)
    parts.push(
      `Organization: ${g.memberOrganizations
        .map((o) => (o.includeSubOrganizations ? `${o.name} and below` : o.name))
        .join(', ')}`,
    );
  if (g.rule) parts.push(`Rule: ${ruleWords(g.rule, organizationName)}`);
  return parts.length ? parts : ['No members yet'];
}

export function UserGroupsPage() {
  useDocumentTitle('User groups');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const { index } = useOrganizationIndex();
  const list = usePagedList([...userGroupsKey, 'list', q], (cursor, signal) =>
    staffApi.get<Page<UserGroup>>('/api/staff/user-groups', { q, cursor, limit: 50 }, signal),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(search.trim() ? { q: search.trim() } : {});
  };

  return (
    <>
      <div className="section-header">
        <div>
          <h2>User groups</h2>
          <p className="muted">
            A contact is a member when it is listed by name, its organization is a member organization, it
            matches the group’s rule, or the group is an always-group. Groups are used by access grants,
            module visibility, knowledge-base articles and e-mail to members.
          </p>
        </div>
        <div className="page-actions">
          <Link className="btn btn-primary" to={`${PERMISSIONS}/user-groups/new`}>
            New user group
          </Link>
        </div>
      </div>
      <SearchForm
        className="toolbar"
        onSubmit={submit}
        label="Search user groups"
        placeholder="Part of the name"
        value={search}
        onChange={setSearch}
      ></SearchForm>
      <PagedTable
        list={list}
        caption="User groups"
        loading="Loading user groups…"
        failed={loadErrors('The user groups', 'More groups')}
        moreLabel="More groups"
        empty={
          q ? (
            <EmptyState title={`No user group is called anything like “${q}”.`} />
          ) : (
            <EmptyState
              title="There are no user groups yet."
              action={
                <Link className="btn btn-primary" to={`${PERMISSIONS}/user-groups/new`}>
                  New user group
                </Link>
              }
            />
          )
        }
        columns={[
          {
            header: 'Name',
            primary: true,
            cell: (g) => (
              <div>
                <span className="inline-list">
                  <Link className="strong-link" to={`${PERMISSIONS}/user-groups/${g.id}`}>
                    {g.name}
                  </Link>
                  {g.always && <Badge tone="accent">Always-group</Badge>}
                </span>
                {g.description && <div className="muted small">{g.description}</div>}
              </div>
            ),
          },
          {
            header: 'Members',
            cell: (g) => (
              <ul className="path-mini">
                {membershipSummary(g, (id) => index?.byId.get(id)?.name).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </>
  );
}

/** A new group: its name, description and always flag; members are added on its page. */
export function NewUserGroupPage() {
  useDocumentTitle('New user group');
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [always, setAlways] = useState(false);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError('Give the group a name.');
      return;
    }
    setError(undefined);
    setOpen(true);
  };

  return (
    <>
      <PageHeader
        title="New user group"
        subtitle="Name the group; then add members by name, by organization or by a rule."
        back={{ to: `${PERMISSIONS}/user-groups`, label: 'User groups' }}
      />
      <form className="card narrow-card" onSubmit={submit} noValidate>
        <TextField
          label="Name"
          error={error ?? serverErrors.name}
          type="text"
          maxLength={200}
          required
          value={name}
          onChange={setName}
        />
        <Field label="Description" hint="What the group is for. Optional.">
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
          hint="Useful for knowledge-base articles or modules meant for all customers."
          checked={always}
          onChange={setAlways}
        />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">
            Create group…
          </button>
          <Link className="btn btn-secondary" to={`${PERMISSIONS}/user-groups`}>
            Cancel
          </Link>
        </div>
      </form>
      <SaveDialog
        open={open}
        title={`Create “${name.trim()}”?`}
        summary={
          <p>
            A new user group{always ? ' that every contact is a member of' : ' without members'}. Add members,
            grants and module restrictions on its page.
          </p>
        }
        change={null}
        noPreview="A new group is not used by any access grant, module or article yet: nobody’s access changes."
        confirmLabel="Create group"
        save={() =>
          staffApi
            .post<UserGroup>('/api/staff/user-groups', {
              name: name.trim(),
              description: description.trim(),
              always,
            })
            .catch((e: unknown) => {
              setServerErrors(fieldErrors(e));
              throw e;
            })
        }
        onSaved={(group) => void navigate(`${PERMISSIONS}/user-groups/${group.id}`, { replace: true })}
        onCancel={() => setOpen(false)}
      />
    </>
  );
}
