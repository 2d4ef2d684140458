// A multipart upload with text fields beside the `file` part (the shared client's `upload` sends
// the file alone), with progress, cancel, the session's CSRF token and ApiError answers.
import { ApiError, readCookie, type Audience } from './api.ts';

function errorFromXhr(xhr: XMLHttpRequest): ApiError {
  try {
    const body = JSON.parse(xhr.responseText) as {
      error?: { code?: string; message?: string; issues?: { path: string; message: string }[] };
    };
    if (body.error?.code)
      return new ApiError(
        xhr.status,
        body.error.code,
        body.error.message ?? xhr.statusText,
        body.error.issues ?? [],
      );
  } catch {
    // Not our JSON: a generic error below.
  }
  return new ApiError(xhr.status, 'http_' + xhr.status, xhr.statusText);
}

export function uploadWithFields<T>(
  audience: Audience,
  path: string,
  file: File,
  fields: Record<string, string>,
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    const token = readCookie(`portico_${audience}_csrf`);
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () =>
      reject(
        new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.'),
      );
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
      } else {
        reject(errorFromXhr(xhr));
      }
    };
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
