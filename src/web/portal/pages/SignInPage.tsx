import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { CenteredCard } from '../../shared/AppShell.tsx';
import { ErrorMessage, Field, Loading, SubmitButton, useDocumentTitle } from '../../shared/ui.tsx';
import { meQuery, portalApi } from '../session.tsx';
import type { ApiResponse } from '../../shared/api-types.ts';

/** Only a path inside the portal may follow sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/portal/') && !next.startsWith('//') ? next : '/portal';
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const signIn = useMutation({
    mutationFn: () =>
      portalApi.post<ApiResponse<'/api/portal/session', 'post'>>('/api/portal/session', { email, password }),
    onSuccess: async (result) => {
      queryClient.removeQueries({ queryKey: ['portal'] });
      queryClient.setQueryData(meQuery.queryKey, result.me);
      await navigate(next, { replace: true });
    },
  });

  if (me.isPending) return <Loading />;
  if (me.data && !signIn.isPending && !signIn.isSuccess) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };

  return (
    <CenteredCard title="Sign in to the customer portal" product="Portal">
      {params.get('reason') === 'password-set' && (
        <p className="alert alert-success" role="status">
          Your password is set. Sign in with it now.
        </p>
      )}
      {signIn.isError && <ErrorMessage error={signIn.error} />}
      <form onSubmit={submit}>
        <Field label="E-mail address">
          {(control) => (
            <input
              {...control}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password">
          {(control) => (
            <input
              {...control}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <SubmitButton busy={signIn.isPending} busyLabel="Signing in…" className="btn-block">
          Sign in
        </SubmitButton>
      </form>
      <p className="centered-links">
        <Link to="/portal/forgot-password">Forgot your password?</Link>
      </p>
    </CenteredCard>
  );
}
