// An audit entry's before and after as a readable diff: one row per changed field (nested
// objects as dotted paths, lists as what was added and removed), unchanged fields on request.
import { useId, useState, type ReactNode } from 'react';
import { humanize } from '../../shared/format.ts';

type Flat = Map<string, unknown>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** { a: { b: 1 }, c: [1] } → a.b = 1, c = [1] (three levels deep at most). */
function flatten(value: unknown, prefix = '', out: Flat = new Map(), depth = 0): Flat {
  if (isPlainObject(value) && depth < 3) {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, value);
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out, depth + 1);
  } else if (prefix) {
    out.set(prefix, value);
  } else if (value !== null && value !== undefined) {
    out.set('value', value);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const BOOKKEEPING = new Set(['updatedAt', 'lastActivityAt', 'createdAt']);

function show(value: unknown): ReactNode {
  if (value === undefined) return <em className="muted">absent</em>;
  if (value === null || value === '') return <em className="muted">empty</em>;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return value.length === 0 ? <em className="muted">none</em> : value.join(', ');
  return <code className="pre-wrap">{JSON.stringify(value)}</code>;
}

/** For two lists of plain values: what was added and removed, in words. */
function listChange(before: unknown, after: unknown): ReactNode | null {
  const plain = (v: unknown): v is (string | number | boolean)[] =>
    Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null);
  if (!plain(before) || !plain(after)) return null;
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  return (
    <span className="list-change">
      {added.length > 0 && (
        <span className="diff-added">
          <span className="diff-word">Added:</span> {added.join(', ')}
        </span>
      )}
      {removed.length > 0 && (
        <span className="diff-removed">
          <span className="diff-word">Removed:</span> {removed.join(', ')}
        </span>
      )}
      {added.length === 0 && removed.length === 0 && <span>order changed</span>}
    </span>
  );
}

const label = (path: string) =>
  path
    .split('.')
    .map((part) => humanize(part.replace(/([a-z])([A-Z])/g, '$1 $2')).toLowerCase())
    .join(' › ')
    .replace(/^./, (c) => c.toUpperCase());

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const [showAll, setShowAll] = useState(false);
  const tableId = useId();
  const hasBefore = before !== null && before !== undefined;
  const hasAfter = after !== null && after !== undefined;
  if (!hasBefore && !hasAfter) return null;
  const a = flatten(before);
  const b = flatten(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  // Bookkeeping timestamps change with everything: listed with the unchanged fields.
  const changed = keys.filter((k) => !same(a.get(k), b.get(k)) && !BOOKKEEPING.has(k));
  const unchanged = keys.filter((k) => !changed.includes(k));
  const onlyOne = !hasBefore || !hasAfter;
  const rows = onlyOne || showAll ? keys : changed;
  const caption = !hasBefore ? 'Recorded values' : !hasAfter ? 'Values before' : 'Changes';

  return (
    <div className="audit-diff">
      {rows.length === 0 ? (
        <p className="muted small">No field changed.</p>
      ) : (
        <table className="diff-table" id={tableId}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              {hasBefore && <th scope="col">Before</th>}
              {hasAfter && <th scope="col">After</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((key) => {
              const isChanged = !onlyOne && changed.includes(key);
              const list = isChanged ? listChange(a.get(key), b.get(key)) : null;
              if (list)
                return (
                  <tr key={key} className="diff-changed">
                    <th scope="row">
                      {label(key)}
                      <span className="visually-hidden"> (changed)</span>
                    </th>
                    <td colSpan={2} className="diff-list">
                      {list}
                    </td>
                  </tr>
                );
              return (
                <tr key={key} className={isChanged ? 'diff-changed' : undefined}>
                  <th scope="row">
                    {label(key)}
                    {isChanged && <span className="visually-hidden"> (changed)</span>}
                  </th>
                  {hasBefore && <td className={isChanged ? 'diff-old' : undefined}>{show(a.get(key))}</td>}
                  {hasAfter && <td className={isChanged ? 'diff-new' : undefined}>{show(b.get(key))}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {!onlyOne && unchanged.length > 0 && (
        <button
          type="button"
          className="btn btn-link btn-small"
          aria-expanded={showAll}
          aria-controls={tableId}
          onClick={() => setShowAll((s) => !s)}
        >
          {showAll
            ? 'Show only the changes'
            : `Also show ${unchanged.length} other field${unchanged.length === 1 ? '' : 's'}`}
        </button>
      )}
    </div>
  );
}
