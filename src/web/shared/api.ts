/**
 * The browser's client for the Portico API. Sessions are HttpOnly cookies; every request that
 * changes something echoes the session's CSRF token (the readable `portico_<audience>_csrf`
 * cookie) in the x-csrf-token header. Errors arrive as `{ error: { code, message, issues } }`
 * and become an ApiError with a message a person understands (messageFor).
 */

export type Audience = 'portal' | 'staff';

/** `line` and `column`: a problem of a CSV file's cell. */
export type FieldIssue = { path: string; message: string; line?: number; column?: string };

export type Page<T> = { items: T[]; nextCursor: string | null };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** Over HTTPS the server names its cookies `__Host-…` (src/http/authenticate.ts). */
const csrfToken = (audience: Audience) =>
  readCookie(`__Host-portico_${audience}_csrf`) ?? readCookie(`portico_${audience}_csrf`);

type Query = Record<string, string | number | boolean | null | undefined>;

/** `/api/x` + `?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; issues?: FieldIssue[] };
    };
    if (body.error?.code) {
      return new ApiError(
        response.status,
        body.error.code,
        body.error.message ?? response.statusText,
        body.error.issues ?? [],
        retryAfter,
      );
    }
  } catch {
    // Not our JSON (a proxy's error page): fall through to a generic error.
  }
  return new ApiError(response.status, 'http_' + response.status, response.statusText, [], retryAfter);
}

const networkError = () =>
  new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');

export type RequestOptions = { query?: Query; body?: unknown; signal?: AbortSignal; afterStepUp?: boolean };

/**
 * What the API client does on 403 `step_up_required`: the app's step-up dialog registers here; it
 * resolves true once the person re-authenticated (the request is then sent again), false if cancelled.
 */
const stepUpHandlers = new Map<Audience, () => Promise<boolean>>();
export function setStepUpHandler(audience: Audience, handler: (() => Promise<boolean>) | undefined): void {
  if (handler) stepUpHandlers.set(audience, handler);
  else stepUpHandlers.delete(audience);
}

/**
 * Asks for the password now if a sensitive action would: for an action that must open a tab first
 * (a dialog behind a new tab goes unseen). True when the session has stepped up (or just did).
 */
export async function ensureSteppedUp(api: ApiClient): Promise<boolean> {
  const { until } = await api.get<{ until: string | null }>(`/api/${api.audience}/session/step-up`);
  // A few seconds' margin: the action itself follows at once.
  if (until && new Date(until).getTime() - Date.now() > 5_000) return true;
  const ask = stepUpHandlers.get(api.audience);
  return ask ? ask() : true;
}

export type ApiClient = {
  audience: Audience;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T = void>(path: string): Promise<T>;
  upload<T>(path: string, file: File, options?: UploadOptions): Promise<T>;
};

export type UploadOptions = {
  /** Text fields sent beside the `file` part (such as `public`). */
  fields?: Record<string, string>;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
};

export function createApiClient(audience: Audience): ApiClient {
  const headersFor = (method: string, hasBody: boolean): Record<string, string> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (hasBody) headers['content-type'] = 'application/json';
    if (method !== 'GET' && method !== 'HEAD') {
      const token = csrfToken(audience);
      if (token) headers['x-csrf-token'] = token;
    }
    return headers;
  };

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const hasBody = options.body !== undefined;
    let response: Response;
    try {
      response = await fetch(withQuery(path, options.query), {
        method,
        headers: headersFor(method, hasBody),
        body: hasBody ? JSON.stringify(options.body) : undefined,
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw networkError();
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      // A sensitive action asks for the password or a code again: the dialog asks, then one retry.
      const stepUp = stepUpHandlers.get(audience);
      if (error.code === 'step_up_required' && stepUp && !options.afterStepUp && (await stepUp()))
        return request<T>(method, path, { ...options, afterStepUp: true });
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }

  /** A multipart upload (a `file` part after any text fields) through XMLHttpRequest, which reports upload progress. */
  function upload<T>(
    path: string,
    file: File,
    { fields = {}, onProgress, signal }: UploadOptions = {},
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      for (const [key, value] of Object.entries(headersFor('POST', false))) xhr.setRequestHeader(key, value);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress?.(event.loaded / event.total);
      };
      xhr.onerror = () => reject(networkError());
      xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
      xhr.onload = () => {
        const response = new Response(xhr.responseText || null, {
          status: xhr.status,
          headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
        });
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress?.(1);
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } else {
          void errorFrom(response).then(reject);
        }
      };
      signal?.addEventListener('abort', () => xhr.abort());
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      form.append('file', file, file.name);
      xhr.send(form);
    });
  }

  return {
    audience,
    request,
    get: (path, query, signal) => request('GET', path, { query, signal }),
    post: (path, body) => request('POST', path, { body }),
    put: (path, body) => request('PUT', path, { body }),
    patch: (path, body) => request('PATCH', path, { body }),
    delete: (path) => request('DELETE', path),
    upload,
  };
}

