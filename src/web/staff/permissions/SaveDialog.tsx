// The one way a permission change is saved: a modal that first shows what the change would do to
// what contacts see (POST /api/staff/access/preview, computed on the server from the pending change
// without saving it), then saves only when the administrator confirms.
import { useId, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Modal } from '../../shared/Modal.tsx';
import { ErrorMessage, Loading } from '../../shared/ui.tsx';
import { staffApi } from '../session.tsx';
import { useRefreshAfterChange } from './common.tsx';
import { PreviewNumbers } from './PreviewNumbers.tsx';
import type { AccessChange, Preview } from './types.ts';

export function SaveDialog<R>(props: {
  open: boolean;
  title: string;
  /** What is about to change, in words. */
  summary: ReactNode;
  /** The change to preview; null when it cannot change what anyone sees now (say why in noPreview). */
  change: AccessChange | null;
  noPreview?: ReactNode;
  /** Heading of the numbers; "What this changes" unless said otherwise. */
  previewTitle?: string;
  /** Shown under the numbers. */
  note?: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  save: () => Promise<R>;
  onSaved: (result: R) => void;
  onCancel: () => void;
  /** Inputs the dialog itself asks for (a name for a copy, a reason). */
  children?: ReactNode;
  /** Saving is not possible yet (an input is missing). */
  confirmDisabled?: boolean;
}) {
  const titleId = useId();
  const { open, change } = props;
  const refresh = useRefreshAfterChange();

  const save = useMutation({
    mutationKey: ['staff', 'permission-change'],
    mutationFn: props.save,
    onSuccess: async (result) => {
      await refresh();
      props.onSaved(result);
    },
  });
  const preview = useQuery({
    queryKey: ['staff', 'access', 'preview', change],
    queryFn: () => staffApi.post<Preview>('/api/staff/access/preview', change),
    enabled: open && change !== null && save.isIdle,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });

  const busy = save.isPending;
  const waiting = change !== null && preview.isFetching;
  return (
    <Modal open={open} titleId={titleId} wide busy={busy} onOpen={save.reset} onCancel={props.onCancel}>
      {open && (
        <>
          <h2 id={titleId}>{props.title}</h2>
          <div className="dialog-body stack">
            <div>{props.summary}</div>
            {props.children}
            <section
              className="preview"
              aria-labelledby={`${titleId}-preview`}
              aria-busy={waiting || undefined}
            >
              <h3 id={`${titleId}-preview`}>{props.previewTitle ?? 'What this changes'}</h3>
              {change === null ? (
                <div className="muted">
                  {props.noPreview ?? 'This change does not alter what any contact can see.'}
                </div>
              ) : preview.isPending || preview.isFetching ? (
                <Loading label="Working out who gains or loses access…" />
              ) : preview.isError ? (
                <ErrorMessage
                  title="The preview could not be worked out"
                  error={preview.error}
                  onRetry={() => void preview.refetch()}
                />
              ) : (
                <PreviewNumbers preview={preview.data} />
              )}
              {props.note && <div className="small muted preview-note">{props.note}</div>}
            </section>
          </div>
          {save.isError && <ErrorMessage title="The change was not saved" error={save.error} />}
          <div className="dialog-actions">
            <button type="button" className="btn btn-secondary" onClick={props.onCancel} disabled={busy}>
              Cancel
            </button>
            <button
              type="button"
              className={`btn btn-${props.tone ?? 'primary'}`}
              onClick={() => save.mutate()}
              disabled={busy || waiting || props.confirmDisabled}
              aria-busy={busy || undefined}
            >
              {busy ? 'Saving…' : props.confirmLabel}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
