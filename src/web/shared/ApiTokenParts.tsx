// What a contact's personal tokens (portal, read-only) and a staff user's (console, scoped) have in
// common on screen: the create form's name and expiry, the list's columns and state, revoking, and
// the new token shown once. Each page adds what is its own (the staff scopes, its wording).
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ConfirmButton } from './ConfirmButton.tsx';
import { CopyField } from './CopyField.tsx';
import { fieldErrors } from './api.ts';
import { formatDate, formatDateTime } from './format.ts';
import { Alert, Badge, ErrorMessage, SubmitButton, TextField, type Column } from './ui.tsx';

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  revokedAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export const dayFromToday = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The end of the chosen day, in the browser's time zone, as the API takes it. */
const endOfDay = (day: string) => new Date(`${day}T23:59:59`).toISOString();

export interface TokenFormProps<Created> {
  /** Posts the token; gets the name and the chosen expiry (an ISO instant, or null for none). */
  post: (name: string, expiresAt: string | null) => Promise<Created>;
  queryKey: QueryKey;
  onCreated: (token: Created) => void;
  nameExample: string;
  expiry: { label: string; hint: string; initial: string; required?: boolean; maxDays?: number };
  /** Fields of the page's own, between the name and the button (the staff scopes). */
  children?: (errors: Record<string, string>) => ReactNode;
}

export function TokenForm<Created>({
  post,
  queryKey,
  onCreated,
  nameExample,
  expiry,
  children,
}: TokenFormProps<Created>) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(expiry.initial);
  const create = useMutation({
    mutationFn: () => post(name, expires ? endOfDay(expires) : null),
    onSuccess: async (token) => {
      setName('');
      setExpires(expiry.initial);
      onCreated(token);
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="token-form" noValidate aria-label="New API token">
      {create.isError && Object.keys(errors).length === 0 && <ErrorMessage error={create.error} />}
      <div className="form-row">
        <TextField
          label="Token name"
          hint={`What it is for, such as “${nameExample}”.`}
          error={errors.name ? `The name ${errors.name}.` : undefined}
          type="text"
          maxLength={100}
          value={name}
          onChange={setName}
        />
        <TextField
          label={expiry.label}
          hint={expiry.hint}
          error={errors.expiresAt ? `The expiry ${errors.expiresAt}.` : undefined}
          type="date"
          min={dayFromToday(0)}
          max={expiry.maxDays === undefined ? undefined : dayFromToday(expiry.maxDays)}
          required={expiry.required}
          value={expires}
          onChange={setExpires}
        />
      </div>
      {children?.(errors)}
      <SubmitButton busy={create.isPending} busyLabel="Creating…">
        Create token
      </SubmitButton>
    </form>
  );
}

function TokenState({ token }: { token: TokenRow }) {
  if (token.revokedAt) return <Badge tone="neutral">Revoked {formatDate(token.revokedAt)}</Badge>;
  if (token.expiresAt && new Date(token.expiresAt).getTime() < Date.now())
    return <Badge tone="danger">Expired {formatDate(token.expiresAt)}</Badge>;
  return <Badge tone="success">Active</Badge>;
}

/** Name, state, last use and expiry, then `own` columns, then revoking (`revokePath(token)`). */
export function tokenColumns<T extends TokenRow>(
  own: Column<T>[],
  revoke: {
    path: (token: T) => string;
    remove: (path: string) => Promise<unknown>;
    queryKey: QueryKey;
    consequence: string;
  },
): Column<T>[] {
  return [
    {
      header: 'Name',
      primary: true,
      cell: (t) => (
        <>
          {t.name} <span className="mono muted small">{t.prefix}…</span>
        </>
      ),
    },
    { header: 'State', cell: (t) => <TokenState token={t} /> },
    { header: 'Last used', cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never') },
    { header: 'Expires', cell: (t) => (t.expiresAt ? formatDate(t.expiresAt) : 'Never') },
    ...own,
    { header: 'Actions', cell: (t) => (t.revokedAt ? '—' : <RevokeButton token={t} {...revoke} />) },
  ];
}

function RevokeButton<T extends TokenRow>({
  token,
  path,
  remove,
  queryKey,
  consequence,
}: {
  token: T;
  path: (token: T) => string;
  remove: (path: string) => Promise<unknown>;
  queryKey: QueryKey;
  consequence: string;
}) {
  const queryClient = useQueryClient();
  return (
    <ConfirmButton
      label={
        <>
          Revoke<span className="visually-hidden"> {token.name}</span>
        </>
      }
      className="btn btn-secondary btn-small"
      title={`Revoke “${token.name}”?`}
      confirmLabel="Revoke token"
      tone="danger"
      action={() => remove(path(token))}
      onDone={() => queryClient.invalidateQueries({ queryKey })}
    >
      <p>{consequence}</p>
    </ConfirmButton>
  );
}

/** A token just made: its secret, shown this once. */
export function NewTokenAlert({
  token,
  note,
  onDismiss,
}: {
  token: { name: string; token: string };
  note: string;
  onDismiss: () => void;
}) {
  return (
    <Alert tone="warning" title={`Token “${token.name}” created: copy it now`}>
      <p>{note}</p>
      <CopyField label="Your new API token" value={token.token} />
      <button type="button" className="btn btn-secondary btn-small" onClick={onDismiss}>
        I have copied it
      </button>
    </Alert>
  );
}
