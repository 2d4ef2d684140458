/**
 * The errors every layer throws on purpose (AppError and its short forms). They live below http/ so
 * that auth/, authz/ and the services can refuse a request without knowing about HTTP; the status
 * a code maps to is part of the error, the reply is built in http/error-handler.ts.
 */

/** Every error code and the HTTP status it answers with. */
const STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  step_up_required: 403,
  portal_access_off: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  quota_exceeded: 413,
  infected: 422,
  unsupported_media_type: 415,
  validation_failed: 422,
  too_many_requests: 429,
  service_unavailable: 503,
  internal: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof STATUS;

/** A problem with one field; a file's problem also names its line and column (CSV imports). */
export type FieldIssue = { path: string; message: string; line?: number; column?: string };

/** The only error type handlers throw on purpose; its code decides the HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { issues?: FieldIssue[]; retryAfterSeconds?: number },
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what = 'Record') => new AppError('not_found', `${what} not found.`);
export const forbidden = (message = 'You are not allowed to do this.') => new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);
export const invalid = (path: string, message: string) =>
  new AppError('validation_failed', `Invalid ${path}: ${message}`, { issues: [{ path, message }] });

export type ErrorBody = { error: { code: ErrorCode; message: string; issues?: FieldIssue[] } };
