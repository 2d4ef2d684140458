/**
 * What a failed SMTP send means for the message (ADR 0006):
 * - unreachable: the server could not be reached or talked to (connection refused, DNS, timeouts,
 *   a dropped socket). Says nothing about the message: it goes back to the queue without using up
 *   an attempt, and the worker pauses sending with its own backoff.
 * - temporary: the server answered 4xx. Retried with backoff, failed after MAIL_RETRY_LIMIT attempts.
 * - permanent: the server answered 5xx, or nodemailer refused the message itself. Failed at once.
 */
export type SmtpFailure = { kind: 'unreachable' | 'temporary' | 'permanent'; reason: string };

const UNREACHABLE_CODES = new Set([
  'ECONNECTION',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

type NodemailerError = { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };

export function classifySmtpFailure(error: unknown): SmtpFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const reason = (typeof e.response === 'string' ? e.response : message).slice(0, 1000);
  if (responseCode !== undefined && responseCode >= 500) return { kind: 'permanent', reason };
  if (responseCode !== undefined && responseCode >= 400) {
    // 421 "service not available" closes the connection: the server, not the message.
    return { kind: responseCode === 421 ? 'unreachable' : 'temporary', reason };
  }
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return { kind: 'unreachable', reason };
  return { kind: 'permanent', reason };
}

/** Seconds to wait after the n-th temporary failure: base * 2^(n-1), capped. */
export function backoffSeconds(attempt: number, baseSeconds: number, maxSeconds: number): number {
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}
