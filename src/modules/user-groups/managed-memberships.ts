/**
 * One mapping mechanism for every identity source (docs/directory.md, docs/sign-in.md): the LDAP
 * sync (directory groups by DN) and OIDC sign-in (values of the `groups` claim) map what the source
 * says the same way, and keep only the memberships they made themselves, marked as theirs:
 *
 * - user groups: every mapping whose source the person holds (mappedIds);
 * - privilege group: the first mapping whose source the person holds wins (firstMapped);
 * - memberships: the source's wanted pairs against the stored ones (managedChanges): a missing
 *   pair is added and marked, a marked pair no longer wanted is removed, and a hand-made
 *   membership (not marked) is never added again nor removed.
 */

/** A source value (a directory group's DN key, a claim value) → a record id. */
export type SourceMapping = { source: string; id: string };

export type MembershipPair = { userGroupId: string; contactId: string };

/** Every mapped id (that still exists) whose source the person holds, once each, in mapping order. */
export function mappedIds(
  mappings: readonly SourceMapping[],
  holds: (source: string) => boolean,
  exists: (id: string) => boolean = () => true,
): string[] {
  return [...new Set(mappings.filter((m) => exists(m.id) && holds(m.source)).map((m) => m.id))];
}

/** The first mapping (whose record still exists) whose source the person holds: privilege groups. */
export function firstMapped(
  mappings: readonly SourceMapping[],
  holds: (source: string) => boolean,
  exists: (id: string) => boolean = () => true,
): string | undefined {
  return mappings.find((m) => exists(m.id) && holds(m.source))?.id;
}

const pairKey = (p: MembershipPair) => `${p.userGroupId}/${p.contactId}`;

/**
 * What to add and remove so that the source's memberships are the wanted ones. `stored` are the
 * explicit memberships of the groups and contacts concerned, `managed` telling whether the source
 * made it (a pair present but not managed is hand-made: neither added nor removed).
 */
export function managedChanges<W extends MembershipPair, S extends MembershipPair & { managed: boolean }>(
  wanted: readonly W[],
  stored: readonly S[],
): { add: W[]; remove: S[] } {
  const wantedKeys = new Set(wanted.map(pairKey));
  const storedKeys = new Set(stored.map(pairKey));
  const seen = new Set<string>();
  const add = wanted.filter((w) => {
    const key = pairKey(w);
    if (storedKeys.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { add, remove: stored.filter((s) => s.managed && !wantedKeys.has(pairKey(s))) };
}
