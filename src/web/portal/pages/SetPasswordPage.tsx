// The page behind the link in an invitation or password-reset e-mail: /portal/set-password#token=…
// The token travels in the fragment, so it never reaches a server log or a Referer header.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { PasswordField } from '../../shared/PasswordField.tsx';
import { CenteredCard } from '../../shared/AppShell.tsx';
import { fieldErrors, isApiError } from '../../shared/api.ts';
import { Alert, ErrorMessage, Loading, SubmitButton, useDocumentTitle } from '../../shared/ui.tsx';
import { portalApi } from '../session.tsx';
import type { ApiResponse } from '../../shared/api-types.ts';

type LinkInfo = ApiResponse<'/api/portal/password-links/{token}'>;

function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

export function SetPasswordPage() {
  const [token] = useState(tokenFromHash);
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const link = useQuery({
    queryKey: ['password-link', token],
    queryFn: () => portalApi.get<LinkInfo>(`/api/portal/password-links/${encodeURIComponent(token)}`),
    enabled: token.length > 0,
    retry: false,
    staleTime: Infinity,
  });
  const title = link.data?.purpose === 'invite' ? 'Welcome to the portal' : 'Choose a new password';
  useDocumentTitle(title);

  const save = useMutation({
    mutationFn: () => portalApi.post(`/api/portal/password-links/${encodeURIComponent(token)}`, { password }),
    onSuccess: async () => {
      await navigate('/portal/sign-in?reason=password-set', { replace: true });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    save.mutate();
  };

  const unusable =
    !token || (link.isError && isApiError(link.error, 404)) || (save.isError && isApiError(save.error, 404));
  if (unusable) {
    return (
      <CenteredCard title="This link cannot be used" product="Portal">
        <Alert tone="warning">
          <p>The link is invalid, has expired, or has been used already. Ask for a new one.</p>
        </Alert>
        <p className="centered-links">
          <Link to="/portal/forgot-password">Send me a new link</Link>
        </p>
      </CenteredCard>
    );
  }
  if (link.isPending) return <Loading />;
  if (link.isError) {
    return (
      <CenteredCard title={title} product="Portal">
        <ErrorMessage error={link.error} onRetry={() => void link.refetch()} />
      </CenteredCard>
    );
  }

  const errors = fieldErrors(save.error);
  return (
    <CenteredCard title={title} product="Portal">
      <p>
        {link.data.purpose === 'invite' ? 'Hello' : 'Hello again'}, {link.data.name}. Choose the password you
        will use to sign in as <strong>{link.data.email}</strong>.
      </p>
      {save.isError && !errors.password && <ErrorMessage error={save.error} />}
      <form onSubmit={submit}>
        {/* Lets password managers store the new password with the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={link.data.email} />
        <PasswordField
          label="New password"
          hint="At least 10 characters; not your name or e-mail address."
          error={errors.password ? `The password ${errors.password}.` : undefined}
          name="new-password"
          autoComplete="new-password"
          minLength={10}
          value={password}
          required
          onChange={setPassword}
        />
        <PasswordField
          label="Repeat the new password"
          error={mismatch ? 'The two passwords are not the same.' : undefined}
          name="confirm-password"
          autoComplete="new-password"
          value={confirm}
          required
          onChange={setConfirm}
        />
        <SubmitButton busy={save.isPending} className="btn-block">
          Set password
        </SubmitButton>
      </form>
    </CenteredCard>
  );
}
