// One contact: its fields, its portal account (invitation, password, "view portal as"), and for
// administrators the user groups it belongs to (and why) and the access grants it holds.
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { fieldErrors, isApiError, type Page } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import {
  Alert,
  Badge,
  ConfirmDialog,
  EmptyState,
  ErrorMessage,
  Field,
  Loading,
  PageHeader,
  SubmitButton,
  useDocumentTitle,
} from '../../shared/ui.tsx';
import { DisabledBadge } from '../badges.tsx';
import { ContactForm, draftOf, inputOf, type ContactDraft } from '../components/ContactForm.tsx';
import { CopyField } from '../components/CopyField.tsx';
import { contactKey, useContact, useOrganizationIndex, usePrivilegeGroups } from '../queries.ts';
import { isAdmin, mayImpersonate, staffApi, useStaffMe } from '../session.tsx';
import type {
  AccessGrant,
  Contact,
  ContactGroups,
  Impersonation,
  Invitation,
  MembershipReason,
} from '../types.ts';

function DetailsSection({ contact }: { contact: Contact }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ContactDraft>(() => draftOf(contact));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => staffApi.patch<Contact>(`/api/staff/contacts/${contact.id}`, inputOf(draft)),
    onSuccess: async (updated) => {
      queryClient.setQueryData(contactKey(contact.id), updated);
      setDraft(draftOf(updated));
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['staff', 'contacts'] });
      await queryClient.invalidateQueries({ queryKey: [...contactKey(contact.id), 'groups'] });
    },
  });
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      {saved && !save.isPending && (
        <Alert tone="success">
          <p>Saved. Group membership and portal access follow the change on the contact’s next request.</p>
        </Alert>
      )}
      <ContactForm
        draft={draft}
        onChange={(d) => {
          setSaved(false);
          setDraft(d);
        }}
        onSubmit={() => save.mutate()}
        busy={save.isPending}
        error={save.error}
        submitLabel="Save contact"
        extraActions={
          <button
            type="button"
            className="btn btn-link"
            onClick={() => {
              save.reset();
              setSaved(false);
              setDraft(draftOf(contact));
            }}
          >
            Undo changes
          </button>
        }
      />
    </section>
  );
}

function Invitation({ contact }: { contact: Contact }) {
  const invite = useMutation({
    mutationFn: () => staffApi.post<Invitation>(`/api/staff/contacts/${contact.id}/invitation`),
  });
  return (
    <div className="stack separated">
      <h3 className="sub-heading">Invitation</h3>
      <p className="muted small">
        A link with which {contact.name} sets a password and signs in (also sent by e-mail when mail is set
        up). A new link replaces the old one.
      </p>
      {invite.isError && <ErrorMessage error={invite.error} />}
      {invite.data && (
        <CopyField
          label="Invitation link"
          value={invite.data.url}
          hint={`Valid once, until ${formatDateTime(invite.data.expiresAt)}. Send it to ${contact.email} only.`}
        />
      )}
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => invite.mutate()}
        disabled={invite.isPending || contact.disabled}
        aria-busy={invite.isPending || undefined}
      >
        {invite.isPending ? 'Creating the link…' : invite.data ? 'Create a new link' : 'Send invitation'}
      </button>
      {contact.disabled && <p className="muted small">Enable the contact before inviting it.</p>}
    </div>
  );
}

