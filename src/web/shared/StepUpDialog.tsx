// Step-up: a sensitive action (impersonation, API tokens, sign-in settings, erasing a contact)
// answered 403 step_up_required; this dialog asks for the password (or a code) again, and the API
// client sends the action once more (src/web/shared/api.ts, setStepUpHandler).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { setStepUpHandler, type ApiClient } from './api.ts';
import { Modal } from './Modal.tsx';
import { PasswordField } from './PasswordField.tsx';
import { ErrorMessage, SubmitButton, TextField } from './ui.tsx';

export function StepUpDialog({ api }: { api: ApiClient }) {
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [useCode, setUseCode] = useState(false);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
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
