import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldIssue } from '../../errors.ts';
import { readUpload, type Upload } from '../files/store.ts';

/**
 * Validates the text fields of a multipart request with a strict zod schema, answering 422 with
 * `body.<field>` paths as a JSON body would (an unknown field names its own path, with
 * `unknownField` as its message: the ticket attachment route has always said it differently).
 */
function parseFormFields<T extends z.ZodType>(
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

/** A multipart upload that carries only its `file` part. */
export const FileOnly = z.strictObject({});

/**
 * Reads a multipart upload (size-checked) and checks its text fields. Call it before the
 * transaction: a refused file writes nothing.
 */
export async function readCheckedUpload<T extends z.ZodType>(
  app: FastifyInstance,
  request: FastifyRequest,
  schema: T,
  unknownField?: string,
): Promise<{ upload: Upload; fields: z.output<T> }> {
  const upload = await readUpload(request, app.config.uploadLimitBytes);
  return { upload, fields: parseFormFields(schema, upload.fields, unknownField) };
}