function SetPassword({ contact }: { contact: Contact }) {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const set = useMutation({
    mutationFn: () => staffApi.put(`/api/staff/contacts/${contact.id}/password`, { password }),
    onSuccess: async () => {
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: contactKey(contact.id) });
    },
  });
  const errors = fieldErrors(set.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password) set.mutate();
  };
  return (
    <form className="stack separated" onSubmit={submit} aria-labelledby={`pw-${contact.id}`}>
      <h3 className="sub-heading" id={`pw-${contact.id}`}>
        Set a password
      </h3>
      {set.isError && !errors.password && <ErrorMessage error={set.error} />}
      {set.isSuccess && (
        <Alert tone="success">
          <p>The password is set; the contact’s other sessions have ended.</p>
        </Alert>
      )}
      <Field
        label="New password"
        hint="At least 10 characters, not the contact’s name or e-mail. Prefer the invitation: then only the contact knows it."
        error={errors.password ? `The password ${errors.password}.` : undefined}
      >
        {(control) => (
          <input
            {...control}
            type={show ? 'text' : 'password'}
            autoComplete="new-password"
            value={password}
            onChange={(e) => {
              set.reset();
              setPassword(e.target.value);
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <SubmitButton busy={set.isPending} tone="secondary">
          Set password
        </SubmitButton>
        <button type="button" className="btn btn-link" aria-pressed={show} onClick={() => setShow((s) => !s)}>
          {show ? 'Hide password' : 'Show password'}
        </button>
      </div>
    </form>
  );
}

function ViewPortalAs({ contact }: { contact: Contact }) {
  const modeName = useId();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'read' | 'write'>('read');
  const [reason, setReason] = useState('');
  const [blank, setBlank] = useState(false);
  const [opened, setOpened] = useState(true);
  const start = useMutation({
    mutationFn: () =>
      staffApi.post<Impersonation>('/api/staff/impersonations', { contactId: contact.id, mode, reason }),
    onSuccess: () => {
      // The portal session cookie is set now; a new tab shows the portal with the banner.
      const tab = window.open('/portal', '_blank', 'noopener');
      setOpened(tab !== null);
    },
  });
  const errors = fieldErrors(start.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBlank(!reason.trim());
    if (reason.trim()) start.mutate();
  };
  if (!open)
    return (
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => {
          start.reset();
          setOpen(true);
        }}
        disabled={contact.disabled}
      >
        View portal as {contact.name}
      </button>
    );
  return (
    <form className="stack impersonate-form" onSubmit={submit} aria-labelledby={`imp-${contact.id}`}>
      <h3 className="sub-heading" id={`imp-${contact.id}`}>
        View portal as {contact.name}
      </h3>
      {start.isSuccess ? (
        <Alert tone="success" title={`The portal is open as ${contact.name}`}>
          <p>
            {mode === 'read' ? 'Read-only' : 'Changes allowed'}, until {formatDateTime(start.data.expiresAt)}.
            The portal shows a banner; leaving it there ends the impersonation.{' '}
            {!opened && 'Your browser blocked the new tab: use the link.'}
          </p>
          <p>
            <a href="/portal" target="_blank" rel="noopener">
              Open the portal in a new tab
            </a>
          </p>
        </Alert>
      ) : (
        <>
          {start.isError && Object.keys(errors).length === 0 && <ErrorMessage error={start.error} />}
          <fieldset>
            <legend className="field-label-static">Mode</legend>
            <div className="radio-list">
              <label>
                <input
                  type="radio"
                  name={modeName}
                  checked={mode === 'read'}
                  onChange={() => setMode('read')}
                />
                <span>
                  Read-only
                  <span className="radio-note">Recommended: see exactly what the contact sees.</span>
                </span>
              </label>
              <label>
                <input
                  type="radio"
                  name={modeName}
                  checked={mode === 'write'}
                  onChange={() => setMode('write')}
                />
                <span>
                  Allow changes
                  <span className="radio-note">Every change is audited with both names.</span>
                </span>
              </label>
            </div>
          </fieldset>
          <Field
            label="Reason"
            hint="Recorded in the audit log, for example the ticket number you are checking."
            error={blank ? 'Write the reason.' : errors.reason ? `The reason ${errors.reason}.` : undefined}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                maxLength={500}
                value={reason}
                autoFocus
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <p className="muted small">
            This replaces any portal session in this browser. Opens /portal in a new tab.
          </p>
        </>
      )}
      <div className="form-actions">
        {!start.isSuccess && (
          <SubmitButton busy={start.isPending} busyLabel="Starting…">
            Open the portal
          </SubmitButton>
        )}
        <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
          {start.isSuccess ? 'Done' : 'Cancel'}
        </button>
      </div>
    </form>
  );
}

function PortalAccount({ contact }: { contact: Contact }) {
  const me = useStaffMe();
  return (
    <section className="card stack" aria-labelledby="account-heading">
      <h2 id="account-heading">Portal account</h2>
      <p>
        {contact.disabled ? (
          <>
            <DisabledBadge /> Cannot sign in.
          </>
        ) : contact.hasPassword ? (
          <>
            <Badge tone="success">Has a password</Badge> Can sign in if the privilege group allows it.
          </>
        ) : (
          <>
            <Badge tone="warning">No password yet</Badge> Invitation pending or not sent.
          </>
        )}
      </p>
      {mayImpersonate(me) && <ViewPortalAs contact={contact} />}
      <Invitation contact={contact} />
      <SetPassword contact={contact} />
    </section>
  );
}

const REASONS: Record<MembershipReason, string> = {
  explicit: 'explicit member',
  organization: 'through its organization',
  rule: 'matches the rule',
  always: 'always-group (everyone)',
};

function Groups({ contactId }: { contactId: string }) {
  const groups = useQuery({
    queryKey: [...contactKey(contactId), 'groups'],
    queryFn: ({ signal }) =>
      staffApi.get<ContactGroups>(`/api/staff/contacts/${contactId}/groups`, undefined, signal),
  });
  return (
    <section className="card" aria-labelledby="groups-heading">
      <h2 id="groups-heading">User groups</h2>
      {groups.isPending ? (
        <Loading />
      ) : groups.isError ? (
        <ErrorMessage error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.items.length === 0 ? (
        <p className="muted">Not a member of any user group.</p>
      ) : (
        <ul className="simple-list">
          {groups.data.items.map(({ group, reasons }) => (
            <li key={group.id}>
              <span className="strong">{group.name}</span>{' '}
              <span className="muted small">— {reasons.map((r) => REASONS[r] ?? r).join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Grants({ contactId }: { contactId: string }) {
  const grants = useQuery({
    queryKey: [...contactKey(contactId), 'grants'],
    queryFn: ({ signal }) =>
      staffApi.get<Page<AccessGrant>>('/api/staff/access-grants', { contactId, limit: 100 }, signal),
  });
  return (
    <section className="card" aria-labelledby="grants-heading">
      <div className="card-header">
        <h2 id="grants-heading">Access grants</h2>
        <Link to="/staff/permissions" className="small">
          Manage in Permissions
        </Link>
      </div>
      <p className="muted small">Access to the tickets of every member of a user group (“super customer”).</p>
      {grants.isPending ? (
        <Loading />
      ) : grants.isError ? (
        <ErrorMessage error={grants.error} onRetry={() => void grants.refetch()} />
      ) : grants.data.items.length === 0 ? (
        <p className="muted">No access grants.</p>
      ) : (
        <ul className="simple-list">
          {grants.data.items.map((g) => (
            <li key={g.id} className={g.expired ? 'expired' : undefined}>
              <span className="strong">{g.userGroup.name}</span>{' '}
              <Badge tone={g.level === 'write' ? 'info' : 'neutral'}>
                {g.level === 'write' ? 'Read and write' : 'Read only'}
              </Badge>{' '}
              {g.expired ? (
                <Badge tone="danger">Expired {formatDate(g.expiresAt)}</Badge>
              ) : g.expiresAt ? (
                <span className="muted small">until {formatDate(g.expiresAt)}</span>
              ) : (
                <span className="muted small">no expiry</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeleteContact({ contact }: { contact: Contact }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => staffApi.delete(`/api/staff/contacts/${contact.id}`),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: contactKey(contact.id) });
      await queryClient.invalidateQueries({ queryKey: ['staff', 'contacts'] });
      await navigate('/staff/contacts', { replace: true });
    },
  });
  return (
    <>
      <button type="button" className="btn btn-link btn-small" onClick={() => setOpen(true)}>
        Delete contact
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete ${contact.name}?`}
        confirmLabel="Delete contact"
        tone="danger"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          remove.reset();
          setOpen(false);
        }}
      >
        <p>
          A contact who requested tickets cannot be deleted: disable it instead, and its tickets remain. This
          cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

export function ContactPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const me = useStaffMe();
  const admin = isAdmin(me);
  const contact = useContact(id);
  const { index } = useOrganizationIndex();
  const groups = usePrivilegeGroups(admin);
  useDocumentTitle(contact.data?.name ?? 'Contact');
  const back = { to: '/staff/contacts', label: 'Contacts' };

  if (contact.isPending) return <Loading label="Loading the contact…" />;
  if (contact.isError)
    return (
      <>
        <PageHeader title="Contact" back={back} />
        {isApiError(contact.error, 404) ? (
          <EmptyState title="This contact could not be found." />
        ) : (
          <ErrorMessage error={contact.error} onRetry={() => void contact.refetch()} />
        )}
      </>
    );
  const c = contact.data;
  const organization = index?.byId.get(c.organizationId);
  const group = groups.data?.find((g) => g.id === c.privilegeGroupId);
  const created = (location.state as { created?: boolean } | null)?.created;
  return (
    <>
      <PageHeader
        back={back}
        title={
          <>
            {c.name} {c.disabled && <DisabledBadge />}
          </>
        }
        subtitle={
          <>
            {[c.title, c.department].filter(Boolean).join(', ')}
            {(c.title || c.department) && ' · '}
            <Link to={`/staff/organizations/${c.organizationId}`}>
              {organization ? index?.pathOf(organization.id) : 'Organization'}
            </Link>
            {group && ` · ${group.name}`}
          </>
        }
        actions={
          <>
            <Link className="btn btn-primary" to={`/staff/tickets/new?requesterId=${c.id}`}>
              New ticket
            </Link>
            <Link className="btn btn-secondary" to={`/staff/tickets?requesterId=${c.id}&status=all`}>
              Tickets
            </Link>
          </>
        }
      />
      {created && (
        <Alert tone="success">
          <p>The contact is created. Send an invitation so it can set its portal password.</p>
        </Alert>
      )}
      <div className="two-columns">
        <div>
          <DetailsSection key={c.id} contact={c} />
          <div className="record-footer">
            <p className="muted small">
              Created {formatDateTime(c.createdAt)}; last changed {formatDateTime(c.updatedAt)}.
            </p>
            {admin && (
              <Link to={`/staff/audit?entityId=${c.id}`} className="small">
                Audit history of this contact
              </Link>
            )}
            <DeleteContact contact={c} />
          </div>
        </div>
        <aside aria-label="Portal account and access">
          <PortalAccount key={c.id} contact={c} />
          {admin && <Groups contactId={c.id} />}
          {admin && <Grants contactId={c.id} />}
        </aside>
      </div>
    </>
  );
}
