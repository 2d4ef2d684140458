import { TwoFactorSection } from '../../shared/TwoFactorSection.tsx';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PasswordField } from '../../shared/PasswordField.tsx';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { formatDate, formatDateTime, formatRelative } from '../../shared/format.ts';
import {
  Alert,
  Badge,
  DataTable,
  DescriptionList,
  ErrorMessage,
  Loading,
  PageHeader,
  SubmitButton,
  useDocumentTitle,
} from '../../shared/ui.tsx';
import { can, portalApi, useMe } from '../session.tsx';
import type { Me, PortalSession } from '../types.ts';
import { ApiTokens } from './ApiTokens.tsx';
import { NotificationSettings } from './NotificationSettings.tsx';
import { viewOptions } from './TicketsPage.tsx';

const SCOPE: Record<Me['ticketScope'], string> = {
  own: 'your own',
  organization: 'your organization’s',
  organization_tree: 'your organization’s and its sub-organizations’',
};

function AccessSummary({ me }: { me: Me }) {
  const views = [...new Set(viewOptions(me).map((v) => v.group))];
  return (
    <section className="card" aria-labelledby="access-heading">
      <h2 id="access-heading">What you can see</h2>
      <p>
        Your access level is <strong>{me.privilegeGroup.name}</strong>. You see {SCOPE[me.ticketScope]}{' '}
        tickets
        {me.ticketScope !== 'own' && (me.scopeLevel === 'write' ? ' and may work on them' : ', read-only')}.
      </p>
      {views.length > 0 && <p className="muted">Ticket views: {views.join(', ')}.</p>}
      {me.grants.length > 0 && (
        <>
          <h3>Groups you follow</h3>
          <ul className="file-list">
            {me.grants.map((g) => (
              <li key={g.groupId}>
                <span>
                  {g.groupName}{' '}
                  <Badge tone={g.level === 'write' ? 'info' : 'neutral'}>
                    {g.level === 'write' ? 'Read and reply' : 'Read only'}
                  </Badge>
                </span>
                <span className="muted small">
                  {g.expiresAt ? `Until ${formatDate(g.expiresAt)}` : 'No end date'}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ChangePassword({ me }: { me: Me }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      portalApi.put('/api/portal/me/password', { currentPassword: current, newPassword: next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate();
  };
  const errors = fieldErrors(change.error);
  const wrongCurrent = errors.currentPassword;
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      {change.isSuccess && (
        <Alert tone="success">
          <p>Your password has been changed.</p>
        </Alert>
      )}
      {change.isError && !errors.currentPassword && !errors.newPassword && (
        <ErrorMessage error={change.error} />
      )}
      <form onSubmit={submit} className="narrow-form">
        <input type="hidden" name="username" autoComplete="username" value={me.contact.email} />
        <PasswordField
          label="Current password"
          error={wrongCurrent ? `The current password ${wrongCurrent}.` : undefined}
          autoComplete="current-password"
          value={current}
          required
          onChange={setCurrent}
        />
        <PasswordField
          label="New password"
          hint="At least 10 characters; not your name or e-mail address."
          error={errors.newPassword ? `The new password ${errors.newPassword}.` : undefined}
          autoComplete="new-password"
          minLength={10}
          value={next}
          required
          onChange={setNext}
        />
        <PasswordField
          label="Repeat the new password"
          error={mismatch ? 'The two passwords are not the same.' : undefined}
          autoComplete="new-password"
          value={confirm}
          required
          onChange={setConfirm}
        />
        <SubmitButton busy={change.isPending}>Change password</SubmitButton>
      </form>
    </section>
  );
}

function browserOf(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Unknown browser';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

function Sessions() {
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: ['portal', 'me', 'sessions'],
    queryFn: ({ signal }) =>
      portalApi.get<Page<PortalSession>>('/api/portal/me/sessions', { limit: 100 }, signal),
  });
  const end = useMutation({
    mutationFn: (id: string) => portalApi.delete(`/api/portal/me/sessions/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['portal', 'me', 'sessions'] }),
  });
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      {end.isError && <ErrorMessage error={end.error} />}
      {sessions.isPending ? (
        <Loading label="Loading sessions…" />
      ) : sessions.isError ? (
        <ErrorMessage error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <DataTable
          caption="Your sessions"
          rows={sessions.data.items}
          rowKey={(s) => s.id}
          columns={[
            {
              header: 'Device',
              primary: true,
              cell: (s) => (
                <>
                  {browserOf(s.userAgent)} {s.current && <Badge tone="success">This device</Badge>}
                </>
              ),
            },
            { header: 'Signed in', cell: (s) => formatDateTime(s.createdAt) },
            { header: 'Last active', cell: (s) => (s.lastSeenAt ? formatRelative(s.lastSeenAt) : '—') },
            {
              header: 'Action',
              cell: (s) =>
                s.current ? (
                  <span className="muted">—</span>
                ) : (
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => end.mutate(s.id)}
                    disabled={end.isPending && end.variables === s.id}
                  >
                    Sign out
                    <span className="visually-hidden">
                      {' '}
                      {browserOf(s.userAgent)}, signed in {formatDateTime(s.createdAt)}
                    </span>
                  </button>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}

export function AccountPage() {
  useDocumentTitle('Your account');
  const me = useMe();
  const c = me.contact;
  return (
    <>
      <PageHeader title="Your account" />
      <div className="two-columns">
        <div>
          {can(me, 'account.change_password') && !me.impersonation && <ChangePassword me={me} />}
          {!me.impersonation && <TwoFactorSection api={portalApi} />}
          <NotificationSettings />
          {!me.impersonation && <Sessions />}
          {/* Listed for a contact that lost the privilege too, so it can revoke what it made. */}
          {!me.impersonation && <ApiTokens mayCreate={can(me, 'account.api_tokens')} />}
        </div>
        <aside aria-label="Your details">
          <section className="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">Your details</h2>
            <DescriptionList
              items={[
                ['Name', c.name],
                ['E-mail', c.email],
                ['Phone', c.phone],
                ['Title', c.title],
                ['Department', c.department],
                ['Organization', me.organization.name],
              ]}
            />
            <p className="muted small">To change these details, ask the support team.</p>
          </section>
          <AccessSummary me={me} />
        </aside>
      </div>
    </>
  );
}
