// A contact's personal API tokens (issue 15 §4): read-only, acting as the contact; shown once when
// made (the server asks for the password again first: step-up), listed and revoked here.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ConfirmButton } from '../../shared/ConfirmButton.tsx';
import { fieldErrors, type Page } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { usePagedList } from '../../shared/paging.ts';
import { PagedTable } from '../../shared/PagedTable.tsx';
import {
  Alert,
  Badge,
  EmptyState,
  ErrorMessage,
  SubmitButton,
  TextField,
  type Column,
} from '../../shared/ui.tsx';
import { portalApi } from '../session.tsx';
import type { CreatedPortalApiToken, PortalApiToken } from '../types.ts';

const tokensKey = ['portal', 'me', 'api-tokens'] as const;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

function CreateToken({ onCreated }: { onCreated: (token: CreatedPortalApiToken) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(day(90));
  const create = useMutation({
    mutationFn: () =>
      portalApi.post<CreatedPortalApiToken>('/api/portal/me/api-tokens', {
        name,
        // The end of the chosen day, in the browser's time zone.
        expiresAt: new Date(`${expires}T23:59:59`).toISOString(),
      }),
    onSuccess: async (token) => {
      setName('');
      onCreated(token);
      await queryClient.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="token-form" noValidate aria-label="New API token">
      {create.isError && !errors.name && !errors.expiresAt && <ErrorMessage error={create.error} />}
      <div className="form-row">
        <TextField
          label="Token name"
          hint="What it is for, such as “Weekly report script”."
          error={errors.name ? `The name ${errors.name}.` : undefined}
          type="text"
          maxLength={100}
          value={name}
          onChange={setName}
        />
        <TextField
          label="Expires on"
          hint="At most a year from today."
          error={errors.expiresAt ? `The expiry ${errors.expiresAt}.` : undefined}
          type="date"
          min={day(0)}
          max={day(365)}
          required
          value={expires}
          onChange={setExpires}
        />
      </div>
      <SubmitButton busy={create.isPending} busyLabel="Creating…">
        Create token
      </SubmitButton>
    </form>
  );
}

function tokenState(t: PortalApiToken) {
  if (t.revokedAt) return <Badge tone="neutral">Revoked {formatDate(t.revokedAt)}</Badge>;
  if (new Date(t.expiresAt).getTime() < Date.now()) return <Badge tone="danger">Expired</Badge>;
  return <Badge tone="success">Active</Badge>;
}

export function ApiTokens({ mayCreate }: { mayCreate: boolean }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedPortalApiToken | null>(null);
  const list = usePagedList([...tokensKey], (cursor, signal) =>
    portalApi.get<Page<PortalApiToken>>('/api/portal/me/api-tokens', { cursor, limit: 50 }, signal),
  );
  const columns: Column<PortalApiToken>[] = [
    {
      header: 'Name',
      primary: true,
      cell: (t) => (
        <>
          {t.name} <span className="mono muted small">{t.prefix}…</span>
        </>
      ),
    },
    { header: 'State', cell: tokenState },
    { header: 'Last used', cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never') },
    { header: 'Expires', cell: (t) => formatDate(t.expiresAt) },
    {
      header: 'Actions',
      cell: (t) =>
        t.revokedAt ? (
          '—'
        ) : (
          <ConfirmButton
            label={
              <>
                Revoke<span className="visually-hidden"> {t.name}</span>
              </>
            }
            className="btn btn-secondary btn-small"
            title={`Revoke “${t.name}”?`}
            confirmLabel="Revoke token"
            tone="danger"
            action={() => portalApi.delete(`/api/portal/me/api-tokens/${t.id}`)}
            onDone={() => queryClient.invalidateQueries({ queryKey: tokensKey })}
          >
            <p>Scripts using this token stop working at once.</p>
          </ConfirmButton>
        ),
    },
  ];
  return (
    <section className="card" aria-labelledby="api-tokens-heading">
      <h2 id="api-tokens-heading">API tokens</h2>
      <p className="muted small">
        For your own scripts: send <code>Authorization: Bearer &lt;token&gt;</code> to the portal API. A token
        reads what you may see and changes nothing.
      </p>
      {created && (
        <Alert tone="warning" title={`Token “${created.name}” created: copy it now`}>
          <p>This is the only time it is shown.</p>
          <TextField label="Your new API token" readOnly value={created.token} onChange={() => undefined} />
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </Alert>
      )}
      {mayCreate && <CreateToken onCreated={setCreated} />}
      <PagedTable
        list={list}
        caption="Your API tokens"
        columns={columns}
        empty={<EmptyState title="You have no API tokens." />}
      />
    </section>
  );
}
