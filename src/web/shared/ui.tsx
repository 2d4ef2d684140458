// The small design system both interfaces share: layout pieces, messages, fields, badges,
// tables that become cards on a phone, and a confirmation dialog. Styles: styles.css.
import { useEffect, useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { Link } from 'react-router';
import { messageFor } from './api.ts';
import { Modal } from './Modal.tsx';

export function useDocumentTitle(title: string | undefined, suffix = 'Portico') {
  useEffect(() => {
    document.title = title ? `${title} · ${suffix}` : suffix;
  }, [title, suffix]);
}

export function PageHeader(props: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  back?: { to: string; label: string };
}) {
  return (
    <header className="page-header">
      {props.back && (
        <Link className="back-link" to={props.back.to}>
          <span aria-hidden="true">←</span> <span className="visually-hidden">Back to </span>
          {props.back.label}
        </Link>
      )}
      <div className="page-header-row">
        <div className="page-header-text">
          <h1>{props.title}</h1>
          {props.subtitle && <p className="page-subtitle">{props.subtitle}</p>}
        </div>
        {props.actions && <div className="page-actions">{props.actions}</div>}
      </div>
    </header>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

type Tone = 'error' | 'success' | 'info' | 'warning';

export function Alert(props: { tone?: Tone; title?: string; children?: ReactNode; live?: boolean }) {
  const tone = props.tone ?? 'info';
  // Errors interrupt (role=alert); other news waits for a pause (role=status).
  const role = props.live === false ? undefined : tone === 'error' ? 'alert' : 'status';
  return (
    <div className={`alert alert-${tone}`} role={role}>
      {props.title && <p className="alert-title">{props.title}</p>}
      {props.children && <div>{props.children}</div>}
    </div>
  );
}

export function ErrorMessage(props: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <Alert tone="error" title={props.title}>
      <p>{messageFor(props.error)}</p>
      {props.onRetry && (
        <button type="button" className="btn btn-secondary btn-small" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </Alert>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{props.title}</p>
      {props.children && <div className="empty-text">{props.children}</div>}
      {props.action && <div className="empty-action">{props.action}</div>}
    </div>
  );
}

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export type FieldControlProps = {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
};

/** A label, the control (render prop gets the wiring), a hint and an error, all connected. */
export function Field(props: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${props.error ? 'field-invalid' : ''} ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p className="field-hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(props.error ? { 'aria-invalid': true as const } : {}),
      })}
      {props.error && (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/**
 * The common form row: a labelled one-line input (a `Field` around an `<input>`) edited as text,
 * with `suggestions` offered as the browser types (a datalist).
 */
export function TextField({
  label,
  hint,
  error,
  className,
  onChange,
  suggestions,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'id' | 'list'> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** The field's class (the input has none of its own here). */
  className?: string;
  onChange: (text: string) => void;
  suggestions?: readonly string[];
}) {
  const listId = useId();
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {(control) => (
        <>
          <input
            {...control}
            {...input}
            list={suggestions ? listId : undefined}
            onChange={(e) => onChange(e.target.value)}
          />
          {suggestions && (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
        </>
      )}
    </Field>
  );
}

/** A checkbox with its label beside it and an optional hint. */
export function CheckboxField(props: {
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name?: string;
}) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input
        id={id}
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      <div>
        <label htmlFor={id}>{props.label}</label>
        {props.hint && (
          <p className="field-hint" id={`${id}-hint`}>
            {props.hint}
          </p>
        )}
      </div>
    </div>
  );
}

/** A submit button that says what it is doing while busy. */
export function SubmitButton(props: {
  busy: boolean;
  busyLabel?: string;
  children: ReactNode;
  tone?: 'primary' | 'secondary' | 'danger';
  className?: string;
}) {
  return (
    <button
      type="submit"
      className={`btn btn-${props.tone ?? 'primary'} ${props.className ?? ''}`}
      disabled={props.busy}
      aria-busy={props.busy || undefined}
    >
      {props.busy ? (props.busyLabel ?? 'Saving…') : props.children}
    </button>
  );
}

/** A form's actions: its submit button (`children` say what it does) and Cancel. */
export function SubmitOrCancel(props: {
  busy: boolean;
  busyLabel?: string;
  children: ReactNode;
  onCancel: () => void;
}) {
  return (
    <div className="form-actions">
      <SubmitButton busy={props.busy} busyLabel={props.busyLabel}>
        {props.children}
      </SubmitButton>
      <button type="button" className="btn btn-secondary" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}

export type Column<T> = {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned numbers. */
  numeric?: boolean;
  /** The row's main cell: shown as the card's title on a phone. */
  primary?: boolean;
};

/** A table on a wide screen; on a phone each row becomes a card labelled by the column headers. */
export function DataTable<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'numeric' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td
                  key={c.header}
                  data-label={c.header}
                  className={
                    [c.numeric ? 'numeric' : '', c.primary ? 'primary-cell' : ''].join(' ').trim() ||
                    undefined
                  }
                >
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Label–value pairs; empty values are left out. */
export function DescriptionList({ items }: { items: [string, ReactNode][] }) {
  const shown = items.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return (
    <dl className="description-list">
      {shown.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** "Load more" for keyset-paginated lists. */
export function LoadMore(props: {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  label?: string;
}) {
  if (!props.hasMore) return null;
  return (
    <div className="load-more">
      <button
        type="button"
        className="btn btn-secondary"
        onClick={props.onLoadMore}
        disabled={props.loading}
        aria-busy={props.loading || undefined}
      >
        {props.loading ? 'Loading…' : (props.label ?? 'Load more')}
      </button>
    </div>
  );
}

/**
 * A modal confirmation on the native <dialog>: focus moves into it and back, Escape cancels,
 * the rest of the page is inert while it is open.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  busy?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  return (
    <Modal open={props.open} titleId={titleId} busy={props.busy} onCancel={props.onCancel}>
      <h2 id={titleId}>{props.title}</h2>
      <div className="dialog-body">{props.children}</div>
      {props.error !== undefined && props.error !== null && <ErrorMessage error={props.error} />}
      <div className="dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={props.onCancel} disabled={props.busy}>
          Cancel
        </button>
        <button
          type="button"
          className={`btn btn-${props.tone ?? 'primary'}`}
          onClick={props.onConfirm}
          disabled={props.busy}
          aria-busy={props.busy || undefined}
        >
          {props.busy ? 'Working…' : props.confirmLabel}
        </button>
      </div>
    </Modal>
  );
}

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
