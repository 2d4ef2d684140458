import type { FastifyInstance } from 'fastify';
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

/**
 * PostgreSQL cannot store a NUL in text (it answered 500): every route refuses one in its query,
 * path or body with 422 naming the field. It runs after schema validation, so a path id that is
 * not an id stays a 404, and before every handler.
 */
export function registerRejectNul(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const issues = [
      ...nulIssues(request.query, 'query'),
      ...nulIssues(request.params, 'params'),
      ...nulIssues(request.body, 'body'),
    ];
    if (issues.length) throw validationFailed(issues);
  });
}
