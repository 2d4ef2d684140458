// A contact's effective access (GET /api/staff/access/contacts/{id}): privilege group, scopes,
// privileges, modules (and why a restricted one is or is not usable), user groups with reasons,
// grants (expired ones marked) and how many tickets each of its portal views lists.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import type { ComboboxOption } from '../../shared/Combobox.tsx';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import { RecordFallback } from '../../shared/RecordFallback.tsx';
import {
  Alert,
  Badge,
  DataTable,
  EmptyState,
  Field,
  PageHeader,
  useDocumentTitle,
} from '../../shared/ui.tsx';
import { ContactCombobox } from '../components/pickers.tsx';
import { staffApi } from '../session.tsx';
import {
  ACCESS,
  LevelBadge,
  LoadError,
  MODULE_LABEL,
  PERMISSIONS,
  plural,
  ReasonBadges,
  SCOPE_LABEL,
  usePrivilegeCatalogue,
  VIEW_PRIVILEGE,
} from '../permissions/common.tsx';
import { CATEGORIES, privilegeLabel } from '../permissions/privileges.ts';
import type { ContactAccess } from './types.ts';

/** /staff/access/contacts: choose whose access to look at. */
export function ContactAccessPicker() {
  useDocumentTitle('Effective access');
  const navigate = useNavigate();
  const [contact, setContact] = useState<ComboboxOption | null>(null);
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!contact) {
      setError('Choose a contact.');
      return;
    }
    void navigate(`${ACCESS}/contacts/${contact.id}`);
  };
  return (
    <>
      <div className="section-header">
        <div>
          <h2>Effective access</h2>
          <p className="muted">
            Everything that decides what one contact sees: its privilege group and scopes, the modules it may
            use, its user groups and grants, and how many tickets its portal lists.
          </p>
        </div>
      </div>
      <form className="card search-form narrow-card" onSubmit={submit} noValidate>
        <Field label="Contact" error={error}>
          {(control) => <ContactCombobox control={control} value={contact} onChange={setContact} />}
        </Field>
        <button type="submit" className="btn btn-primary">
          Show access
        </button>
      </form>
    </>
  );
}

const VIEW_LABEL: Record<string, string> = {
  mine: 'Its own tickets',
  organization: 'Its organization’s tickets',
  groups: 'Tickets of the groups it follows',
  all: 'Every ticket it can see',
};

export function ContactAccessPage() {
  const { id = '' } = useParams();
  const access = useQuery({
    queryKey: ['staff', 'access', 'contact', id],
    queryFn: ({ signal }) =>
      staffApi.get<ContactAccess>(`/api/staff/access/contacts/${id}`, undefined, signal),
  });
  useDocumentTitle(access.data ? `Access of ${access.data.contact.name}` : 'Effective access');
  const back = { to: `${ACCESS}/contacts`, label: 'Effective access' };
  if (!access.data)
    return (
      <RecordFallback
        query={access}
        what="contact’s access"
        title="Effective access"
        back={back}
        loading="Working out the contact’s access…"
        headerWhileLoading
        notFound={
          <EmptyState
            title="This contact does not exist."
            action={<Link to={back.to}>Choose another contact</Link>}
          />
        }
        failed={(retry) => <LoadError what="The contact’s access" error={access.error} onRetry={retry} />}
      />
    );
  return <AccessView access={access.data} />;
}

