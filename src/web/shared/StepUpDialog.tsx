// Step-up: a sensitive action (impersonation, API tokens, sign-in settings, erasing a contact)
// answered 403 step_up_required; this dialog asks for the password (or a code) again, and the API
// client sends the action once more (src/web/shared/api.ts, setStepUpHandler).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { setStepUpHandler, type ApiClient } from './api.ts';
import { Modal } from './Modal.tsx';
import { PasswordField } from './PasswordField.tsx';
import { ErrorMessage, SubmitButton, TextField } from './ui.tsx';

/** What a step-up through a sign-in service left in the address when it did not confirm the person. */
function takeProviderRefusal(): boolean {
  const params = new URLSearchParams(window.location.search);
  if (params.get('oidc_error') !== 'step_up_failed') return false;
  params.delete('oidc_error');
  const query = params.toString();
  window.history.replaceState(null, '', window.location.pathname + (query ? `?${query}` : ''));
  return true;
}

/**
 * People who sign in through a sign-in service (OIDC) may have no password here: they sign in
 * there again (the browser leaves and comes back to this page), then repeat the action.
 */
function ProviderStepUp({ api, onError }: { api: ApiClient; onError: (error: unknown) => void }) {
  const providers = useQuery({
    queryKey: ['oidc-providers', api.audience],
    queryFn: () =>
      api.get<{ items: { id: string; name: string }[] }>('/api/auth/oidc/providers', {
        audience: api.audience,
      }),
  });
  const items = providers.data?.items ?? [];
  if (items.length === 0) return null;
  const start = async (providerId: string) => {
    try {
      const { url } = await api.post<{ url: string }>(`/api/${api.audience}/session/step-up/oidc`, {
        providerId,
        next: window.location.pathname + window.location.search,
      });
      window.location.assign(url);
    } catch (e) {
      onError(e);
    }
  };
  return (
    <div className="oidc-buttons">
      <p className="muted small">
        Or, if you sign in with a sign-in service, sign in there again, then repeat the action:
      </p>
      {items.map((p) => (
        <button
          key={p.id}
          type="button"
          className="btn btn-secondary btn-block"
          onClick={() => void start(p.id)}
        >
          Sign in again with {p.name}
        </button>
      ))}
    </div>
  );
}

export function StepUpDialog({ api }: { api: ApiClient }) {
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [useCode, setUseCode] = useState(false);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [providerRefused] = useState(takeProviderRefusal);
  const pending = useRef<((ok: boolean) => void) | null>(null);

  useEffect(() => {
    setStepUpHandler(
      api.audience,
      () =>
        new Promise<boolean>((resolve) => {
          pending.current?.(false);
          pending.current = resolve;
          setPassword('');
          setCode('');
          setError(null);
          setOpen(true);
        }),
    );
    return () => setStepUpHandler(api.audience, undefined);
  }, [api]);

  const close = (ok: boolean) => {
    setOpen(false);
    pending.current?.(ok);
    pending.current = null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/${api.audience}/session/step-up`, useCode ? { code } : { password });
      close(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} titleId={titleId} busy={busy} onCancel={() => close(false)}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={titleId}>Confirm it is you</h2>
        <div className="dialog-body">
          <p>This action needs your {useCode ? 'two-factor code' : 'password'} again.</p>
          {providerRefused && (
            <p className="field-error">
              The sign-in service did not confirm it was you: sign in there as yourself.
            </p>
          )}
          {error !== null && <ErrorMessage error={error} />}
          {useCode ? (
            <TextField
              label="Code from your app or a recovery code"
              autoComplete="one-time-code"
              value={code}
              required
              onChange={setCode}
            />
          ) : (
            <PasswordField
              label="Your password"
              name="step-up-password"
              autoComplete="current-password"
              value={password}
              required
              onChange={setPassword}
            />
          )}
          <button type="button" className="btn-link" onClick={() => setUseCode(!useCode)}>
            {useCode ? 'Use my password instead' : 'Use a two-factor code instead'}
          </button>
          <ProviderStepUp api={api} onError={setError} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn btn-secondary" onClick={() => close(false)} disabled={busy}>
            Cancel
          </button>
          <SubmitButton busy={busy}>Confirm</SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
