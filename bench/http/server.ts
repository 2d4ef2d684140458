/**
 * The HTTP scenario's server process (started by bench/http/run.ts with `node --import tsx`):
 * on 127.0.0.1, a raw node:http hello, a plain Fastify with the reference endpoints (hello, and
 * unauthenticated endpoints running the ideal SQL), and the real Portico app. One process and one
 * database handle, as in production; its RSS is what the scenario reports.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { registerModules } from '../../src/modules/routes.ts';
import { openLocation, type Location } from '../engine.ts';
import { bestPage, type KeyForm } from '../ideal-best.ts';
import { pkLookup } from '../ideal-sql.ts';
import { hashToken } from '../../src/auth/tokens.ts';
import { PREPARE } from '../../src/db/prepared.ts';
import type { Persona } from '../personas.ts';

export type ServerSpec = {
  location: Location;
  small: Persona;
  large: Persona;
  creator: Persona;
  /** The ideal plan of each persona's group list (ideal-best.ts), picked before the server starts. */
  forms: { small: KeyForm; large: KeyForm };
};
export type ServerPorts = { node: number; fastify: number; app: number };

type Summary = Record<string, unknown> & {
  requester_id: string;
  requester_name: string;
  organization_id: string;
  organization_name: string;
  created_at: Date;
  last_activity_at: Date;
};

/** The API's ticket JSON shape, without the API's code: what the ideal endpoints send. */
const summary = (r: Summary) => ({
  id: r.id,
  number: r.number,
  subject: r.subject,
  status: r.status,
  priority: r.priority,
  private: r.private,
  requester: { id: r.requester_id, name: r.requester_name },
  organization: { id: r.organization_id, name: r.organization_name },
  createdAt: r.created_at,
  lastActivityAt: r.last_activity_at,
});

const spec = JSON.parse(process.env.BENCH_SERVER ?? '{}') as ServerSpec;
const database = await openLocation(spec.location, 10);
const db = database.db;

const node = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ hello: 'world' }));
});
await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve));

const reference = Fastify({ logger: false });
reference.get('/hello', async () => ({ hello: 'world' }));
/** One ticket by primary key, in the API's detail shape (404 when there is none). */
async function ticketById(id: string, reply: FastifyReply) {
  const row = (await pkLookup(id).execute(db)).rows[0] as (Summary & Record<string, unknown>) | undefined;
  if (!row) return reply.status(404).send({ code: 'not_found' });
  return {
    ...summary(row),
    description: row.description,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

reference.get<{ Params: { id: string } }>('/ideal/tickets/:id', (request, reply) =>
  ticketById(request.params.id, reply),
);
// The same read behind the least a session costs: the session row by its token's hash (prepared,
// like the app's), then the row by primary key. What the app adds on top of this is its own.
reference.get<{ Params: { id: string } }>('/ideal/session-tickets/:id', async (request, reply) => {
  const token = /portico_portal=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? '';
  const session = await sql<{ contact_id: string }>`select ${PREPARE} contact_id from sessions
    where token_hash = ${hashToken(token)} and expires_at > now()`.execute(db);
  if (!session.rows[0]) return reply.status(401).send({ code: 'unauthenticated' });
  return ticketById(request.params.id, reply);
});
reference.get<{ Querystring: { persona: 'small' | 'large' } }>('/ideal/tickets', async (request) => {
  const which = request.query.persona === 'large' ? 'large' : 'small';
  const rows = (await bestPage(spec[which], 'groups', 'open', {}, spec.forms[which]).execute(db))
    .rows as unknown as Summary[];
  return { items: rows.slice(0, 25).map(summary), nextCursor: rows.length > 25 ? 'more' : null };
});
reference.post('/ideal/tickets', async (_request, reply) => {
  const row = await sql<{
    id: string;
  }>`insert into tickets (subject, description, requester_id, organization_id, private)
    values ('Bench ticket over HTTP: the projector flickers', '', ${spec.creator.contactId}::uuid,
            ${spec.creator.organizationId}::uuid, false) returning id`.execute(db);
  return reply.status(201).send({ id: row.rows[0]?.id });
});
await reference.listen({ port: 0, host: '127.0.0.1' });

const app = await buildApp({
  database,
  config: loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1' }),
  logger: false,
  routes: registerModules,
});
await app.listen({ port: 0, host: '127.0.0.1' });

const ports: ServerPorts = {
  node: (node.address() as AddressInfo).port,
  fastify: (reference.server.address() as AddressInfo).port,
  app: (app.server.address() as AddressInfo).port,
};
process.send?.({ ready: ports });
process.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  void (async () => {
    node.close();
    await reference.close();
    await app.close();
    await database.close();
    process.exit(0);
  })();
});
