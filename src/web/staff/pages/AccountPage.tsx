// The signed-in staff user: who they are, their password, and their personal API tokens (shown
// once when created; revoke at any time).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TwoFactorSection } from '../../shared/TwoFactorSection.tsx';
import { ConfirmButton } from '../../shared/ConfirmButton.tsx';
import { PasswordField } from '../../shared/PasswordField.tsx';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import {
  Alert,
  Badge,
  CheckboxField,
  DescriptionList,
  EmptyState,
  ErrorMessage,
  PageHeader,
  SubmitButton,
  useDocumentTitle,
  type Column,
  TextField,
} from '../../shared/ui.tsx';
import { RoleBadge } from '../badges.tsx';
import { CopyField } from '../components/CopyField.tsx';
import { staffApi, useStaffMe } from '../session.tsx';
import type { ApiToken, CreatedApiToken } from '../types.ts';
import { StaffNotifications } from './StaffNotifications.tsx';

const tokensKey = ['staff', 'api-tokens'] as const;

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => staffApi.put('/api/staff/me/password', { currentPassword: current, newPassword: next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
    },
  });
  const errors = fieldErrors(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="password-heading" noValidate>
      <h2 id="password-heading">Change your password</h2>
      {change.isError && !errors.currentPassword && !errors.newPassword && (
        <ErrorMessage error={change.error} />
      )}
      {change.isSuccess && (
        <Alert tone="success">
          <p>Your password is changed. Your other sessions have ended.</p>
        </Alert>
      )}
      <PasswordField
        label="Current password"
        error={errors.currentPassword ? `The current password ${errors.currentPassword}.` : undefined}
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
      />
      <PasswordField
        label="New password"
        hint="At least 10 characters, not your name or e-mail address."
        error={errors.newPassword ? `The new password ${errors.newPassword}.` : undefined}
        autoComplete="new-password"
        value={next}
        onChange={setNext}
      />
      <SubmitButton busy={change.isPending}>Change password</SubmitButton>
    </form>
  );
}

type Scope = CreatedApiToken['scopes'][number];
const SCOPES: [Scope, string][] = [
  ['read', 'Read: everything you may read, nothing else'],
  ['tickets', 'Tickets: change tickets'],
  ['contacts', 'Contacts: change contacts and organizations'],
  ['permissions', 'Permissions: change groups, grants and module visibility'],
  ['admin', 'Admin: everything you may do'],
];

