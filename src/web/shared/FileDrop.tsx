// Drag-and-drop (or choose) files and upload them one request each, with a progress bar per file.
import { useId, useRef, useState, type DragEvent } from 'react';
import { messageFor } from './api.ts';
import { formatBytes } from './format.ts';

type UploadState = {
  key: number;
  file: File;
  progress: number;
  status: 'uploading' | 'done' | 'failed' | 'cancelled';
  error?: unknown;
  controller: AbortController;
};

export function FileDrop(props: {
  label?: string;
  hint?: string;
  upload: (file: File, onProgress: (fraction: number) => void, signal: AbortSignal) => Promise<unknown>;
  onUploaded?: () => void;
}) {
  const inputId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const nextKey = useRef(1);
  const [dragging, setDragging] = useState(false);
  const [uploads, setUploads] = useState<UploadState[]>([]);

  const update = (key: number, patch: Partial<UploadState>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  const start = (file: File) => {
    const state: UploadState = {
      key: nextKey.current++,
      file,
      progress: 0,
      status: 'uploading',
      controller: new AbortController(),
    };
    setUploads((all) => [...all.filter((u) => u.status !== 'done'), state]);
    props
      .upload(file, (progress) => update(state.key, { progress }), state.controller.signal)
      .then(() => {
        update(state.key, { status: 'done', progress: 1 });
        props.onUploaded?.();
      })
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError')
          update(state.key, { status: 'cancelled' });
        else update(state.key, { status: 'failed', error });
      });
  };

  const startAll = (files: FileList | null) => {
    if (!files) return;
    for (const file of Array.from(files)) start(file);
    if (inputRef.current) inputRef.current.value = '';
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    startAll(event.dataTransfer.files);
  };

  return (
    <div className="file-drop-wrap">
      <div
        className={`file-drop ${dragging ? 'file-drop-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p className="file-drop-text">
          <span aria-hidden="true" className="file-drop-icon">
            ⇪
          </span>{' '}
          Drag files here, or
        </p>
        <input
          ref={inputRef}
          id={inputId}
          className="visually-hidden file-input"
          type="file"
          multiple
          aria-describedby={props.hint ? hintId : undefined}
          onChange={(e) => startAll(e.target.files)}
        />
        <label htmlFor={inputId} className="btn btn-secondary btn-small">
          {props.label ?? 'Choose files'}
        </label>
        {props.hint && (
          <p className="field-hint" id={hintId}>
            {props.hint}
          </p>
        )}
      </div>
      {uploads.length > 0 && (
        <ul className="upload-list" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.key} className={`upload upload-${u.status}`}>
              <div className="upload-row">
                <span className="upload-name">{u.file.name}</span>
                <span className="upload-size">{formatBytes(u.file.size)}</span>
              </div>
              {u.status === 'uploading' && (
                <div className="upload-row">
                  <progress max={1} value={u.progress} aria-label={`Uploading ${u.file.name}`} />
                  <button
                    type="button"
                    className="btn btn-link btn-small"
                    onClick={() => u.controller.abort()}
                  >
                    Cancel<span className="visually-hidden"> upload of {u.file.name}</span>
                  </button>
                </div>
              )}
              <p className="upload-status" role="status">
                {u.status === 'uploading' && `Uploading… ${Math.round(u.progress * 100)}%`}
                {u.status === 'done' && 'Uploaded.'}
                {u.status === 'cancelled' && 'Upload cancelled.'}
              </p>
              {u.status === 'failed' && (
                <p className="upload-error" role="alert">
                  Not uploaded: {messageFor(u.error)}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
