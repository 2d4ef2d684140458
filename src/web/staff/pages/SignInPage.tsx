import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { CenteredCard } from '../../shared/AppShell.tsx';
import { ErrorMessage, Field, Loading, SubmitButton, useDocumentTitle } from '../../shared/ui.tsx';
import { staffApi, staffMeQuery } from '../session.tsx';
import type { ApiResponse } from '../../shared/api-types.ts';

/** Only a path inside the staff console may follow sign-in (no open redirect). */
export function safeStaffNext(next: string | null): string {
  return next && next.startsWith('/staff/') && !next.startsWith('//') && !next.startsWith('/staff/sign-in')
    ? next
    : '/staff';
}

export function SignInPage() {
  useDocumentTitle('Staff sign in');
  const [params] = useSearchParams();
  const next = safeStaffNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery(staffMeQuery);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const signIn = useMutation({
    mutationKey: ['staff', 'sign-in'],
    mutationFn: () =>
      staffApi.post<ApiResponse<'/api/staff/session', 'post'>>('/api/staff/session', { email, password }),
    onSuccess: async (result) => {
      queryClient.removeQueries({ queryKey: ['staff'] });
      queryClient.setQueryData(staffMeQuery.queryKey, result.user);
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
    <CenteredCard title="Sign in to the staff console" product="Staff">
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
        Not staff? <a href="/portal">Go to the customer portal</a>
      </p>
    </CenteredCard>
  );
}
