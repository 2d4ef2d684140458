// The signed-in staff user: who they are, their password, and their personal API tokens (shown
// once when created; revoke at any time).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TwoFactorSection } from '../../shared/TwoFactorSection.tsx';
import { NewTokenAlert, TokenForm, tokenColumns } from '../../shared/ApiTokenParts.tsx';
import { PasswordField } from '../../shared/PasswordField.tsx';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import {
  Alert,
  CheckboxField,
  DescriptionList,
  EmptyState,
  ErrorMessage,
  PageHeader,
  SubmitButton,
  useDocumentTitle,
} from '../../shared/ui.tsx';
import { RoleBadge } from '../badges.tsx';
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

const tokensPath = '/api/staff/api-tokens';

function ApiTokens() {
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const list = usePagedList([...tokensKey, 'mine'], (cursor, signal) =>
    staffApi.get<Page<ApiToken>>(tokensPath, { cursor, limit: 50 }, signal),
  );
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const columns = tokenColumns<ApiToken>(
    [
      { header: 'Created', cell: (t) => formatDate(t.createdAt) },
      { header: 'Scopes', cell: (t) => t.scopes.join(', ') },
    ],
    {
      path: (t) => `${tokensPath}/${t.id}`,
      remove: (url) => staffApi.delete(url),
      queryKey: tokensKey,
      consequence: 'Integrations using this token stop working at once. This cannot be undone.',
    },
  );
  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Your API tokens</h2>
      <p className="muted small">
        For integrations: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you, with
        your role.
      </p>
      {created && (
        <NewTokenAlert
          token={created}
          note="This is the only time it is shown. Store it in your integration’s secret settings."
          onDismiss={() => setCreated(null)}
        />
      )}
      <TokenForm
        post={(name, expiresAt) => staffApi.post<CreatedApiToken>(tokensPath, { name, scopes, expiresAt })}
        queryKey={tokensKey}
        onCreated={setCreated}
        nameExample="Monitoring integration"
        expiry={{
          label: 'Expires on (optional)',
          hint: 'Empty: does not expire until revoked.',
          initial: '',
        }}
      >
        {(errors) => (
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
        )}
      </TokenForm>
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
