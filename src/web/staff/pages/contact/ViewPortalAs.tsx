import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { fieldErrors } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { Alert, ErrorMessage, SubmitButton, TextField } from '../../../shared/ui.tsx';
import { staffApi } from '../../session.tsx';
import type { Contact, Impersonation } from '../../types.ts';

export function ViewPortalAs({ contact }: { contact: Contact }) {
  const modeName = useId();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'read' | 'write'>('read');
  const [reason, setReason] = useState('');
  const [blank, setBlank] = useState(false);
  const [opened, setOpened] = useState(true);
  const start = useMutation({
    mutationFn: () =>
      staffApi.post<Impersonation>('/api/staff/impersonations', { contactId: contact.id, mode, reason }),
    onSuccess: () => {
      // The portal session cookie is set now; a new tab shows the portal with the banner.
      const tab = window.open('/portal', '_blank', 'noopener');
      setOpened(tab !== null);
    },
  });
  const errors = fieldErrors(start.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBlank(!reason.trim());
    if (reason.trim()) start.mutate();
  };
  if (!open)
    return (
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => {
          start.reset();
          setOpen(true);
        }}
        disabled={contact.disabled}
      >
        View portal as {contact.name}
      </button>
    );
  return (
    <form className="stack impersonate-form" onSubmit={submit} aria-labelledby={`imp-${contact.id}`}>
      <h3 className="sub-heading" id={`imp-${contact.id}`}>
        View portal as {contact.name}
      </h3>
      {start.isSuccess ? (
        <Alert tone="success" title={`The portal is open as ${contact.name}`}>
          <p>
            {mode === 'read' ? 'Read-only' : 'Changes allowed'}, until {formatDateTime(start.data.expiresAt)}.
            The portal shows a banner; leaving it there ends the impersonation.{' '}
            {!opened && 'Your browser blocked the new tab: use the link.'}
          </p>
          <p>
            <a href="/portal" target="_blank" rel="noopener">
              Open the portal in a new tab
            </a>
          </p>
        </Alert>
      ) : (
        <>
          {start.isError && Object.keys(errors).length === 0 && <ErrorMessage error={start.error} />}
          <fieldset>
            <legend className="field-label-static">Mode</legend>
            <div className="radio-list">
              <label>
                <input
                  type="radio"
                  name={modeName}
                  checked={mode === 'read'}
                  onChange={() => setMode('read')}
                />
                <span>
                  Read-only
                  <span className="radio-note">Recommended: see exactly what the contact sees.</span>
                </span>
              </label>
              <label>
                <input
                  type="radio"
                  name={modeName}
                  checked={mode === 'write'}
                  onChange={() => setMode('write')}
                />
                <span>
                  Allow changes
                  <span className="radio-note">Every change is audited with both names.</span>
                </span>
              </label>
            </div>
          </fieldset>
          <TextField
            label="Reason"
            hint="Recorded in the audit log, for example the ticket number you are checking."
            error={blank ? 'Write the reason.' : errors.reason ? `The reason ${errors.reason}.` : undefined}
            type="text"
            maxLength={500}
            value={reason}
            autoFocus
            onChange={setReason}
          />
          <p className="muted small">
            This replaces any portal session in this browser. Opens /portal in a new tab.
          </p>
        </>
      )}
      <div className="form-actions">
        {!start.isSuccess && (
          <SubmitButton busy={start.isPending} busyLabel="Starting…">
            Open the portal
          </SubmitButton>
        )}
        <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
          {start.isSuccess ? 'Done' : 'Cancel'}
        </button>
      </div>
    </form>
  );
}
