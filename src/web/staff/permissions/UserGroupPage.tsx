// One user group: its details, members by name, member organizations, its rule (with the live
// match count), who is a member and why, what uses it, and e-mail to the members. Every change to
// membership goes through the preview dialog.
import { useId, useRef, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldErrors, isApiError, type Page } from '../../shared/api.ts';
import type { ComboboxOption } from '../../shared/Combobox.tsx';
import { fetchAll, usePagedList } from '../../shared/paging.ts';
import {
  Alert,
  Badge,
  CheckboxField,
  EmptyState,
  ErrorMessage,
  Field,
  LoadMore,
  Loading,
  PageHeader,
  useDocumentTitle,
} from '../../shared/ui.tsx';
import { ContactCombobox, OrganizationSelect } from '../components/pickers.tsx';
import { useOrganizationIndex } from '../queries.ts';
import { staffApi } from '../session.tsx';
import {
  ACCESS,
  LevelBadge,
  LoadError,
  MODULE_LABEL,
  PERMISSIONS,
  plural,
  REASON_LABEL,
  ReasonBadges,
  useModuleVisibility,
  userGroupsKey,
} from './common.tsx';
import {
  draftOf,
  operatorWords,
  RuleBuilder,
  RuleCountChange,
  RuleMatches,
  ruleOf,
  type DraftRule,
} from './RuleBuilder.tsx';
import { SaveDialog } from './SaveDialog.tsx';
import type { AccessChange, AccessGrant, GroupMember, Rule, UserGroup } from './types.ts';
import type { ApiResponse } from '../../shared/api-types.ts';

/** A pending change and how to save it: what the preview dialog shows and does. */
type Pending = {
  title: string;
  summary: ReactNode;
  change: AccessChange | null;
  noPreview?: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  save: () => Promise<unknown>;
  after?: () => void;
};

export function UserGroupPage() {
  const { id = '' } = useParams();
  const group = useQuery({
    queryKey: [...userGroupsKey, 'one', id],
    queryFn: ({ signal }) => staffApi.get<UserGroup>(`/api/staff/user-groups/${id}`, undefined, signal),
  });
  useDocumentTitle(group.data?.name ?? 'User group');
  const back = { to: `${PERMISSIONS}/user-groups`, label: 'User groups' };
  if (group.isPending)
    return (
      <>
        <PageHeader title="User group" back={back} />
        <Loading label="Loading the user group…" />
      </>
    );
  if (group.isError)
    return (
      <>
        <PageHeader title="User group" back={back} />
        {isApiError(group.error, 404) ? (
          <EmptyState
            title="This user group does not exist."
            action={<Link to={back.to}>All user groups</Link>}
          >
            <p>It may have been deleted.</p>
          </EmptyState>
        ) : (
          <LoadError what="The user group" error={group.error} onRetry={() => void group.refetch()} />
        )}
      </>
    );
  return <GroupEditor key={group.data.id} group={group.data} />;
}

