// A contact's data: the export (a JSON download) for every staff user, and for administrators the
// erasure, previewed first (docs/privacy.md). The erasure is a step-up action: the API client asks
// for the password again when needed and then sends it once more.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, ConfirmDialog, ErrorMessage } from '../../../shared/ui.tsx';
import { contactKey } from '../../queries.ts';
import { staffApi } from '../../session.tsx';
import type { Contact, Erasure } from '../../types.ts';

export function ContactPrivacy({ contact, admin }: { contact: Contact; admin: boolean }) {
  return (
    <section className="card" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">Personal data</h2>
      <p className="muted small">
        Everything Portico holds about this person as one JSON file; its files are listed with their links.
      </p>
      <p>
        <a className="btn btn-secondary btn-small" href={`/api/staff/contacts/${contact.id}/export`} download>
          Export data
        </a>
      </p>
      {admin && <EraseContact contact={contact} />}
    </section>
  );
}

function EraseContact({ contact }: { contact: Contact }) {
  const queryClient = useQueryClient();
  const [done, setDone] = useState<Erasure | undefined>();
  const url = `/api/staff/contacts/${contact.id}/erasure`;
  const preview = useMutation({ mutationFn: () => staffApi.post<Erasure>(`${url}/preview`) });
  const erase = useMutation({
    mutationFn: () => staffApi.post<Erasure>(url),
    onSuccess: async (result) => {
      preview.reset();
      setDone(result);
      await queryClient.invalidateQueries({ queryKey: contactKey(contact.id) });
      await queryClient.invalidateQueries({ queryKey: ['staff', 'contacts'] });
    },
  });
  if (done)
    return (
      <Alert tone="success">
        <p>Erased: the contact is now “{done.anonymisedAs.name}”, signed out everywhere.</p>
      </Alert>
    );
  const p = preview.data;
  return (
    <>
      <button
        type="button"
        className="btn btn-link btn-small"
        disabled={preview.isPending}
        onClick={() => preview.mutate()}
      >
        Erase personal data…
      </button>
      {preview.error && <ErrorMessage title="The preview failed" error={preview.error} />}
      <ConfirmDialog
        open={p !== undefined}
        title={`Erase ${contact.name}?`}
        confirmLabel="Erase for good"
        tone="danger"
        busy={erase.isPending}
        error={erase.error}
        onConfirm={() => erase.mutate()}
        onCancel={() => {
          erase.reset();
          preview.reset();
        }}
      >
        {p && <ErasurePreview preview={p} />}
      </ConfirmDialog>
    </>
  );
}

function ErasurePreview({ preview: p }: { preview: Erasure }) {
  const removed = Object.values(p.removed).reduce((a, b) => a + b, 0);
  return (
    <>
      <p>
        This cannot be undone. The contact becomes <strong>{p.anonymisedAs.name}</strong> (
        {p.anonymisedAs.email}), disabled and signed out everywhere.
      </p>
      <ul>
        <li>Cleared: {p.cleared.join(', ')}.</li>
        <li>
          Deleted: {p.removed.sessions} sessions, {p.removed.apiTokens} API tokens, {p.removed.twoFactor}{' '}
          second factors, {p.removed.accessGrants} access grants, {p.removed.groupMemberships} group
          memberships, {p.removed.queuedMails} queued mails ({removed} rows in all).
        </li>
        <li>
          Anonymised: {p.anonymised.auditRows} audit rows, {p.anonymised.sentMails} sent mails,{' '}
          {p.anonymised.inboundMails} inbound mails, {p.anonymised.addressMentions} texts naming its address.
        </li>
        <li>
          Kept, now naming the placeholder: {p.kept.tickets} tickets, {p.kept.comments} comments (their words
          stay), {p.kept.attachments} files, {p.kept.quotes} quotes.
        </li>
      </ul>
    </>
  );
}
