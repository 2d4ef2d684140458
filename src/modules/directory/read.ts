import type { Client, Entry } from 'ldapts';
import { firstValue, withServiceBind } from '../../auth/directory-bind.ts';
import { AppError } from '../../errors.ts';
import { connectionOf, type DirectorySettings } from '../../auth/directory-settings.ts';

/**
 * One read of the directory by the service account: the people under the user filter with the
 * attributes the mapping names, which of them are disabled, and the members of the groups under
 * the group filter (direct members; nested groups are not expanded). DNs are compared by their
 * normalized key, as directories differ in case and spacing.
 */

export type DirectoryPerson = {
  dn: string;
  key: string;
  email: string;
  name: string;
  /** Contact field → value, for the fields the attribute map names. */
  fields: Record<string, string>;
  disabled: boolean;
};

/** A group under the group filter: what a user group the directory creates is named from. */
export type DirectoryGroup = { dn: string; key: string; cn: string; description: string };

export type DirectorySnapshot = {
  people: DirectoryPerson[];
  /** Group key → member keys. */
  groups: Map<string, Set<string>>;
  /** Group key → the group (in the directory's order). */
  groupEntries: Map<string, DirectoryGroup>;
};

/** A DN's comparison key: lower case, no spaces around the separators. */
export const dnKey = (dn: string) =>
  dn
    .trim()
    .toLowerCase()
    .replace(/\s*([,=+])\s*/g, '$1');

// Active Directory's userAccountControl: bit 2 (ACCOUNTDISABLE).
const AD_DISABLED = 2;

const PAGE = { pageSize: 500 };

function values(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.toString());
}

async function search(client: Client, base: string, filter: string, attributes: string[]) {
  const { searchEntries } = await client.search(base, { scope: 'sub', filter, attributes, paged: PAGE });
  return searchEntries;
}

/** Reads the directory; one it cannot read (down, refused bind, bad filter) is a 503 saying why. */
export async function readDirectory(settings: DirectorySettings): Promise<DirectorySnapshot> {
  try {
    return await read(settings);
  } catch (error) {
    // ldapts names the LDAP result by its class (InvalidCredentialsError…), the message is its code.
    const why = error instanceof Error ? `${error.constructor.name}: ${error.message.trim()}` : String(error);
    throw new AppError('service_unavailable', `The directory could not be read: ${why}`.slice(0, 500));
  }
}

async function read(settings: DirectorySettings): Promise<DirectorySnapshot> {
  const mapped = Object.entries(settings.attribute_map);
  const attributes = [
    settings.email_attribute,
    settings.name_attribute,
    'userAccountControl',
    ...mapped.map(([, attribute]) => attribute),
  ];
  return withServiceBind(connectionOf(settings), async (client) => {
    const entries = await search(client, settings.base_dn, settings.user_filter, attributes);
    const disabledByFilter = new Set<string>();
    if (settings.disabled_filter) {
      const matched = await search(
        client,
        settings.base_dn,
        `(&${settings.user_filter}${settings.disabled_filter})`,
        ['1.1'],
      );
      for (const e of matched) disabledByFilter.add(dnKey(e.dn));
    }
    const people = entries.map((entry): DirectoryPerson => {
      const key = dnKey(entry.dn);
      const control = Number.parseInt(firstValue(entry, 'userAccountControl') || '0', 10);
      return {
        dn: entry.dn,
        key,
        email: firstValue(entry, settings.email_attribute).trim(),
        name: firstValue(entry, settings.name_attribute).trim(),
        fields: Object.fromEntries(mapped.map(([field, attribute]) => [field, firstValue(entry, attribute)])),
        disabled: (control & AD_DISABLED) !== 0 || disabledByFilter.has(key),
      };
    });
    const groups = new Map<string, Set<string>>();
    const groupEntries = new Map<string, DirectoryGroup>();
    const groupAttributes = ['member', 'cn', 'description'];
    for (const g of await search(client, settings.base_dn, settings.group_filter, groupAttributes)) {
      const key = dnKey(g.dn);
      groups.set(key, new Set(values(g, 'member').map(dnKey)));
      const description = firstValue(g, 'description').trim();
      groupEntries.set(key, { dn: g.dn, key, cn: firstValue(g, 'cn').trim(), description });
    }
    return { people, groups, groupEntries };
  });
}
