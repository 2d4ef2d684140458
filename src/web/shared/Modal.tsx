import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The native <dialog> as a modal, shown while `open` (`onOpen` runs as it opens): focus moves into
 * it and back, the rest of the page is inert, Escape cancels unless it is busy.
 */
export function Modal(props: {
  open: boolean;
  titleId: string;
  wide?: boolean;
  busy?: boolean | undefined;
  onOpen?: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { open, onOpen } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      onOpen?.();
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, onOpen]);
  return (
    <dialog
      ref={ref}
      className={props.wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={props.titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!props.busy) props.onCancel();
      }}
    >
      {props.children}
    </dialog>
  );
}
