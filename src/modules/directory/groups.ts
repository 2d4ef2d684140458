import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DirectorySettings } from '../../auth/directory-settings.ts';
import type { SourceMapping } from '../user-groups/managed-memberships.ts';
import { dnKey, type DirectoryGroup, type DirectorySnapshot } from './read.ts';

/**
 * User groups the directory creates (docs/directory.md#groups-the-directory-creates): with
 * `createGroups` on, each directory group under the group filter (and below `underDn` when set)
 * that no group mapping names becomes a user group of the directory's, remembered by its DN
 * (user_groups.directory_dn): named `namePrefix` + its cn, described by its description, renamed
 * when they change. A group an administrator made (directory_dn null) is never renamed, and its
 * name is never taken: a directory group whose name is taken is skipped, saying why.
 */

type Named = { name: string; description: string };

export type GroupsPlan = {
  createGroups: ({ userGroupId: string; dn: string } & Named)[];
  renameGroups: { userGroupId: string; dn: string; before: Partial<Named>; after: Partial<Named> }[];
  skipped: { dn: string; reason: string }[];
};

const NAME_MAX = 200;
const DESCRIPTION_MAX = 2000;

/** The directory groups that become user groups: under the filter and DN, named by no mapping. */
export function groupsToCreate(settings: DirectorySettings, snapshot: DirectorySnapshot): DirectoryGroup[] {
  const options = settings.create_groups;
  if (!options.enabled) return [];
  const under = options.underDn ? dnKey(options.underDn) : '';
  const mapped = new Set(settings.group_map.map((m) => dnKey(m.dn)));
  return [...snapshot.groupEntries.values()]
    .filter((g) => !mapped.has(g.key) && (!under || g.key.endsWith(`,${under}`)))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const namedOf = (settings: DirectorySettings, g: DirectoryGroup): Named => ({
  name: `${settings.create_groups.namePrefix}${g.cn || (g.key.split(',')[0] ?? '').replace(/^[^=]*=/, '')}`
    .trim()
    .slice(0, NAME_MAX),
  description: g.description.slice(0, DESCRIPTION_MAX),
});

/**
 * Plans the groups to create and rename, and answers the directory's own groups in scope as
 * mappings (DN key → user group), for the memberships. Groups it made that are out of scope now
 * (deleted in the directory, moved away, mapped, or the option off) are not answered: their
 * directory memberships go, the groups stay.
 */
export async function planDirectoryGroups(
  trx: Transaction<DB>,
  settings: DirectorySettings,
  snapshot: DirectorySnapshot,
  plan: GroupsPlan,
): Promise<SourceMapping[]> {
  const candidates = groupsToCreate(settings, snapshot);
  if (candidates.length === 0) return [];
  const owned = await trx
    .selectFrom('user_groups')
    .select(['id', 'name', 'description', 'directory_dn'])
    .where('directory_dn', 'is not', null)
    .execute();
  const ownedByKey = new Map(owned.map((g) => [g.directory_dn ?? '', g]));
  const names = candidates.map((g) => namedOf(settings, g));
  const taken = new Map(
    (
      await trx
        .selectFrom('user_groups')
        .select(['id', sql<string>`lower(name)`.as('name')])
        .where(
          sql<string>`lower(name)`,
          'in',
          names.map((n) => n.name.toLowerCase()),
        )
        .execute()
    ).map((r) => [r.name, r.id]),
  );
  const mappings: SourceMapping[] = [];
  const fresh: GroupsPlan['createGroups'] = [];
  candidates.forEach((group, i) => {
    const named = names[i] ?? { name: '', description: '' };
    const key = named.name.toLowerCase();
    const holder = taken.get(key);
    const stored = ownedByKey.get(group.key);
    const nameFree = !named.name ? false : holder === undefined || holder === stored?.id;
    const skip = (reason: string) => plan.skipped.push({ dn: group.dn, reason });
    if (stored) {
      mappings.push({ source: group.key, id: stored.id });
      const before: Partial<Named> = {};
      const after: Partial<Named> = {};
      if (stored.name !== named.name && nameFree) {
        before.name = stored.name;
        after.name = named.name;
        taken.set(key, stored.id);
      } else if (stored.name !== named.name)
        skip(`not renamed to ${named.name}: another user group has that name`);
      if (stored.description !== named.description) {
        before.description = stored.description;
        after.description = named.description;
      }
      if (Object.keys(after).length > 0)
        plan.renameGroups.push({ userGroupId: stored.id, dn: group.dn, before, after });
      return;
    }
    if (!nameFree) {
      skip(
        named.name
          ? `a user group named ${named.name} exists: map it in groupMappings, or set a namePrefix`
          : 'no name: the group has no cn',
      );
      return;
    }
    const created = { userGroupId: '', dn: group.dn, ...named };
    taken.set(key, '');
    fresh.push(created);
    mappings.push({ source: group.key, id: '' });
  });
  if (fresh.length === 0) return mappings;
  // Ids as the database makes them, before the save: the memberships and the preview need them.
  const { rows } = await sql<{ id: string }>`
    select portico_uuid_v7() as id from generate_series(1, ${fresh.length})`.execute(trx);
  let next = 0;
  for (const m of mappings)
    if (m.id === '') {
      const id = rows[next]?.id ?? '';
      const created = fresh[next];
      if (created) created.userGroupId = id;
      m.id = id;
      next += 1;
    }
  plan.createGroups.push(...fresh);
  return mappings;
}
