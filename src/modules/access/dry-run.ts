import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DiffPart } from '../../authz/diff-relation.ts';
import { ALL_KINDS } from '../../authz/plan-relation.ts';
import { previewChange, type AccessChange, type PreviewResult } from '../../authz/preview.ts';
import type { DB } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { runChange, type ChangeContext } from '../audit/change.ts';
import { toPreviewOut } from './preview-out.ts';
import { PreviewOut } from './schema.ts';

/**
 * `?dryRun=true` on the staff endpoints that save a change to the permission configuration
 * (issue 5): the endpoint answers 200 with what POST /api/staff/access/preview answers for the
 * equivalent change, and saves nothing.
 *
 * The save itself runs first, in a savepoint that is rolled back, so a dry run is refused exactly
 * as the save would be (401/403 from the route's policy, then the save's own 404, 409 and 422, in
 * the same order and with the same bodies). The change is then previewed against the state before
 * the save (previewChange inside the same transaction), and the whole transaction is rolled back:
 * no row and no audit entry survive. The price is doing the write twice (for a rule, the trigger
 * re-evaluates it twice); a dry run is an administrator's question, not a hot path.
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

const NO_PART: DiffPart = {
  contactsGaining: 0,
  contactsLosing: 0,
  gained: { pairs: 0, distinct: 0 },
  lost: { pairs: 0, distinct: 0 },
  samples: { gaining: [], losing: [] },
};
/** What a save that changes nothing anyone sees previews as: nothing counted, nothing changed. */
function nothing(): PreviewResult {
  const parts = {} as PreviewResult['parts'];
  for (const kind of ALL_KINDS) parts[kind] = NO_PART;
  return { affected: 0, parts, counted: { tickets: false, records: false } };
}

/** The change a save stands for, given or read in the dry run's transaction (null: none). */
export type ProposedChange = AccessChange | null | ((trx: Transaction<DB>) => Promise<AccessChange | null>);

class DryRunDone extends Error {
  constructor(readonly preview: PreviewOut) {
    super('dry run rolled back');
  }
}

/** Runs the save's checks and previews the change; commits nothing. */
export async function dryRunSave(
  app: FastifyInstance,
  request: FastifyRequest,
  save: (ctx: ChangeContext) => Promise<unknown>,
  change: ProposedChange,
): Promise<PreviewOut> {
  try {
    await runChange(app, request, async (ctx) => {
      await sql`savepoint portico_dry_run`.execute(ctx.trx);
      await save(ctx);
      await sql`rollback to savepoint portico_dry_run`.execute(ctx.trx);
      const proposed = typeof change === 'function' ? await change(ctx.trx) : change;
      const result = proposed ? await previewChange(ctx.trx, proposed) : nothing();
      throw new DryRunDone(toPreviewOut(result));
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.preview;
    throw error;
  }
  throw new Error('dry run transaction was not rolled back');
}

/**
 * One access-relevant field of a save that changes its stored value, and the change a preview can
 * compute for it (null: it changes access in a way no preview kind expresses).
 */
export type ChangedField = { path: string; change: AccessChange | null };

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
};

/** The field as part of a save's change, when it is given and differs from the stored value (key order aside). */
export function changedField(
  path: string,
  given: unknown,
  stored: unknown,
  change: AccessChange | null,
): ChangedField[] {
  if (given === undefined) return [];
  const same = JSON.stringify(canonical(given)) === JSON.stringify(canonical(stored));
  return same ? [] : [{ path, change }];
}

/**
 * The one change a multi-field save (a PATCH) previews as. Fields with no effect on access (names,
 * descriptions, a phone number) are not part of it: with only those the preview is empty. A
 * preview answers for one change, so a save that changes access through two fields, or through a
 * field no preview kind expresses (a group's always flag or member lists, a contact's rule fields
 * or disabled flag), is refused with 422 naming the field: previewing only part of it would
 * understate what the save does.
 */
export function oneChange(fields: ChangedField[]): AccessChange | null {
  const unpreviewable = fields.find((f) => f.change === null);
  if (unpreviewable)
    throw invalid(
      unpreviewable.path,
      'changes access in a way a dry run cannot preview; save it without dryRun, or preview a single change',
    );
  const [first, second] = fields;
  if (first && second)
    throw invalid(
      second.path,
      `a dry run previews one access change at a time; ${first.path} changes access too: preview them separately`,
    );
  return first?.change ?? null;
}
