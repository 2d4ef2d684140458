import { formatBytes, formatDate } from '../../shared/format.ts';
import { ListStates, TicketFileDrop, useTicketList } from '../../shared/ticket.tsx';
import { can, portalApi, useMe } from '../session.tsx';
import type { Attachment, TicketDetail } from '../types.ts';

export function AttachmentList({ ticketId }: { ticketId: string }) {
  const files = useTicketList<Attachment>(portalApi, ticketId, 'attachments');
  return (
    <ListStates list={files} loadingLabel="Loading files…" empty="No files yet.">
      {(items) => (
        <ul className="file-list">
          {items.map((f) => (
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
      )}
    </ListStates>
  );
}

/** The ticket's public files, and an upload area where the contact may add some. */
export function Attachments({ ticket }: { ticket: TicketDetail }) {
  const me = useMe();
  const mayView = can(me, 'attachments.view');
  if (!mayView && !ticket.abilities.upload) return null;
  return (
    <section className="card" aria-labelledby="files-heading">
      <h2 id="files-heading">Files</h2>
      {mayView && <AttachmentList ticketId={ticket.id} />}
      {ticket.abilities.upload && (
        <div className="stack">
          <TicketFileDrop
            api={portalApi}
            ticketId={ticket.id}
            hint="Files you add are visible to everyone who can see this ticket."
          />
        </div>
      )}
    </section>
  );
}
