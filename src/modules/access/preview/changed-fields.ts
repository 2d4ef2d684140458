import { invalid } from '../../../errors.ts';
import type { AccessChange } from './change.ts';

/**
 * What a save of several fields (a PATCH) stands for as one access change, for its dry run: the
 * fields that change access are compared with the stored values, and must amount to one change
 * a preview can express.
 */

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
