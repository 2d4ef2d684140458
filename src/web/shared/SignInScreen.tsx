// The sign-in card of the portal and of the staff console: the same form, flow and messages; each
// side names its API, its cache and where to go next.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { ApiClient } from './api.ts';
import { challengeFromFragment, OidcButtons, oidcRefusal, type SignInChallenge } from './OidcSignIn.tsx';
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

export type { SignInChallenge };
export type Enrolment = { secret: string; otpauthUri: string; qrDataUrl: string };

const isChallenge = (result: unknown): result is SignInChallenge =>
  typeof result === 'object' && result !== null && 'challenge' in result && 'next' in result;

export function SignInScreen<Result>(props: {
  documentTitle: string;
  title: string;
  product: string;
  /** The signed-in user's query: someone already signed in goes straight on. */
  me: { isPending: boolean; data?: unknown };
  next: string;
  mutationKey?: readonly unknown[];
  signIn: (credentials: { email: string; password: string }) => Promise<Result | SignInChallenge>;
  /** The second step: a code from the app or a recovery code. */
  secondFactor: (challenge: string, code: string) => Promise<Result>;
  /** Staff: an administrator who must use two factors sets the app up first. */
  enrol?: {
    start: (challenge: string) => Promise<Enrolment>;
    confirm: (challenge: string, code: string) => Promise<Result & { recoveryCodes: string[] }>;
  };
  /** Fill the caches with who signed in, before moving on. */
  onSignedIn: (result: Result) => void;
  notice?: ReactNode;
  footer: ReactNode;
  /** OpenID Connect: the side's provider buttons, and what a provider sign-in left to do. */
  oidc: { api: ApiClient; audience: 'portal' | 'staff' };
}) {
  useDocumentTitle(props.documentTitle);
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const [params] = useSearchParams();
  const refusal = oidcRefusal(params.get('oidc_error'));
  // A provider sign-in of an account with a second factor comes back here for the code.
  const [challenge, setChallenge] = useState<SignInChallenge | null>(challengeFromFragment);
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const { enrol } = props;
  // Once per challenge (the pages pass a new `enrol` object on every render).
  const enrolFor = useRef<string | null>(null);
  useEffect(() => {
    if (challenge?.next !== 'enrol' || !enrol || enrolFor.current === challenge.challenge) return;
    enrolFor.current = challenge.challenge;
    void enrol.start(challenge.challenge).then(setEnrolment);
  }, [challenge, enrol]);
  const [recovery, setRecovery] = useState<{ codes: string[]; result: Result } | null>(null);

  const finish = async (result: Result) => {
    props.onSignedIn(result);
    await navigate(props.next, { replace: true });
  };

  const signIn = useMutation({
    ...(props.mutationKey ? { mutationKey: props.mutationKey } : {}),
    mutationFn: () => props.signIn({ email, password }),
    onSuccess: async (result) => {
      if (isChallenge(result)) {
        setChallenge(result);
        setCode('');
        return;
      }
      await finish(result);
    },
  });

  const second = useMutation({
    mutationFn: async () => {
      if (!challenge) throw new Error('no sign-in in progress');
      if (challenge.next === 'enrol' && props.enrol) {
        const { recoveryCodes, ...result } = await props.enrol.confirm(challenge.challenge, code);
        setRecovery({ codes: recoveryCodes, result: result as Result });
        return null;
      }
      return props.secondFactor(challenge.challenge, code);
    },
    onSuccess: async (result) => {
      if (result) await finish(result);
    },
  });

  if (props.me.isPending) return <Loading />;
  if (props.me.data && !signIn.isPending && !signIn.isSuccess) return <Navigate to={props.next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    second.mutate();
  };

  if (recovery)
    return (
      <CenteredCard title="Keep your recovery codes" product={props.product}>
        <p>
          Two factors are on. Each of these codes signs you in once if you lose your phone. Store them
          somewhere safe: they are not shown again.
        </p>
        <ul className="recovery-codes" aria-label="Recovery codes">
          {recovery.codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="btn btn-primary btn-block"
          onClick={() => void finish(recovery.result)}
        >
          I have stored them: continue
        </button>
      </CenteredCard>
    );

  if (challenge)
    return (
      <CenteredCard
        title={challenge.next === 'enrol' ? 'Set up two-factor sign-in' : 'Two-factor sign-in'}
        product={props.product}
      >
        {second.isError && <ErrorMessage error={second.error} />}
        {challenge.next === 'enrol' ? (
          <>
            <p>
              Administrators must use two factors. Scan this code with an authenticator app (or enter the key
              by hand), then type the six-digit code it shows.
            </p>
            {enrolment ? (
              <>
                <img
                  src={enrolment.qrDataUrl}
                  alt="QR code for the authenticator app"
                  width={200}
                  height={200}
                />
                <p>
                  Key: <code data-testid="totp-secret">{enrolment.secret}</code>
                </p>
              </>
            ) : (
              <Loading />
            )}
          </>
        ) : (
          <p>Enter the six-digit code from your authenticator app, or one of your recovery codes.</p>
        )}
        <form onSubmit={submitCode}>
          <TextField
            label={challenge.next === 'enrol' ? 'Code from the app' : 'Code'}
            name="code"
            autoComplete="one-time-code"
            inputMode={challenge.next === 'enrol' ? 'numeric' : 'text'}
            required
            value={code}
            onChange={setCode}
          />
          <SubmitButton busy={second.isPending} busyLabel="Checking…" className="btn-block">
            {challenge.next === 'enrol' ? 'Turn on and sign in' : 'Verify'}
          </SubmitButton>
        </form>
        <p className="centered-links">
          <button
            type="button"
            className="btn-link"
            onClick={() => {
              setChallenge(null);
              setEnrolment(null);
              signIn.reset();
              second.reset();
            }}
          >
            Start again
          </button>
        </p>
      </CenteredCard>
    );

  return (
    <CenteredCard title={props.title} product={props.product}>
      {props.notice}
      {refusal && !signIn.isError && (
        <p className="alert alert-error" role="alert">
          {refusal}
        </p>
      )}
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
      <OidcButtons api={props.oidc.api} audience={props.oidc.audience} next={props.next} />
      <p className="centered-links">{props.footer}</p>
    </CenteredCard>
  );
}
