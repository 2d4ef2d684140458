// A secret or link shown once, read-only, with a Copy button. The clipboard API needs a secure
// context (https or localhost); elsewhere the text is selected for Ctrl+C.
import { useId, useRef, useState } from 'react';

export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');
  const copy = async () => {
    inputRef.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied to the clipboard.');
    } catch {
      setStatus('Selected: press Ctrl+C (⌘C on a Mac) to copy.');
    }
  };
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="copy-row">
        <input
          ref={inputRef}
          id={id}
          type="text"
          readOnly
          value={value}
          className="mono"
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="btn btn-secondary" onClick={() => void copy()}>
          Copy<span className="visually-hidden"> {label}</span>
        </button>
      </div>
      <p className="muted small copy-status" role="status">
        {status}
      </p>
    </div>
  );
}
