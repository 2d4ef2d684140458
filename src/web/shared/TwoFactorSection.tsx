// Account security: two-factor sign-in (TOTP) for the signed-in person, staff or contact. Turning
// it on shows a QR code, asks for a code, then shows the recovery codes once.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from './api.ts';
import { fieldErrors } from './api.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { formatDateTime } from './format.ts';
import type { Enrolment } from './SignInScreen.tsx';
import { Alert, ErrorMessage, Loading, SubmitButton, TextField } from './ui.tsx';

type Status = { enabled: boolean; enabledAt: string | null; recoveryCodesLeft: number; required: boolean };

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Alert tone="success" title="Your recovery codes">
      <p>Each signs you in once without your phone. Store them somewhere safe: they are not shown again.</p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export function TwoFactorSection({ api }: { api: ApiClient }) {
  const base = `/api/${api.audience}/me/two-factor`;
  const key = [api.audience, 'two-factor'];
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: key, queryFn: () => api.get<Status>(base) });
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });

  const start = useMutation({
    mutationFn: () => api.post<Enrolment>(`${base}/enrolment`),
    onSuccess: (e) => {
      setEnrolment(e);
      setCodes(null);
      setCode('');
    },
  });
  const confirm = useMutation({
    mutationFn: () => api.post<{ recoveryCodes: string[] }>(`${base}/enrolment/confirm`, { code }),
    onSuccess: (r) => {
      setEnrolment(null);
      setCodes(r.recoveryCodes);
      void refresh();
    },
  });
  const regenerate = useMutation({
    mutationFn: () => api.post<{ recoveryCodes: string[] }>(`${base}/recovery-codes`),
    onSuccess: (r) => {
      setCodes(r.recoveryCodes);
      void refresh();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  const errors = fieldErrors(confirm.error);

  return (
    <section className="card" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">Two-factor sign-in</h2>
      {status.isPending && <Loading />}
      {status.isError && <ErrorMessage error={status.error} />}
      {codes && <RecoveryCodes codes={codes} />}
      {status.data &&
        (status.data.enabled ? (
          <>
            <p>
              On since {status.data.enabledAt ? formatDateTime(status.data.enabledAt) : '—'}.{' '}
              {status.data.recoveryCodesLeft} recovery codes left.
            </p>
            {regenerate.isError && <ErrorMessage error={regenerate.error} />}
            <div className="button-row">
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => regenerate.mutate()}
                disabled={regenerate.isPending}
              >
                New recovery codes
              </button>
              {!status.data.required && (
                <ConfirmButton
                  label="Turn off two factors"
                  className="btn btn-danger"
                  title="Turn off two-factor sign-in?"
                  confirmLabel="Turn off"
                  tone="danger"
                  action={() => api.delete(base)}
                  onDone={() => {
                    setCodes(null);
                    return refresh();
                  }}
                >
                  <p>Signing in will take only your password.</p>
                </ConfirmButton>
              )}
            </div>
          </>
        ) : enrolment ? (
          <form onSubmit={submit} noValidate>
            <p>
              Scan this with an authenticator app (or enter the key by hand), then type the code it shows.
            </p>
            <img src={enrolment.qrDataUrl} alt="QR code for the authenticator app" width={200} height={200} />
            <p>
              Key: <code data-testid="totp-secret">{enrolment.secret}</code>
            </p>
            {confirm.isError && !errors.code && <ErrorMessage error={confirm.error} />}
            <TextField
              label="Code from the app"
              autoComplete="one-time-code"
              inputMode="numeric"
              error={errors.code ? `The code ${errors.code}.` : undefined}
              value={code}
              onChange={setCode}
            />
            <SubmitButton busy={confirm.isPending}>Turn on</SubmitButton>
          </form>
        ) : (
          <>
            <p>
              {status.data.required
                ? 'Administrators must use two factors.'
                : 'Off. With two factors, signing in also asks for a code from an app on your phone.'}
            </p>
            {start.isError && <ErrorMessage error={start.error} />}
            <button type="button" className="btn btn-primary" onClick={() => start.mutate()}>
              Set up two-factor sign-in
            </button>
          </>
        ))}
    </section>
  );
}
