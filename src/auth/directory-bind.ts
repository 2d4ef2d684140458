import { Client, escapeFilter, InvalidCredentialsError, type Entry } from 'ldapts';

/**
 * The LDAP / Active Directory connection (ldapts, docs/adr/0009-ldap.md): the service account's
 * bind for reading, and a person's bind to check a password. Nothing here writes to the directory.
 */

export type DirectoryConnection = {
  url: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  userFilter: string;
  emailAttribute: string;
};

const TIMEOUT_MS = 10_000;

const newClient = (url: string) => new Client({ url, timeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS });

/** Runs `work` with a client bound as the service account, and unbinds whatever happens. */
export async function withServiceBind<T>(
  connection: DirectoryConnection,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = newClient(connection.url);
  try {
    await client.bind(connection.bindDn, connection.bindPassword);
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** The user filter and the e-mail test together: the entries that are this person. */
export const personFilter = (connection: DirectoryConnection, email: string) =>
  `(&${connection.userFilter}${escapeFilter`(${connection.emailAttribute}=${email})`})`;

/** One attribute's first value as text ('' when absent). */
export function firstValue(entry: Entry, attribute: string): string {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? '' : first.toString();
}

export type BindResult = 'ok' | 'wrong' | 'unreachable';

/**
 * Checks a person's directory password: the service account finds the one entry with the e-mail
 * (under the user filter), then a new connection binds as that entry. An empty password is wrong
 * without asking: LDAP takes a bind with an empty password as an anonymous bind and accepts it.
 */
export async function bindAsPerson(
  connection: DirectoryConnection,
  email: string,
  password: string,
): Promise<BindResult> {
  if (password === '') return 'wrong';
  let dn: string | undefined;
  try {
    const entries = await withServiceBind(connection, async (client) => {
      const { searchEntries } = await client.search(connection.baseDn, {
        scope: 'sub',
        filter: personFilter(connection, email),
        attributes: ['1.1'],
        sizeLimit: 2,
      });
      return searchEntries;
    });
    // Nobody, or two entries with the same address: no way to know who signs in.
    if (entries.length !== 1) return 'wrong';
    dn = entries[0]?.dn;
  } catch {
    return 'unreachable';
  }
  if (!dn) return 'wrong';
  const client = newClient(connection.url);
  try {
    await client.bind(dn, password);
    return 'ok';
  } catch (error) {
    return error instanceof InvalidCredentialsError ? 'wrong' : 'unreachable';
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
