// A button that asks first: it opens a ConfirmDialog, and confirming runs the action, with the
// dialog busy meanwhile and showing the failure if there is one (revoke, delete, accept…).
import { useState, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ConfirmDialog } from './ui.tsx';

export function ConfirmButton<Result>(props: {
  /** The button's content (a visually hidden part may name the record). */
  label: ReactNode;
  className: string;
  title: string;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  action: () => Promise<Result>;
  /** After the action succeeded, before the dialog closes (refresh, navigate away). */
  onDone?: (result: Result) => unknown;
  /** The dialog's text. */
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const run = useMutation({
    mutationFn: props.action,
    onSuccess: async (result) => {
      await props.onDone?.(result);
      setOpen(false);
    },
  });
  return (
    <>
      <button type="button" className={props.className} onClick={() => setOpen(true)}>
        {props.label}
      </button>
      <ConfirmDialog
        open={open}
        title={props.title}
        confirmLabel={props.confirmLabel}
        tone={props.tone}
        busy={run.isPending}
        error={run.error}
        onConfirm={() => run.mutate()}
        onCancel={() => {
          run.reset();
          setOpen(false);
        }}
      >
        {props.children}
      </ConfirmDialog>
    </>
  );
}
