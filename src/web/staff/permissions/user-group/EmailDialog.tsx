import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { fieldErrors } from '../../../shared/api.ts';
import { Modal } from '../../../shared/Modal.tsx';
import { Alert, ErrorMessage, Field, TextField } from '../../../shared/ui.tsx';
import { staffApi } from '../../session.tsx';
import { plural } from '../common.tsx';
import type { UserGroup } from '../types.ts';
import type { ApiResponse } from '../../../shared/api-types.ts';

/** "E-mail members": one message to every enabled member. */
export function EmailDialog({
  group,
  open,
  onClose,
}: {
  group: UserGroup;
  open: boolean;
  onClose: () => void;
}) {
  const titleId = useId();
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const send = useMutation({
    mutationKey: ['staff', 'group-email'],
    mutationFn: () =>
      staffApi.post<ApiResponse<'/api/staff/user-groups/{id}/email', 'post'>>(
        `/api/staff/user-groups/${group.id}/email`,
        {
          subject: subject.trim(),
          text,
        },
      ),
  });
  const errors = fieldErrors(send.error);
  const [missing, setMissing] = useState<{ subject?: string; text?: string }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const m = {
      subject: subject.trim() ? undefined : 'Write a subject.',
      text: text.trim() ? undefined : 'Write the message.',
    };
    setMissing(m);
    if (!m.subject && !m.text) send.mutate();
  };
  const close = () => {
    if (send.isSuccess) {
      setSubject('');
      setText('');
    }
    onClose();
  };
  return (
    <Modal open={open} titleId={titleId} wide busy={send.isPending} onOpen={send.reset} onCancel={close}>
      {open && (
        <form onSubmit={submit} noValidate>
          <h2 id={titleId}>E-mail the members of “{group.name}”</h2>
          {send.isSuccess ? (
            <Alert tone="success" title="The message is on its way">
              <p>Queued for {plural(send.data.queued, 'enabled member')}.</p>
              {send.data.queued > 0 && <BatchProgress batchId={send.data.batchId} />}
            </Alert>
          ) : (
            <div className="dialog-body">
              <p className="muted">
                One message to every enabled member, each on its own (members do not see each other).
              </p>
              <TextField
                label="Subject"
                error={missing.subject ?? errors.subject}
                type="text"
                maxLength={200}
                value={subject}
                onChange={setSubject}
              />
              <Field label="Message" error={missing.text ?? errors.text}>
                {(control) => (
                  <textarea
                    {...control}
                    maxLength={50000}
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                  />
                )}
              </Field>
              {send.isError && Object.keys(errors).length === 0 && <ErrorMessage error={send.error} />}
            </div>
          )}
          <div className="dialog-actions">
            <button type="button" className="btn btn-secondary" onClick={close} disabled={send.isPending}>
              {send.isSuccess ? 'Close' : 'Cancel'}
            </button>
            {!send.isSuccess && (
              <button
                type="submit"
                className="btn btn-primary"
                disabled={send.isPending}
                aria-busy={send.isPending || undefined}
              >
                {send.isPending ? 'Sending…' : 'Send'}
              </button>
            )}
          </div>
        </form>
      )}
    </Modal>
  );
}

type Batch = ApiResponse<'/api/staff/mail/batches/{batchId}', 'get'>;

/** How far the worker got with the group e-mail, asked every 2 s until nothing is left to send. */
function BatchProgress({ batchId }: { batchId: string }) {
  const progress = useQuery({
    queryKey: ['staff', 'mail-batch', batchId],
    queryFn: ({ signal }) => staffApi.get<Batch>(`/api/staff/mail/batches/${batchId}`, undefined, signal),
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && data.queued + data.sending === 0 ? false : 2000;
    },
  });
  if (!progress.data) return null;
  const { sent, failed, queued, sending } = progress.data;
  return (
    <p role="status" data-testid="group-email-progress">
      {sent} sent, {queued + sending} waiting, {failed} failed.
      {failed > 0 && ' The mail queue page tells why and can retry.'}
    </p>
  );
}
