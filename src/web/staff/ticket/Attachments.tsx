// A ticket's files: download, public/internal switch, delete, and upload (internal unless ticked).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../shared/api.ts';
import { FileDrop } from '../../shared/FileDrop.tsx';
import { formatBytes, formatDateTime } from '../../shared/format.ts';
import { fetchAll } from '../../shared/paging.ts';
import { uploadWithFields } from '../../shared/uploadWithFields.ts';
import { CheckboxField, ConfirmDialog, ErrorMessage, Loading } from '../../shared/ui.tsx';
import { VisibilityBadge } from '../badges.tsx';
import { staffApi } from '../session.tsx';
import type { Ticket, TicketAttachment } from '../types.ts';
import { ticketKey } from './useTicket.ts';

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
        {file.uploadedBy?.type === 'contact' ? ' (contact)' : ''} · {formatDateTime(file.createdAt)}
      </p>
      <div className="inline-list">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => toggle.mutate()}
          disabled={toggle.isPending}
          aria-busy={toggle.isPending || undefined}
        >
          {toggle.isPending ? 'Saving…' : file.public ? 'Make internal' : 'Make public'}
          <span className="visually-hidden"> {file.filename}</span>
        </button>
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
  const key = [...ticketKey(ticket.id), 'attachments'];
  const files = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      fetchAll((cursor) =>
        staffApi.get<Page<TicketAttachment>>(
          `/api/staff/tickets/${ticket.id}/attachments`,
          { cursor, limit: 100 },
          signal,
        ),
      ),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  return (
    <section className="card" aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      {files.isPending ? (
        <Loading label="Loading files…" />
      ) : files.isError ? (
        <ErrorMessage error={files.error} onRetry={() => void files.refetch()} />
      ) : files.data.length === 0 ? (
        <p className="muted">No files yet.</p>
      ) : (
        <ul className="attachment-list">
          {files.data.map((f) => (
            <AttachmentRow key={f.id} file={f} onChanged={refresh} />
          ))}
        </ul>
      )}
      <div className="stack attachment-upload">
        <h3 className="sub-heading">Add files</h3>
        <CheckboxField
          label="Public: the requester and contacts with access may download them"
          hint="Leave unticked for internal files only staff see."
          checked={uploadPublic}
          onChange={setUploadPublic}
        />
        <FileDrop
          label="Choose files"
          hint={uploadPublic ? 'New files will be public.' : 'New files will be internal.'}
          upload={(file, onProgress, signal) =>
            uploadWithFields(
              'staff',
              `/api/staff/tickets/${ticket.id}/attachments`,
              file,
              { public: String(uploadPublic) },
              onProgress,
              signal,
            )
          }
          onUploaded={() => {
            void refresh();
            void queryClient.invalidateQueries({ queryKey: ['staff', 'tickets'] });
          }}
        />
      </div>
    </section>
  );
}
