import type pg from 'pg';

// The query in flight already gets the error, and the pool drops the broken client on release.
const reportedToQuery = () => {};

/**
 * node-postgres emits 'error' on a client whose connection is lost, and the pool listens only
 * while the client is idle: a connection lost while checked out (the database went away during
 * a request) would end the process with an uncaught error. Listen while it is checked out too.
 */
export function survivePoolClientErrors(pool: pg.Pool): void {
  pool.on('acquire', (client) => client.on('error', reportedToQuery));
  pool.on('release', (_error, client) => client.removeListener('error', reportedToQuery));
}
