import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../shared/api.ts';
import { FileDrop } from '../../shared/FileDrop.tsx';
import { formatBytes, formatDate } from '../../shared/format.ts';
import { fetchAll } from '../../shared/paging.ts';
import { ErrorMessage, Loading } from '../../shared/ui.tsx';
import { can, portalApi, useMe } from '../session.tsx';
import type { Attachment, TicketDetail } from '../types.ts';
import { ticketKey } from './useTicketUpdate.ts';

export function AttachmentList({ ticketId }: { ticketId: string }) {
  const files = useQuery({
    queryKey: [...ticketKey(ticketId), 'attachments'],
    queryFn: ({ signal }) =>
      fetchAll((cursor) =>
        portalApi.get<Page<Attachment>>(
          `/api/portal/tickets/${ticketId}/attachments`,
          { cursor, limit: 100 },
          signal,
        ),
      ),
  });
  if (files.isPending) return <Loading label="Loading files…" />;
  if (files.isError) return <ErrorMessage error={files.error} onRetry={() => void files.refetch()} />;
  if (files.data.length === 0) return <p className="muted">No files yet.</p>;
  return (
    <ul className="file-list">
      {files.data.map((f) => (
        <li key={f.id}>
          <a href={`/api/portal/attachments/${f.id}`} download={f.filename}>
            {f.filename}
          </a>
          <span className="muted small">
            {formatBytes(f.sizeBytes)} · {formatDate(f.createdAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The ticket's public files, and an upload area where the contact may add some. */
export function Attachments({ ticket }: { ticket: TicketDetail }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const mayView = can(me, 'attachments.view');
  if (!mayView && !ticket.abilities.upload) return null;
  return (
    <section className="card" aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      {mayView && <AttachmentList ticketId={ticket.id} />}
      {ticket.abilities.upload && (
        <div className="stack">
          <FileDrop
            label="Choose files"
            hint="Files you add are visible to everyone who can see this ticket."
            upload={(file, onProgress, signal) =>
              portalApi.upload(`/api/portal/tickets/${ticket.id}/attachments`, file, onProgress, signal)
            }
            onUploaded={() => {
              void queryClient.invalidateQueries({ queryKey: [...ticketKey(ticket.id), 'attachments'] });
              void queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] });
            }}
          />
        </div>
      )}
    </section>
  );
}