function GroupEditor({ group }: { group: UserGroup }) {
  const navigate = useNavigate();
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string>();
  const [emailOpen, setEmailOpen] = useState(false);
  const grants = useQuery({
    queryKey: ['staff', 'access-grants', 'by-group', group.id],
    queryFn: ({ signal }) =>
      fetchAll((cursor) =>
        staffApi.get<Page<AccessGrant>>(
          '/api/staff/access-grants',
          { userGroupId: group.id, cursor, limit: 100 },
          signal,
        ),
      ),
  });
  const modules = useModuleVisibility();
  const restricting = (modules.data ?? []).filter((m) => m.allowedGroups.some((g) => g.id === group.id));

  const propose = (p: Pending) => setPending(p);

  const askDelete = () =>
    propose({
      title: `Delete “${group.name}”?`,
      summary: (
        <div className="stack">
          <p>The group and its memberships are removed for good. The audit log keeps what it was.</p>
          {restricting.length > 0 && (
            <Alert tone="warning" title="The group restricts modules" live={false}>
              <p>
                {restricting.map((m) => MODULE_LABEL[m.module]).join(', ')}{' '}
                {restricting.length === 1 ? 'is' : 'are'} limited to this group, so it cannot be deleted:
                removing it could open the module to everyone. Take it out of module visibility first.
              </p>
            </Alert>
          )}
          {(grants.data?.length ?? 0) > 0 && (
            <p>
              Its {plural(grants.data?.length ?? 0, 'access grant')} (
              {grants.data?.map((g) => g.contact.name).join(', ')})
              {(grants.data?.length ?? 0) === 1 ? ' is' : ' are'} deleted with it.
            </p>
          )}
        </div>
      ),
      change: null,
      noPreview:
        (grants.data?.length ?? 0) > 0
          ? 'The preview cannot work out a deletion. The holders of its grants lose the tickets they see only through them; knowledge-base articles limited to it are no longer shown to its members.'
          : 'No access grant uses this group. Knowledge-base articles limited to it are no longer shown to its members.',
      confirmLabel: 'Delete group',
      tone: 'danger',
      save: () => staffApi.delete(`/api/staff/user-groups/${group.id}`),
      after: () => void navigate(`${PERMISSIONS}/user-groups`, { replace: true }),
    });

  return (
    <>
      <PageHeader
        title={
          <span className="inline-list">
            {group.name}
            {group.always && <Badge tone="accent">Always-group</Badge>}
          </span>
        }
        subtitle={group.description || undefined}
        back={{ to: `${PERMISSIONS}/user-groups`, label: 'User groups' }}
        actions={
          <>
            <button type="button" className="btn btn-secondary" onClick={() => setEmailOpen(true)}>
              E-mail members…
            </button>
            <Link className="btn btn-secondary" to={`${ACCESS}/review?userGroupId=${group.id}`}>
              Access review
            </Link>
            <button type="button" className="btn btn-secondary btn-danger-outline" onClick={askDelete}>
              Delete…
            </button>
          </>
        }
      />
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}

      <div className="two-columns">
        <div className="stack">
          <DetailsCard group={group} propose={propose} />
          <ExplicitMembersCard group={group} propose={propose} />
          <OrganizationsCard group={group} propose={propose} />
          <RuleCard group={group} propose={propose} />
        </div>
        <aside className="stack" aria-label="Where the group is used">
          <section className="card" aria-labelledby="used-by">
            <h2 id="used-by">Used by</h2>
            <h3 className="small-heading">Access grants on this group</h3>
            {grants.isPending ? (
              <Loading label="Loading grants…" />
            ) : grants.isError ? (
              <LoadError what="The grants" error={grants.error} onRetry={() => void grants.refetch()} />
            ) : grants.data.length === 0 ? (
              <p className="muted small">No contact holds a grant on this group.</p>
            ) : (
              <ul className="plain-list">
                {grants.data.map((g) => (
                  <li key={g.id}>
                    <Link to={`${PERMISSIONS}/access-grants/${g.id}`}>{g.contact.name}</Link>{' '}
                    <LevelBadge level={g.level} />
                    {g.expired && <Badge tone="danger">Expired</Badge>}
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link className="small" to={`${PERMISSIONS}/access-grants/new?userGroupId=${group.id}`}>
                Grant a contact access to this group’s tickets
              </Link>
            </p>
            <h3 className="small-heading">Modules limited to it</h3>
            {modules.isPending ? (
              <Loading label="Loading modules…" />
            ) : restricting.length === 0 ? (
              <p className="muted small">None.</p>
            ) : (
              <p>
                {restricting.map((m) => MODULE_LABEL[m.module]).join(', ')}{' '}
                <Link className="small" to={`${PERMISSIONS}/modules`}>
                  (module visibility)
                </Link>
              </p>
            )}
          </section>
          <MembersCard group={group} />
        </aside>
      </div>

      <SaveDialog
        open={pending !== null}
        title={pending?.title ?? ''}
        summary={pending?.summary}
        change={pending?.change ?? null}
        noPreview={pending?.noPreview}
        confirmLabel={pending?.confirmLabel ?? 'Save'}
        tone={pending?.tone}
        save={() => pending?.save() ?? Promise.resolve()}
        onSaved={() => {
          const after = pending?.after;
          setPending(null);
          setNotice(undefined);
          if (after) after();
          else setNotice('Saved. Membership changes apply on each contact’s next request.');
        }}
        onCancel={() => setPending(null)}
      />
      <EmailDialog group={group} open={emailOpen} onClose={() => setEmailOpen(false)} />
    </>
  );
}

type Propose = (p: Pending) => void;

// A rule every contact matches (every contact has an e-mail address): previewing "always" with it
// gives exactly what the always flag would do, since the preview API has no change kind for it.
const EVERYONE: Rule = { operator: 'all', conditions: [{ field: 'email', op: 'is_not_empty' }] };

function DetailsCard({ group, propose }: { group: UserGroup; propose: Propose }) {
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
      <Field label="Name" error={error}>
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
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

function RuleCard({ group, propose }: { group: UserGroup; propose: Propose }) {
  const [draft, setDraft] = useState<DraftRule>(() => draftOf(group.rule));
  const [editing, setEditing] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const savedKey = JSON.stringify(group.rule);
  const [base, setBase] = useState(savedKey);
  if (base !== savedKey) {
    setBase(savedKey);
    setDraft(draftOf(group.rule));
    setEditing(false);
  }
  const rule = ruleOf(draft);
  const dirty = JSON.stringify(rule) !== savedKey;

  const save = () => {
    setShowProblems(true);
    if (!rule) return;
    propose({
      title: group.rule ? `Change the rule of “${group.name}”?` : `Add a rule to “${group.name}”?`,
      summary: (
        <>
          <RuleSentence rule={rule} />
          <RuleCountChange before={group.rule} after={rule} />
        </>
      ),
      change: { kind: 'set_rule', userGroupId: group.id, rule },
      confirmLabel: 'Save rule',
      save: () => staffApi.patch<UserGroup>(`/api/staff/user-groups/${group.id}`, { rule }),
    });
  };
  const remove = () =>
    propose({
      title: `Remove the rule of “${group.name}”?`,
      summary: (
        <>
          <p>Contacts who are members only because they match the rule leave the group.</p>
          <RuleCountChange before={group.rule} after={null} />
        </>
      ),
      change: { kind: 'set_rule', userGroupId: group.id, rule: null },
      confirmLabel: 'Remove rule',
      tone: 'danger',
      save: () => staffApi.patch<UserGroup>(`/api/staff/user-groups/${group.id}`, { rule: null }),
    });

  return (
    <section className="card" aria-labelledby="rule-heading">
      <div className="card-header">
        <h2 id="rule-heading">Rule</h2>
        {group.rule && !editing && (
          <span className="inline-list">
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(true)}>
              Edit rule
            </button>
            <button type="button" className="btn btn-secondary btn-small btn-danger-outline" onClick={remove}>
              Remove rule
            </button>
          </span>
        )}
      </div>
      {!editing && group.rule && (
        <>
          <RuleSentence rule={group.rule} />
          <RuleMatches draft={draftOf(group.rule)} />
        </>
      )}
      {!editing && !group.rule && (
        <>
          <p className="muted">
            No rule. A rule makes every contact that matches it a member, now and as contacts change: for
            example “department is accounting”.
          </p>
          <button type="button" className="btn btn-secondary" onClick={() => setEditing(true)}>
            Add a rule
          </button>
        </>
      )}
      {editing && (
        <>
          <RuleBuilder value={draft} onChange={setDraft} showProblems={showProblems} />
          <RuleMatches draft={draft} />
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-primary"
              onClick={save}
              disabled={!dirty && rule !== null}
            >
              Review and save rule…
            </button>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => {
                setDraft(draftOf(group.rule));
                setEditing(false);
                setShowProblems(false);
              }}
            >
              Cancel
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The rule in words: "department is accounting, and title contains head". */
export function RuleSentence({ rule }: { rule: Rule }) {
  const { index } = useOrganizationIndex();
  const fieldName = (f: string) =>
    f === 'organizationId' ? 'organization' : f.startsWith('attributes.') ? `attribute ${f.slice(11)}` : f;
  const valueText = (field: string, v: string) =>
    field === 'organizationId' ? (index?.byId.get(v)?.name ?? v) : `“${v}”`;
  return (
    <p className="rule-sentence">
      Members are contacts that meet <strong>{rule.operator === 'all' ? 'all' : 'any'}</strong> of:{' '}
      {rule.conditions.map((c, i) => (
        <span key={i}>
          {i > 0 && (rule.operator === 'all' ? '; and ' : '; or ')}
          <code className="rule-code">
            {fieldName(c.field)} {operatorWords(c.op)}
            {c.value !== undefined &&
              ' ' +
                (Array.isArray(c.value)
                  ? c.value.map((v) => valueText(c.field, v)).join(', ')
                  : valueText(c.field, c.value))}
          </code>
        </span>
      ))}
    </p>
  );
}

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

function ExplicitMembersCard({ group, propose }: { group: UserGroup; propose: Propose }) {
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

function OrganizationsCard({ group, propose }: { group: UserGroup; propose: Propose }) {
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

/** Every member and why: the resolved membership, page by page. */
function MembersCard({ group }: { group: UserGroup }) {
  const { index } = useOrganizationIndex();
  const list = usePagedList([...userGroupsKey, group.id, 'members'], (cursor, signal) =>
    staffApi.get<Page<GroupMember>>(
      `/api/staff/user-groups/${group.id}/members`,
      { cursor, limit: 25 },
      signal,
    ),
  );
  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members and why</h2>
      {group.always && <p className="muted small">An always-group: every contact is a member.</p>}
      {list.isPending ? (
        <Loading label="Loading members…" />
      ) : list.isError && list.items.length === 0 ? (
        <LoadError what="The members" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <p className="muted">The group has no members.</p>
      ) : (
        <>
          <ul className="member-list">
            {list.items.map((m) => (
              <li key={m.contact.id}>
                <Link to={`${ACCESS}/contacts/${m.contact.id}`}>{m.contact.name}</Link>
                <div className="muted small">
                  {index?.byId.get(m.contact.organizationId)?.name ?? m.contact.email}
                </div>
                <ReasonBadges reasons={m.reasons} />
              </li>
            ))}
          </ul>
          {list.moreError !== null && <ErrorMessage error={list.moreError} />}
          <LoadMore
            hasMore={list.hasMore}
            loading={list.loadingMore}
            onLoadMore={list.loadMore}
            label="More members"
          />
        </>
      )}
    </section>
  );
}

/** "E-mail members": one message to every enabled member. */
function EmailDialog({ group, open, onClose }: { group: UserGroup; open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const send = useMutation({
    mutationKey: ['staff', 'group-email'],
    mutationFn: () =>
      staffApi.post<ApiResponse<'/api/staff/user-groups/{id}/email', 'post'>>(
        `/api/staff/user-groups/${group.id}/email`,
        {
          subject: subject.trim(),
          text,
        },
      ),
  });
  const { reset } = send;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      reset();
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, reset]);
  const errors = fieldErrors(send.error);
  const [missing, setMissing] = useState<{ subject?: string; text?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const m = {
      subject: subject.trim() ? undefined : 'Write a subject.',
      text: text.trim() ? undefined : 'Write the message.',
    };
    setMissing(m);
    if (!m.subject && !m.text) send.mutate();
  };
  const close = () => {
    if (send.isSuccess) {
      setSubject('');
      setText('');
    }
    onClose();
  };
  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!send.isPending) close();
      }}
    >
      {open && (
        <form onSubmit={submit} noValidate>
          <h2 id={titleId}>E-mail the members of “{group.name}”</h2>
          {send.isSuccess ? (
            <Alert tone="success" title="The message is on its way">
              <p>Sent to {plural(send.data.recipients, 'enabled member')}.</p>
            </Alert>
          ) : (
            <div className="dialog-body">
              <p className="muted">
                One message to every enabled member, each on its own (members do not see each other).
              </p>
              <Field label="Subject" error={missing.subject ?? errors.subject}>
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    maxLength={200}
                    value={subject}
                    onChange={(e) => setSubject(e.target.value)}
                  />
                )}
              </Field>
              <Field label="Message" error={missing.text ?? errors.text}>
                {(control) => (
                  <textarea
                    {...control}
                    maxLength={50000}
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                  />
                )}
              </Field>
              {send.isError && Object.keys(errors).length === 0 && <ErrorMessage error={send.error} />}
            </div>
          )}
          <div className="dialog-actions">
            <button type="button" className="btn btn-secondary" onClick={close} disabled={send.isPending}>
              {send.isSuccess ? 'Close' : 'Cancel'}
            </button>
            {!send.isSuccess && (
              <button
                type="submit"
                className="btn btn-primary"
                disabled={send.isPending}
                aria-busy={send.isPending || undefined}
              >
                {send.isPending ? 'Sending…' : 'Send'}
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}