function CreateToken({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const create = useMutation({
    mutationFn: () =>
      staffApi.post<CreatedApiToken>('/api/staff/api-tokens', {
        name,
        scopes,
        // The end of the chosen day, in the browser's time zone.
        expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
      }),
    onSuccess: async (token) => {
      setName('');
      setExpires('');
      onCreated(token);
      await queryClient.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="token-form" noValidate aria-label="New API token">
      {create.isError && !errors.name && !errors.expiresAt && <ErrorMessage error={create.error} />}
      <div className="form-row">
        <TextField
          label="Token name"
          hint="What it is for, such as “Monitoring integration”."
          error={errors.name ? `The name ${errors.name}.` : undefined}
          type="text"
          maxLength={100}
          value={name}
          onChange={setName}
        />
        <TextField
          label="Expires on (optional)"
          hint="Empty: does not expire until revoked."
          error={errors.expiresAt ? `The expiry ${errors.expiresAt}.` : undefined}
          type="date"
          min={new Date().toISOString().slice(0, 10)}
          value={expires}
          onChange={setExpires}
        />
      </div>
      <fieldset className="token-scopes">
        <legend>What it may do</legend>
        {errors.scopes && <p className="field-error">Choose at least one scope.</p>}
        {SCOPES.map(([scope, label]) => (
          <CheckboxField
            key={scope}
            name={`scope-${scope}`}
            label={label}
            checked={scopes.includes(scope)}
            onChange={(on) => setScopes(on ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
          />
        ))}
      </fieldset>
      <SubmitButton busy={create.isPending} busyLabel="Creating…">
        Create token
      </SubmitButton>
    </form>
  );
}

function RevokeButton({ token }: { token: ApiToken }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmButton
      label={
        <>
          Revoke<span className="visually-hidden"> {token.name}</span>
        </>
      }
      className="btn btn-secondary btn-small"
      title={`Revoke “${token.name}”?`}
      confirmLabel="Revoke token"
      tone="danger"
      action={() => staffApi.delete(`/api/staff/api-tokens/${token.id}`)}
      onDone={() => queryClient.invalidateQueries({ queryKey: tokensKey })}
    >
      <p>Integrations using this token stop working at once. This cannot be undone.</p>
    </ConfirmButton>
  );
}

function tokenState(t: ApiToken) {
  if (t.revokedAt) return <Badge tone="neutral">Revoked {formatDate(t.revokedAt)}</Badge>;
  if (t.expiresAt && new Date(t.expiresAt).getTime() < Date.now())
    return <Badge tone="danger">Expired {formatDate(t.expiresAt)}</Badge>;
  return <Badge tone="success">Active</Badge>;
}

function ApiTokens() {
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const list = usePagedList([...tokensKey, 'mine'], (cursor, signal) =>
    staffApi.get<Page<ApiToken>>('/api/staff/api-tokens', { cursor, limit: 50 }, signal),
  );
  const columns: Column<ApiToken>[] = [
    {
      header: 'Name',
      primary: true,
      cell: (t) => (
        <>
          {t.name} <span className="mono muted small">{t.prefix}…</span>
        </>
      ),
    },
    { header: 'State', cell: tokenState },
    { header: 'Created', cell: (t) => formatDate(t.createdAt) },
    { header: 'Last used', cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never') },
    { header: 'Scopes', cell: (t) => t.scopes.join(', ') },
    { header: 'Expires', cell: (t) => (t.expiresAt ? formatDate(t.expiresAt) : 'Never') },
    { header: 'Actions', cell: (t) => (t.revokedAt ? '—' : <RevokeButton token={t} />) },
  ];
  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Your API tokens</h2>
      <p className="muted small">
        For integrations: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you, with
        your role.
      </p>
      {created && (
        <Alert tone="warning" title={`Token “${created.name}” created: copy it now`}>
          <p>This is the only time it is shown. Store it in your integration’s secret settings.</p>
          <CopyField label="Your new API token" value={created.token} />
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </Alert>
      )}
      <CreateToken onCreated={setCreated} />
      <h3 className="sub-heading separated">Tokens</h3>
      <PagedTable
        list={list}
        caption="Your API tokens"
        columns={columns}
        empty={<EmptyState title="You have no API tokens." />}
      />
    </section>
  );
}

/** Administrators: whether every administrator must sign in with two factors (step-up to change). */
function SignInSettings() {
  const queryClient = useQueryClient();
  const key = ['staff', 'sign-in-settings'];
  const settings = useQuery({
    queryKey: key,
    queryFn: () => staffApi.get<{ adminsRequireTwoFactor: boolean }>('/api/staff/sign-in-settings'),
  });
  const save = useMutation({
    mutationFn: (on: boolean) => staffApi.put('/api/staff/sign-in-settings', { adminsRequireTwoFactor: on }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  return (
    <section className="card" aria-labelledby="sign-in-settings-heading">
      <h2 id="sign-in-settings-heading">Sign-in settings</h2>
      {settings.isError && <ErrorMessage error={settings.error} />}
      {save.isError && <ErrorMessage error={save.error} />}
      {settings.data && (
        <CheckboxField
          label="Administrators must use two factors"
          hint="An administrator without them sets them up at the next sign-in."
          checked={settings.data.adminsRequireTwoFactor}
          onChange={(on) => save.mutate(on)}
        />
      )}
    </section>
  );
}

export function AccountPage() {
  useDocumentTitle('Your account');
  const me = useStaffMe();
  return (
    <>
      <PageHeader title="Your account" subtitle={me.email} />
      <div className="two-columns">
        <div>
          <TwoFactorSection api={staffApi} />
          {me.role === 'admin' && <SignInSettings />}
          <ApiTokens />
        </div>
        <aside aria-label="You">
          <section className="card" aria-labelledby="me-heading">
            <h2 id="me-heading">{me.name}</h2>
            <DescriptionList
              items={[
                ['E-mail', me.email],
                ['Role', <RoleBadge key="r" role={me.role} />],
                [
                  'View portal as',
                  me.role === 'admin' || me.canImpersonate ? 'Allowed' : 'Not allowed (ask an administrator)',
                ],
              ]}
            />
          </section>
          <ChangePassword />
          <StaffNotifications />
        </aside>
      </div>
    </>
  );
}
