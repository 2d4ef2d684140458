// A ticket's files: download, public/internal switch, delete, and upload (internal unless ticked).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatBytes, formatDateTime } from '../../shared/format.ts';
import { ListStates, TicketFileDrop, ticketListKey, useTicketList } from '../../shared/ticket.tsx';
import { CheckboxField, ConfirmDialog, ErrorMessage } from '../../shared/ui.tsx';
import { VisibilityBadge } from '../badges.tsx';
import { staffApi } from '../session.tsx';
import type { Ticket, TicketAttachment } from '../types.ts';
import { actingSuffix } from './acting.ts';

function AttachmentRow({ file, onChanged }: { file: TicketAttachment; onChanged: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const toggle = useMutation({
    mutationFn: () =>
      staffApi.patch<TicketAttachment>(`/api/staff/attachments/${file.id}`, { public: !file.public }),
    onSuccess: onChanged,
  });
  const remove = useMutation({
    mutationFn: () => staffApi.delete(`/api/staff/attachments/${file.id}`),
    onSuccess: async () => {
      setConfirming(false);
      await onChanged();
    },
  });
  return (
    <li className="attachment">
      <div className="attachment-main">
        <a href={`/api/staff/attachments/${file.id}`} download={file.filename} className="attachment-name">
          {file.filename}
        </a>
        <VisibilityBadge isPublic={file.public} />
      </div>
      <p className="muted small attachment-meta">
        {formatBytes(file.sizeBytes)} · {file.uploadedBy?.name ?? 'Deleted account'}
        {file.uploadedBy?.type === 'contact' ? ' (contact)' : ''}
        {actingSuffix(file.uploadedBy)} · {formatDateTime(file.createdAt)}
      </p>
      <div className="inline-list">
        <VisibilityToggle toggle={toggle} label={file.public ? 'Make internal' : 'Make public'}>
          {` ${file.filename}`}
        </VisibilityToggle>
        <button type="button" className="btn btn-link btn-small" onClick={() => setConfirming(true)}>
          Delete<span className="visually-hidden"> {file.filename}</span>
        </button>
      </div>
      {toggle.isError && <ErrorMessage error={toggle.error} />}
      <ConfirmDialog
        open={confirming}
        title={`Delete ${file.filename}?`}
        confirmLabel="Delete file"
        tone="danger"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          remove.reset();
          setConfirming(false);
        }}
      >
        <p>The file is removed from the ticket for everyone. This cannot be undone.</p>
      </ConfirmDialog>
    </li>
  );
}

export function Attachments({ ticket }: { ticket: Ticket }) {
  const queryClient = useQueryClient();
  const [uploadPublic, setUploadPublic] = useState(false);
  const files = useTicketList<TicketAttachment>(staffApi, ticket.id, 'attachments');
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ticketListKey(staffApi, ticket.id, 'attachments') });
  return (
    <section className="card" aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      <ListStates list={files} loadingLabel="Loading files…" empty="No files yet.">
        {(items) => (
          <ul className="attachment-list">
            {items.map((f) => (
              <AttachmentRow key={f.id} file={f} onChanged={refresh} />
            ))}
          </ul>
        )}
      </ListStates>
      <div className="stack attachment-upload">
        <h3 className="sub-heading">Add files</h3>
        <CheckboxField
          label="Public: the requester and contacts with access may download them"
          hint="Leave unticked for internal files only staff see."
          checked={uploadPublic}
          onChange={setUploadPublic}
        />
        <TicketFileDrop
          api={staffApi}
          ticketId={ticket.id}
          hint={uploadPublic ? 'New files will be public.' : 'New files will be internal.'}
          fields={{ public: String(uploadPublic) }}
        />
      </div>
    </section>
  );
}

/**
 * Switches a file or an e-mail between public and internal: the button says what it will do
 * (`label`); `children` name the item for a screen reader.
 */
export function VisibilityToggle(props: {
  toggle: { mutate: () => void; isPending: boolean };
  label: string;
  children: string;
}) {
  const { toggle } = props;
  return (
    <button
      type="button"
      className="btn btn-secondary btn-small"
      onClick={() => toggle.mutate()}
      disabled={toggle.isPending}
      aria-busy={toggle.isPending || undefined}
    >
      {toggle.isPending ? 'Saving…' : props.label}
      <span className="visually-hidden">{props.children}</span>
    </button>
  );
}
