import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../../db/schema.ts';
import { runChange, type ChangeContext } from '../../audit/change.ts';
import { PreviewOut } from '../schema.ts';
import type { AccessChange } from './change.ts';
import { previewSave } from './preview.ts';
import { toPreviewOut } from './preview-out.ts';

/**
 * `?dryRun=true` on the staff endpoints that save a change to the permission configuration
 * (issue 5): the endpoint answers 200 with what POST /api/staff/access/preview answers for the
 * equivalent change, and saves nothing.
 *
 * The save runs once, as it would without dryRun (same policy, same service function), between
 * the two measures of a preview, and everything is rolled back: no row and no audit entry
 * survive. So a dry run is refused exactly as the save would be (401/403 from the route's policy,
 * then the save's own 404, 409 and 422, in the same order and with the same bodies).
 */

/** Strict: only "true" and "false"; anything else, or an unknown query field, is 422. */
export const DryRunQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: save nothing and answer 200 with the preview of this change ' +
        '(the body of POST /api/staff/access/preview), after the same checks as the save.',
    ),
});
export type DryRunQuery = z.infer<typeof DryRunQuery>;

export const isDryRun = (query: DryRunQuery): boolean => query.dryRun === 'true';

/**
 * The schema parts of a save that takes ?dryRun: the query, and its answers, the preview being
 * 200 (alone, or as a union with the record of a save that answers 200 itself). Declared on the
 * route, so responses are validated and OpenAPI documents both.
 */
export const withDryRun = {
  /** A save answering 204. */
  noContent: {
    querystring: DryRunQuery,
    response: { 200: PreviewOut, 204: z.null().describe('Saved (no content).') },
  },
  /** A save answering 201 with the record. */
  created: <T extends z.ZodType>(saved: T) => ({
    querystring: DryRunQuery,
    response: { 200: PreviewOut, 201: saved },
  }),
  /** A save answering 200 with the record. */
  ok: <T extends z.ZodType>(saved: T) => ({
    querystring: DryRunQuery,
    response: { 200: z.union([saved, PreviewOut]) },
  }),
};

/** The change a save stands for, given or read before the save (null: none). */
export type ProposedChange = AccessChange | null | ((trx: Transaction<DB>) => Promise<AccessChange | null>);

/** Runs the save once, measured and rolled back; commits nothing. */
export function dryRunSave(
  app: FastifyInstance,
  request: FastifyRequest,
  save: (ctx: ChangeContext) => Promise<unknown>,
  change: ProposedChange,
): Promise<PreviewOut> {
  return runChange(app, request, async (ctx) => {
    // Read before the save; a refusal here (a save one preview cannot express) comes after the
    // save's own refusals, as they are the save's answer to the same request.
    let proposed: AccessChange | null = null;
    let refusal: { error: unknown } | undefined;
    try {
      proposed = typeof change === 'function' ? await change(ctx.trx) : change;
    } catch (error) {
      refusal = { error };
    }
    const result = await previewSave(ctx, proposed, async () => {
      await save(ctx);
      if (refusal) throw refusal.error;
    });
    return toPreviewOut(result);
  });
}
