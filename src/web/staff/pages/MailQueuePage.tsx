// The mail queue (administrators): the outbox's messages newest first, filtered by status, with
// why a message failed and a retry (failed → queued, the same Message-ID). ADR 0006.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../shared/api.ts';
import type { ApiResponse } from '../../shared/api-types.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import { usePagedList } from '../../shared/paging.ts';
import { SelectField } from '../../shared/SelectField.tsx';
import { Alert, Badge, EmptyState, ErrorMessage, PageHeader, useDocumentTitle } from '../../shared/ui.tsx';
import { staffApi } from '../session.tsx';

type Mail = ApiResponse<'/api/staff/mail', 'get'>['items'][number];
type MailSettings = ApiResponse<'/api/staff/mail/settings', 'get'>;
type Status = '' | Mail['status'];

const STATUSES = [
  ['queued', 'Queued'],
  ['sending', 'Sending'],
  ['sent', 'Sent'],
  ['failed', 'Failed'],
] as const;

const TONES = { queued: 'neutral', sending: 'info', sent: 'success', failed: 'danger' } as const;

function RetryButton({ mail }: { mail: Mail }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => staffApi.post(`/api/staff/mail/${mail.id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['staff', 'mail'] }),
  });
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={() => retry.mutate()}
        disabled={retry.isPending}
        aria-busy={retry.isPending || undefined}
      >
        {retry.isPending ? 'Retrying…' : 'Retry'}
      </button>
      {retry.isError && <ErrorMessage error={retry.error} />}
    </>
  );
}

export function MailQueuePage() {
  useDocumentTitle('Mail queue');
  const [status, setStatus] = useState<Status>('');
  const settings = useQuery({
    queryKey: ['staff', 'mail', 'settings'],
    queryFn: ({ signal }) => staffApi.get<MailSettings>('/api/staff/mail/settings', undefined, signal),
  });
  const list = usePagedList<Mail>(['staff', 'mail', 'list', status], (cursor, signal) =>
    staffApi.get<Page<Mail>>('/api/staff/mail', { cursor, limit: 50, status: status || undefined }, signal),
  );
  return (
    <>
      <PageHeader title="Mail queue" subtitle="Every message Portico sends, newest first." />
      {settings.data && !settings.data.smtpConfigured && (
        <Alert tone="warning" title="SMTP is not configured">
          <p>Messages stay queued until SMTP_URL is set (docs/operations.md, Outgoing mail). None is lost.</p>
        </Alert>
      )}
      <SelectField
        label="Status"
        value={status}
        onChange={setStatus}
        choices={STATUSES}
        empty="All statuses"
      />
      <PagedTable
        list={list}
        caption="Messages"
        loading="Loading the mail queue…"
        empty={<EmptyState title="No messages." />}
        columns={[
          { header: 'Status', cell: (m) => <Badge tone={TONES[m.status]}>{m.status}</Badge> },
          { header: 'Recipient', cell: (m) => m.to, primary: true },
          { header: 'Subject', cell: (m) => m.subject },
          { header: 'Kind', cell: (m) => m.kind },
          { header: 'Attempts', cell: (m) => m.attempts, numeric: true },
          { header: 'Queued', cell: (m) => formatDateTime(m.createdAt) },
          { header: 'Last error', cell: (m) => m.lastError ?? '' },
          { header: 'Action', cell: (m) => (m.status === 'failed' ? <RetryButton mail={m} /> : null) },
        ]}
      />
    </>
  );
}
