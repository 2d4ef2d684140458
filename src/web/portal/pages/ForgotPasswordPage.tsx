import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { CenteredCard } from '../../shared/AppShell.tsx';
import { Alert, ErrorMessage, SubmitButton, useDocumentTitle, TextField } from '../../shared/ui.tsx';
import { portalApi } from '../session.tsx';
import type { ApiResponse } from '../../shared/api-types.ts';

export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () =>
      portalApi.post<ApiResponse<'/api/portal/password-reset', 'post'>>('/api/portal/password-reset', {
        email,
      }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  return (
    <CenteredCard title="Forgot your password?" product="Portal">
      {request.isSuccess ? (
        <Alert tone="success" title="Check your e-mail">
          <p>
            If <strong>{email}</strong> belongs to a portal user, we have sent it a link to choose a new
            password. The link works once, for seven days.
          </p>
        </Alert>
      ) : (
        <>
          <p className="muted">Enter the e-mail address you sign in with and we will send you a link.</p>
          {request.isError && <ErrorMessage error={request.error} />}
          <form onSubmit={submit}>
            <TextField
              label="E-mail address"
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={setEmail}
            />
            <SubmitButton busy={request.isPending} busyLabel="Sending…" className="btn-block">
              Send me a link
            </SubmitButton>
          </form>
        </>
      )}
      <p className="centered-links">
        <Link to="/portal/sign-in">Back to sign in</Link>
      </p>
    </CenteredCard>
  );
}