function AccessView({ access }: { access: ContactAccess }) {
  const { contact } = access;
  const catalogue = usePrivilegeCatalogue();
  const held = new Set(access.privileges);
  return (
    <>
      <PageHeader
        title={
          <span className="inline-list">
            {contact.name}
            {contact.disabled && <Badge tone="danger">Disabled</Badge>}
            {!contact.disabled && !access.maySignIn && <Badge tone="warning">Cannot sign in</Badge>}
          </span>
        }
        subtitle={
          <>
            {contact.email} ·{' '}
            <Link to={`/staff/organizations/${access.organization.id}`}>{access.organization.name}</Link>
          </>
        }
        back={{ to: `${ACCESS}/contacts`, label: 'Effective access' }}
        actions={
          <>
            <Link className="btn btn-secondary" to={`${ACCESS}/explain?contactId=${contact.id}`}>
              Explain a record
            </Link>
            {access.maySignIn && (
              <Link className="btn btn-secondary" to={`${ACCESS}/view-as?contactId=${contact.id}`}>
                View portal as…
              </Link>
            )}
            <Link className="btn btn-secondary" to={`/staff/contacts/${contact.id}`}>
              Contact page
            </Link>
          </>
        }
      />
      {!access.maySignIn && (
        <Alert tone="warning" title={contact.disabled ? 'Disabled' : 'No portal access'}>
          <p>
            {contact.disabled
              ? 'The contact is disabled: it cannot sign in and sees nothing in the portal.'
              : `Its privilege group “${access.privilegeGroup.name}” does not allow signing in, so it sees nothing in the portal.`}
          </p>
        </Alert>
      )}

      <div className="access-grid">
        <section className="card" aria-labelledby="pg-heading">
          <h2 id="pg-heading">Privilege group</h2>
          <p>
            <Link className="strong-link" to={`${PERMISSIONS}/privilege-groups/${access.privilegeGroup.id}`}>
              {access.privilegeGroup.name}
            </Link>
            {access.privilegeGroup.systemKey && <span className="muted small"> (system group)</span>}
          </p>
          <dl className="description-list">
            <div>
              <dt>Ticket scope</dt>
              <dd>{SCOPE_LABEL[access.ticketScope]}</dd>
            </div>
            <div>
              <dt>Record scope</dt>
              <dd>{SCOPE_LABEL[access.recordScope]}</dd>
            </div>
            <div>
              <dt>Tickets reached through the scope</dt>
              <dd>{access.scopeLevel === 'write' ? 'Read and write' : 'Read only'}</dd>
            </div>
          </dl>
        </section>

        <section className="card" aria-labelledby="views-heading">
          <h2 id="views-heading">Ticket views in the portal</h2>
          {access.views.length === 0 ? (
            <p className="muted">No ticket views: it cannot see tickets.</p>
          ) : (
            <ul className="plain-list view-counts">
              {access.views.map((v) => (
                <li key={v.view}>
                  <span>{VIEW_LABEL[v.view] ?? v.view}</span> <strong>{plural(v.tickets, 'ticket')}</strong>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="grants-heading">
          <h2 id="grants-heading">Access grants</h2>
          {access.grants.length === 0 ? (
            <p className="muted">It holds no access grant.</p>
          ) : (
            <ul className="row-list">
              {access.grants.map((g) => (
                <li key={g.id}>
                  <div>
                    <Link to={`${PERMISSIONS}/access-grants/${g.id}`}>{g.userGroup.name}</Link>
                    <div className="muted small">
                      {g.expiresAt ? (
                        <span title={formatDateTime(g.expiresAt)}>
                          {g.expired ? 'Expired' : 'Expires'} {formatRelative(g.expiresAt)}
                        </span>
                      ) : (
                        'No expiry'
                      )}
                    </div>
                  </div>
                  <span className="item-badges">
                    <LevelBadge level={g.level} />
                    {g.expired && <Badge tone="danger">Expired: no effect</Badge>}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link className="small" to={`${PERMISSIONS}/access-grants/new?contactId=${contact.id}`}>
              Grant {contact.name} access to a group’s tickets
            </Link>
          </p>
        </section>

        <section className="card" aria-labelledby="groups-heading">
          <h2 id="groups-heading">User groups</h2>
          {access.groups.length === 0 ? (
            <p className="muted">It is a member of no user group.</p>
          ) : (
            <ul className="row-list">
              {access.groups.map((g) => (
                <li key={g.group.id}>
                  <Link to={`${PERMISSIONS}/user-groups/${g.group.id}`}>{g.group.name}</Link>
                  <ReasonBadges reasons={g.reasons} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="modules-heading" className="section-block">
        <h2 id="modules-heading">Modules</h2>
        <DataTable
          caption="Modules and whether the contact may use them"
          rows={access.modules}
          rowKey={(m) => m.module}
          columns={[
            { header: 'Module', primary: true, cell: (m) => MODULE_LABEL[m.module] },
            {
              header: 'In the portal',
              cell: (m) =>
                access.maySignIn && m.usable && held.has(VIEW_PRIVILEGE[m.module]) ? (
                  <Badge tone="success">Shown</Badge>
                ) : (
                  <Badge tone="danger">Hidden</Badge>
                ),
            },
            {
              header: 'Why',
              cell: (m) => {
                const reasons: string[] = access.maySignIn ? [] : ['It cannot sign in.'];
                if (m.why) reasons.push(m.why.charAt(0).toUpperCase() + m.why.slice(1) + '.');
                else reasons.push('Module visibility: open to all.');
                if (!held.has(VIEW_PRIVILEGE[m.module]))
                  reasons.push(`Its privilege group lacks “${privilegeLabel(VIEW_PRIVILEGE[m.module])}”.`);
                return <span>{reasons.join(' ')}</span>;
              },
            },
          ]}
        />
      </section>

      <section className="card" aria-labelledby="privileges-heading">
        <h2 id="privileges-heading">Privileges</h2>
        <p className="muted">
          {plural(access.privileges.length, 'privilege')}
          {catalogue.data ? ` of ${catalogue.data.length}` : ''}, from “{access.privilegeGroup.name}”.
        </p>
        <div className="held-grid">
          {CATEGORIES.map((category) => {
            const names = (catalogue.data?.map((p) => p.name) ?? access.privileges).filter((n) =>
              category.match(n),
            );
            if (names.length === 0) return null;
            return (
              <div key={category.key}>
                <h3 className="small-heading">{category.title}</h3>
                <ul className="held-list">
                  {names.map((n) => (
                    <li key={n} className={held.has(n) ? 'held' : 'not-held'}>
                      <span aria-hidden="true">{held.has(n) ? '✓' : '–'}</span>
                      <span className="visually-hidden">{held.has(n) ? 'Has: ' : 'Lacks: '}</span>
                      {privilegeLabel(n)}
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      </section>
    </>
  );
}
