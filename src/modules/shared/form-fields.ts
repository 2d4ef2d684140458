import type { z } from 'zod';
import { AppError, type FieldIssue } from '../../errors.ts';

/**
 * Validates the text fields of a multipart request with a strict zod schema, answering 422 with
 * `body.<field>` paths as a JSON body would (an unknown field names its own path, with
 * `unknownField` as its message: the ticket attachment route has always said it differently).
 */
export function parseFormFields<T extends z.ZodType>(
  schema: T,
  fields: Record<string, string>,
  unknownField = 'is not allowed',
): z.output<T> {
  const result = schema.safeParse(fields);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: ['body', ...issue.path, key].join('.'), message: unknownField }))
      : [{ path: ['body', ...issue.path].join('.'), message: issue.message }],
  );
  throw new AppError('validation_failed', `Invalid request: ${issues.map((i) => i.path).join(', ')}`, {
    issues,
  });
}
