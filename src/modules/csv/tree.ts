// Walking a parent relation given as a function (file rows over database rows), without recursion:
// an imported chain may be 50,000 levels deep.

type ParentOf = (key: string) => string | null;

/** The cycles reachable from `starts`, each as its keys in walking order; every cycle once. */
export function findCycles(starts: Iterable<string>, parentOf: ParentOf): string[][] {
  const state = new Map<string, 'walking' | 'done'>();
  const cycles: string[][] = [];
  for (const start of starts) {
    const path: string[] = [];
    let key: string | null = start;
    while (key !== null && !state.has(key)) {
      state.set(key, 'walking');
      path.push(key);
      key = parentOf(key);
    }
    if (key !== null && state.get(key) === 'walking') cycles.push(path.slice(path.indexOf(key)));
    for (const k of path) state.set(k, 'done');
  }
  return cycles;
}

/** Distance to the root for each key (the relation must have no cycle): parents sort first. */
export function depths(keys: Iterable<string>, parentOf: ParentOf): Map<string, number> {
  const depth = new Map<string, number>();
  for (const start of keys) {
    const path: string[] = [];
    let key: string | null = start;
    while (key !== null && !depth.has(key)) {
      path.push(key);
      key = parentOf(key);
    }
    let d = key === null ? -1 : (depth.get(key) ?? -1);
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i] as string, ++d);
  }
  return depth;
}
