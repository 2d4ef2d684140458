// An entry's before and after in words for the CSV file: "scopeLevel: read → write", one field a
// line, nested fields as dotted paths. The console draws the same difference as a table.

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function leaves(value: unknown, prefix: string, out: Map<string, unknown>, depth: number) {
  if (isObject(value) && depth < 3 && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value))
      leaves(inner, prefix ? `${prefix}.${key}` : key, out, depth + 1);
  } else if (prefix) out.set(prefix, value);
  else if (value !== null && value !== undefined) out.set('value', value);
  return out;
}

const text = (value: unknown): string =>
  value === undefined || value === null || value === ''
    ? '(empty)'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/** Bookkeeping timestamps move with every change and say nothing. */
const BOOKKEEPING = new Set(['updatedAt', 'lastActivityAt', 'createdAt']);

/** One line per changed field ("field: old → new"); a create or delete lists its values. */
export function changeText(before: unknown, after: unknown): string {
  const a = leaves(before, '', new Map(), 0);
  const b = leaves(after, '', new Map(), 0);
  const lines: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (BOOKKEEPING.has(key)) continue;
    const old = a.get(key);
    const now = b.get(key);
    if (JSON.stringify(old) === JSON.stringify(now)) continue;
    if (before === null || before === undefined) lines.push(`${key}: ${text(now)}`);
    else if (after === null || after === undefined) lines.push(`${key}: ${text(old)} → (removed)`);
    else lines.push(`${key}: ${text(old)} → ${text(now)}`);
  }
  return lines.join('\n');
}
