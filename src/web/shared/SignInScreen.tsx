// The sign-in card of the portal and of the staff console: the same form, flow and messages; each
// side names its API, its cache and where to go next.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router';
import { CenteredCard } from './AppShell.tsx';
import { PasswordField } from './PasswordField.tsx';
import { ErrorMessage, Loading, SubmitButton, useDocumentTitle, TextField } from './ui.tsx';

/** Only a path inside `area` (not `exclude`) may follow sign-in: no open redirect. */
export function safeNextIn(area: string, next: string | null, exclude?: string): string {
  return next &&
    next.startsWith(`${area}/`) &&
    !next.startsWith('//') &&
    !(exclude && next.startsWith(exclude))
    ? next
    : area;
}

export function SignInScreen<Result>(props: {
  documentTitle: string;
  title: string;
  product: string;
  /** The signed-in user's query: someone already signed in goes straight on. */
  me: { isPending: boolean; data?: unknown };
  next: string;
  mutationKey?: readonly unknown[];
  signIn: (credentials: { email: string; password: string }) => Promise<Result>;
  /** Fill the caches with who signed in, before moving on. */
  onSignedIn: (result: Result) => void;
  notice?: ReactNode;
  footer: ReactNode;
}) {
  useDocumentTitle(props.documentTitle);
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const signIn = useMutation({
    ...(props.mutationKey ? { mutationKey: props.mutationKey } : {}),
    mutationFn: () => props.signIn({ email, password }),
    onSuccess: async (result) => {
      props.onSignedIn(result);
      await navigate(props.next, { replace: true });
    },
  });

  if (props.me.isPending) return <Loading />;
  if (props.me.data && !signIn.isPending && !signIn.isSuccess) return <Navigate to={props.next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };

  return (
    <CenteredCard title={props.title} product={props.product}>
      {props.notice}
      {signIn.isError && <ErrorMessage error={signIn.error} />}
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
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          required
          onChange={setPassword}
        />
        <SubmitButton busy={signIn.isPending} busyLabel="Signing in…" className="btn-block">
          Sign in
        </SubmitButton>
      </form>
      <p className="centered-links">{props.footer}</p>
    </CenteredCard>
  );
}
