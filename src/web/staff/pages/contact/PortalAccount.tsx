import type { ApiResponse } from '../../../shared/api-types.ts';
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fieldErrors } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { Alert, Badge, ErrorMessage, SubmitButton, TextField } from '../../../shared/ui.tsx';
import { DisabledBadge } from '../../badges.tsx';
import { CopyField } from '../../../shared/CopyField.tsx';
import { contactKey } from '../../queries.ts';
import { mayImpersonate, staffApi, useStaffMe } from '../../session.tsx';
import type { Contact, Invitation } from '../../types.ts';
import { ViewPortalAs } from './ViewPortalAs.tsx';

export function PortalAccount({ contact }: { contact: Contact }) {
  const me = useStaffMe();
  return (
    <section className="card stack" aria-labelledby="account-heading">
      <h2 id="account-heading">Portal account</h2>
      <p>
        {contact.disabled ? (
          <>
            <DisabledBadge /> Cannot sign in.
          </>
        ) : contact.hasPassword ? (
          <>
            <Badge tone="success">Has a password</Badge> Can sign in if the privilege group allows it.
          </>
        ) : (
          <>
            <Badge tone="warning">No password yet</Badge> Invitation pending or not sent.
          </>
        )}
      </p>
      {mayImpersonate(me) && <ViewPortalAs contact={contact} />}
      <Invitation contact={contact} />
      <SetPassword contact={contact} />
    </section>
  );
}

type InvitationMail = ApiResponse<'/api/staff/contacts/{id}/invitation/email', 'post'>;

function Invitation({ contact }: { contact: Contact }) {
  const invite = useMutation({
    mutationFn: () => staffApi.post<Invitation>(`/api/staff/contacts/${contact.id}/invitation`),
  });
  // Mailed through the outbox; the mail queue page shows whether it went out.
  const send = useMutation({
    mutationFn: () => staffApi.post<InvitationMail>(`/api/staff/contacts/${contact.id}/invitation/email`),
  });
  const busy = invite.isPending || send.isPending;
  return (
    <div className="stack separated">
      <h3 className="sub-heading">Invitation</h3>
      <p className="muted small">
        A link with which {contact.name} sets a password and signs in: mailed to {contact.email}, or shown
        here to copy. A new link replaces the old one.
      </p>
      {invite.isError && <ErrorMessage error={invite.error} />}
      {send.isError && <ErrorMessage error={send.error} />}
      {send.data && (
        <p role="status" className="small">
          The invitation is queued for {contact.email} (valid until {formatDateTime(send.data.expiresAt)}).
        </p>
      )}
      {invite.data && (
        <CopyField
          label="Invitation link"
          value={invite.data.url}
          hint={`Valid once, until ${formatDateTime(invite.data.expiresAt)}. Send it to ${contact.email} only.`}
        />
      )}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => send.mutate()}
          disabled={busy || contact.disabled}
          aria-busy={send.isPending || undefined}
        >
          {send.isPending ? 'Sending…' : send.data ? 'Send again' : 'Send invitation'}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => invite.mutate()}
          disabled={busy || contact.disabled}
          aria-busy={invite.isPending || undefined}
        >
          {invite.isPending
            ? 'Creating the link…'
            : invite.data
              ? 'Create a new link'
              : 'Create a link to copy'}
        </button>
      </div>
      {contact.disabled && <p className="muted small">Enable the contact before inviting it.</p>}
    </div>
  );
}

function SetPassword({ contact }: { contact: Contact }) {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const set = useMutation({
    mutationFn: () => staffApi.put(`/api/staff/contacts/${contact.id}/password`, { password }),
    onSuccess: async () => {
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: contactKey(contact.id) });
    },
  });
  const errors = fieldErrors(set.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password) set.mutate();
  };
  return (
    <form className="stack separated" onSubmit={submit} aria-labelledby={`pw-${contact.id}`}>
      <h3 className="sub-heading" id={`pw-${contact.id}`}>
        Set a password
      </h3>
      {set.isError && !errors.password && <ErrorMessage error={set.error} />}
      {set.isSuccess && (
        <Alert tone="success">
          <p>The password is set; the contact’s other sessions have ended.</p>
        </Alert>
      )}
      <TextField
        label="New password"
        hint="At least 10 characters, not the contact’s name or e-mail. Prefer the invitation: then only the contact knows it."
        error={errors.password ? `The password ${errors.password}.` : undefined}
        type={show ? 'text' : 'password'}
        autoComplete="new-password"
        value={password}
        onChange={(text) => {
          set.reset();
          setPassword(text);
        }}
      />
      <div className="form-actions">
        <SubmitButton busy={set.isPending} tone="secondary">
          Set password
        </SubmitButton>
        <button type="button" className="btn btn-link" aria-pressed={show} onClick={() => setShow((s) => !s)}>
          {show ? 'Hide password' : 'Show password'}
        </button>
      </div>
    </form>
  );
}
