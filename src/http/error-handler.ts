import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, notFound, type ErrorBody, type ErrorCode, type FieldIssue } from '../errors.ts';

function send(reply: FastifyReply, error: AppError) {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details?.issues) body.error.issues = error.details.issues;
  if (error.details?.retryAfterSeconds) reply.header('retry-after', String(error.details.retryAfterSeconds));
  return reply.status(error.status).send(body);
}

type PgError = { code?: string; constraint?: string };

/** A 422 listing the fields at fault, named by path (`body.name`, `query.q`). */
export const validationFailed = (issues: FieldIssue[]) =>
  new AppError('validation_failed', `Invalid request: ${issues.map((i) => i.path).join(', ')}`, { issues });

// How long a client should wait before trying again while the database cannot be reached.
export const UNAVAILABLE_RETRY_SECONDS = 5;
// SQLSTATE: admin or crash shutdown, starting up, too many connections (class 08 is tested apart).
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300']);
const NETWORK_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// node-postgres and its pool report a lost or refused connection as a plain Error.
const CONNECTION_LOST =
  /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Client was closed)/;

/** The database cannot be reached: down, restarting, or the network to it is cut. */
function isDatabaseUnavailable(e: { code?: string; message?: string; statusCode?: number }): boolean {
  const code = e.code ?? '';
  if (/^08[0-9A-Z]{3}$/.test(code) || SERVER_GONE.has(code) || NETWORK_ERRNO.has(code)) return true;
  return !e.statusCode && CONNECTION_LOST.test(e.message ?? '');
}

type Answer = readonly [ErrorCode, string];
const INVALID_JSON: Answer = ['bad_request', 'The request body is not valid JSON.'];
const UNSUPPORTED: Answer = ['unsupported_media_type', 'Unsupported content type.'];
const TOO_MANY_FIELDS: Answer = ['payload_too_large', 'Too many form fields.'];
const DUPLICATE: Answer = ['conflict', 'A record with these values already exists.'];
const REFERENCED: Answer = [
  'conflict',
  'The record is still referenced by other records, or refers to one that does not exist.',
];
const WRONG_FORM: Answer = ['validation_failed', 'A value has the wrong form.'];

/** Fastify's error codes and PostgreSQL's SQLSTATEs that have an answer of their own. */
const KNOWN_CODES: Record<string, Answer> = {
  FST_ERR_CTP_INVALID_JSON_BODY: INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: INVALID_JSON,
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: UNSUPPORTED,
  FST_INVALID_MULTIPART_CONTENT_TYPE: UNSUPPORTED,
  FST_FILES_LIMIT: ['payload_too_large', 'Send one file per request.'],
  FST_PARTS_LIMIT: TOO_MANY_FIELDS,
  FST_FIELDS_LIMIT: TOO_MANY_FIELDS,
  FST_REQ_FILE_TOO_LARGE: ['payload_too_large', 'The file is too large.'],
  '23505': DUPLICATE,
  '23503': REFERENCED,
  '23001': REFERENCED,
  '22021': WRONG_FORM, // a NUL or another byte the encoding cannot hold (multipart fields)
  '22P05': WRONG_FORM, // \u0000 in JSON
  '22P02': WRONG_FORM,
  '22007': WRONG_FORM,
  '22008': WRONG_FORM,
  '22003': WRONG_FORM,
  '23514': ['validation_failed', 'The values break a rule of this record.'],
};

/** Maps every error to `{ error: { code, message } }`; never leaks stacks or SQL. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & PgError;
  if (hasZodFastifySchemaValidationErrors(e)) {
    const issues = e.validation.flatMap((v) => {
      const path = [e.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.');
      // One issue per unknown field, named by its own path.
      const unknownKeys =
        v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
      if (unknownKeys?.length)
        return unknownKeys.map((key) => ({ path: `${path}.${key}`, message: 'is not a known field' }));
      return [{ path, message: v.message ?? 'is invalid' }];
    });
    // An id in the path that cannot be an id names no record.
    if (e.validationContext === 'params') return notFound();
    return validationFailed(issues);
  }
  if (isResponseSerializationError(e)) return new AppError('internal', 'Internal error.');
  const known = e.code && Object.hasOwn(KNOWN_CODES, e.code) ? KNOWN_CODES[e.code] : undefined;
  if (known) return new AppError(...known);
  if (isDatabaseUnavailable(e))
    return new AppError(
      'service_unavailable',
      'The service is unavailable for a moment. Try again shortly.',
      {
        retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
      },
    );
  // Busboy reports a cut-off or malformed multipart body as a plain Error.
  if (/multipart|Unexpected end of form|Malformed part header/i.test(e.message ?? '') && !e.statusCode)
    return new AppError('bad_request', 'The multipart body is malformed or incomplete.');
  if (e.statusCode === 400 && e instanceof SyntaxError) return new AppError(...INVALID_JSON);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return new AppError('bad_request', e.message || 'Bad request.');
  return new AppError('internal', 'Internal error.');
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.code === 'internal') request.log.error({ err: error }, 'unhandled error');
  else if (appError.code === 'service_unavailable' && !(error instanceof AppError))
    request.log.warn({ err: error }, 'database or network unavailable');
  return send(reply, appError);
}

export function notFoundHandler(_request: FastifyRequest, reply: FastifyReply) {
  return send(reply, new AppError('not_found', 'No such endpoint.'));
}
