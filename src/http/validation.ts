import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { FieldIssue } from '../errors.ts';
import { validationFailed } from './error-handler.ts';

const NUL = '\u0000';
const MESSAGE = 'must not contain a NUL character';

const isRecord = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  // The query-string parser makes objects without a prototype.
  return proto === Object.prototype || proto === null;
};

/** The path of every string (or key) holding a NUL, however deep; iterative, so depth is no risk. */
export function nulIssues(root: unknown, rootPath: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const pending: Array<[unknown, string]> = [[root, rootPath]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (value.includes(NUL)) issues.push({ path, message: MESSAGE });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push([item, `${path}.${i}`]));
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes(NUL)) issues.push({ path, message: `keys ${MESSAGE}` });
        else pending.push([item, `${path}.${key}`]);
      }
    }
  }
  return issues.reverse();
}

// The request parts a handler reads text from (Node itself refuses a NUL in a header).
const SCANNED = new Set(['body', 'querystring', 'params']);

/**
 * The route schemas' validation, plus one rule for every route: PostgreSQL cannot store a NUL in
 * text (it answered 500), so one anywhere in the query, path or body is a 422 naming the field.
 * It looks at the validated value, so a path id that is not an id still names no record (404).
 */
export const validatorCompiler: typeof zodValidatorCompiler = (route) => {
  const validate = zodValidatorCompiler(route);
  if (!route.httpPart || !SCANNED.has(route.httpPart)) return validate;
  const part = route.httpPart;
  return (data) => {
    const result = validate(data);
    if (typeof result !== 'object' || 'then' in result || result.error) return result;
    const issues = nulIssues(result.value, part);
    return issues.length ? { error: validationFailed(issues) } : result;
  };
};

/** Requests and responses are checked against the routes' zod schemas. */
export function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
}
