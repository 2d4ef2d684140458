// "View portal as": open the portal as a contact (POST /api/staff/impersonations), read-only unless
// write mode is asked for, in a new tab; every start, stop and write is audited with both names.
// Also the impersonations running now, each of which can be ended here.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ensureSteppedUp, fieldErrors } from '../../shared/api.ts';
import type { ComboboxOption } from '../../shared/Combobox.tsx';
import { formatDateTime, formatRelative } from '../../shared/format.ts';
import {
  Alert,
  DataTable,
  ErrorMessage,
  Field,
  Loading,
  SubmitButton,
  useDocumentTitle,
  TextField,
} from '../../shared/ui.tsx';
import { ContactCombobox, useContactOption } from '../components/pickers.tsx';
import { staffApi } from '../session.tsx';
import type { Impersonation } from '../types.ts';
import { ACCESS, LoadError } from '../permissions/common.tsx';
import type { ApiResponse } from '../../shared/api-types.ts';

const impersonationsKey = ['staff', 'impersonations'] as const;

export function ViewAsPage() {
  useDocumentTitle('View portal as');
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const initial = useContactOption(params.get('contactId'));
  const [contact, setContact] = useState<ComboboxOption | null | undefined>(undefined);
  const chosen = contact === undefined ? initial : contact;
  const [mode, setMode] = useState<'read' | 'write'>('read');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ contact?: string; reason?: string }>({});
  const [blocked, setBlocked] = useState(false);

  const sessions = useQuery({
    queryKey: impersonationsKey,
    queryFn: ({ signal }) =>
      staffApi
        .get<ApiResponse<'/api/staff/impersonations'>>('/api/staff/impersonations', undefined, signal)
        .then((r) => r.items),
  });

  const start = useMutation({
    mutationKey: ['staff', 'impersonation-start'],
    mutationFn: async (tab: Window | null) => {
      try {
        return await staffApi.post<Impersonation>('/api/staff/impersonations', {
          contactId: chosen?.id,
          mode,
          reason: reason.trim(),
        });
      } catch (error) {
        tab?.close();
        throw error;
      }
    },
    onSuccess: async (_session, tab) => {
      await queryClient.invalidateQueries({ queryKey: impersonationsKey });
      if (tab) tab.location.href = '/portal';
      setBlocked(!tab);
    },
  });
  const stop = useMutation({
    mutationKey: ['staff', 'impersonation-stop'],
    mutationFn: (id: string) => staffApi.delete(`/api/staff/impersonations/${id}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: impersonationsKey }),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = {
      contact: chosen ? undefined : 'Choose the contact whose portal you want to see.',
      reason: reason.trim() ? undefined : 'Say why: the reason is recorded in the audit log.',
    };
    setErrors(next);
    if (next.contact || next.reason) return;
    // Starting asks for the password again (step-up): asked here, before the new tab would hide
    // the dialog; confirming it is a click of its own, so the tab below is still not a pop-up.
    if (!(await ensureSteppedUp(staffApi).catch(() => true))) return;
    // The tab is opened now, while the click still counts as the person's, and sent to the portal
    // once the session exists: a tab opened after the request would be blocked as a pop-up.
    const tab = window.open('', '_blank');
    start.mutate(tab);
  };
  const serverErrors = fieldErrors(start.error);

  return (
    <>
      <div className="section-header">
        <div>
          <h2>View portal as</h2>
          <p className="muted">
            Open the customer portal as a contact sees it, in a new tab, with a banner saying so. Read-only
            unless you ask for write mode. Every start, stop and write is recorded in the audit log with both
            your names. Your own portal session in this browser, if any, is replaced.
          </p>
        </div>
      </div>
      <form className="card narrow-card" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Contact" error={errors.contact ?? serverErrors.contactId}>
          {(control) => <ContactCombobox control={control} value={chosen} onChange={setContact} />}
        </Field>
        <fieldset className="field">
          <legend className="field-legend">Mode</legend>
          <div className="radio-stack">
            <label className="radio">
              <input type="radio" name="mode" checked={mode === 'read'} onChange={() => setMode('read')} />
              <span>
                <strong>Read only</strong>
                <span className="field-hint block">See what the contact sees; nothing can be changed.</span>
              </span>
            </label>
            <label className="radio">
              <input type="radio" name="mode" checked={mode === 'write'} onChange={() => setMode('write')} />
              <span>
                <strong>Read and write</strong>
                <span className="field-hint block">
                  Act as the contact (reply, close, accept a quote). Each write is audited with your name.
                </span>
              </span>
            </label>
          </div>
        </fieldset>
        <TextField
          label="Reason"
          hint="Recorded in the audit log, such as the ticket you are working on."
          error={errors.reason ?? serverErrors.reason}
          type="text"
          maxLength={500}
          value={reason}
          onChange={setReason}
        />
        {start.isError && Object.keys(serverErrors).length === 0 && (
          <ErrorMessage title="The portal could not be opened" error={start.error} />
        )}
        {start.isSuccess && (
          <Alert tone="success" title={`The portal is open as ${start.data.contact.name}`}>
            <p>
              {blocked ? 'Your browser blocked the new tab. ' : 'It opened in a new tab. '}
              <a href="/portal" target="_blank" rel="noopener">
                Open the portal as {start.data.contact.name}
              </a>{' '}
              (until {formatDateTime(start.data.expiresAt)}, or until you end it below).
            </p>
          </Alert>
        )}
        <div className="form-actions">
          <SubmitButton busy={start.isPending} busyLabel="Opening…">
            Open the portal{chosen ? ` as ${chosen.label}` : ''}
          </SubmitButton>
        </div>
      </form>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Running now</h2>
        {stop.isError && <ErrorMessage title="The session could not be ended" error={stop.error} />}
        {sessions.isPending ? (
          <Loading label="Loading sessions…" />
        ) : sessions.isError ? (
          <LoadError
            what="The running sessions"
            error={sessions.error}
            onRetry={() => void sessions.refetch()}
          />
        ) : sessions.data.length === 0 ? (
          <p className="muted">Nobody is viewing the portal as a contact.</p>
        ) : (
          <DataTable
            caption="Portal sessions opened by staff as a contact"
            rows={sessions.data}
            rowKey={(s) => s.id}
            columns={[
              {
                header: 'Contact',
                primary: true,
                cell: (s) => <Link to={`${ACCESS}/contacts/${s.contact.id}`}>{s.contact.name}</Link>,
              },
              { header: 'Staff user', cell: (s) => s.staffUser.name },
              { header: 'Mode', cell: (s) => (s.mode === 'write' ? 'Read and write' : 'Read only') },
              { header: 'Reason', cell: (s) => s.reason },
              {
                header: 'Started',
                cell: (s) => <span title={formatDateTime(s.startedAt)}>{formatRelative(s.startedAt)}</span>,
              },
              {
                header: 'Ends',
                cell: (s) => <span title={formatDateTime(s.expiresAt)}>{formatRelative(s.expiresAt)}</span>,
              },
              {
                header: 'Actions',
                cell: (s) => (
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => stop.mutate(s.id)}
                    disabled={stop.isPending && stop.variables === s.id}
                  >
                    End<span className="visually-hidden"> the session as {s.contact.name}</span>
                  </button>
                ),
              },
            ]}
          />
        )}
      </section>
    </>
  );
}