export const isApiError = (error: unknown, status?: number): error is ApiError =>
  error instanceof ApiError && (status === undefined || error.status === status);

/** What to tell a person about a failed request. */
export function messageFor(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return 'Something went wrong in this page. Reload it and try again.';
  }
  switch (error.code) {
    case 'network':
      return error.message;
    case 'unauthenticated':
      // The sign-in endpoint says why ("Invalid e-mail or password."); elsewhere the session ended.
      return error.message === 'Sign in first.'
        ? 'Your session has ended. Please sign in again.'
        : error.message;
    case 'csrf_failed':
      return 'Your session could not be verified. Reload the page and try again.';
    case 'not_found':
      return 'This could not be found. It may have been removed, or you no longer have access to it.';
    case 'too_many_requests': {
      const minutes = error.retryAfterSeconds ? Math.ceil(error.retryAfterSeconds / 60) : undefined;
      return minutes
        ? `Too many attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`
        : 'Too many attempts. Please wait a few minutes and try again.';
    }
    case 'payload_too_large':
      return error.message || 'This is too large to send.';
    case 'validation_failed': {
      // Fields of a form are shown beside the fields; anything else here is the page's own mistake.
      const fields = error.issues.filter((i) => i.path.startsWith('body.'));
      if (fields.length > 0 && fields.length === error.issues.length)
        return fields
          .map((i) => `${humanize(i.path.slice('body.'.length))} ${plainIssue(i.message)}.`)
          .join(' ');
      if (error.issues.length > 0)
        return 'This page sent a request the server does not accept. Reload the page and try again.';
      return error.message;
    }
    case 'internal':
    case 'service_unavailable':
      return 'Something went wrong on our side. Please try again in a moment.';
    default:
      if (error.status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
      return error.message || 'The request could not be completed.';
  }
}

/** 'body.assetId' → 'Asset id'. */
function humanize(path: string): string {
  const words = path
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[._]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The validator's wording ("Too small: expected string to have >=1 characters") in plain words. */
export function plainIssue(message: string): string {
  const tooShort = /^Too small: expected string to have >=?(\d+) characters?/.exec(message);
  if (tooShort)
    return tooShort[1] === '1' ? 'must not be empty' : `must be at least ${tooShort[1]} characters`;
  const tooLong = /^Too big: expected string to have <=?(\d+) characters?/.exec(message);
  if (tooLong) return `must be at most ${tooLong[1]} characters`;
  if (/^Invalid (input|option|UUID)/i.test(message)) return 'is not valid';
  return message;
}

/**
 * Field messages of a 422, keyed by the field's name (`body.subject` → `subject`), as the end of
 * a sentence: "must not be empty".
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const issue of error.issues) {
    const field = issue.path.replace(/^body\./, '');
    out[field] ??= plainIssue(issue.message);
  }
  return out;
}

/** Field messages as sentences naming the field: sentence('subject', 'subject') → "The subject must not be empty." */
export const sentenceFor =
  (errors: Record<string, string>) =>
  (field: string, name: string): string | undefined =>
    errors[field] ? `The ${name} ${errors[field]}.` : undefined;
