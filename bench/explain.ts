/**
 * EXPLAIN (ANALYZE, BUFFERS) of the API's list query and of the ideal SQL for one persona and
 * view, on a database kept with `bench/run.ts --keep` (PostgreSQL):
 *
 *   npx tsx bench/explain.ts <database url> <persona> <view> [open|all] [depth]
 *   npx tsx bench/explain.ts <database url> <persona> search      (scenario 11's word, view all)
 *   npx tsx bench/explain.ts <database url> agent mine|breaching  (scenario 12's agent and queue)
 */
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/db/schema.ts';
import { contactForSessionToken } from '../src/authz/actor.ts';
import { encodeCursor } from '../src/http/pagination.ts';
import type { TicketView } from '../src/authz/tickets/condition.ts';
import { findTicketDetail, listTickets } from '../src/modules/portal-tickets/repo.ts';
import type { Manifest } from './generate/index.ts';
import { idealPage, idealRowAt, pkLookup, sampleTickets, type Status } from './ideal-sql.ts';
import { listTickets as listStaffTickets } from '../src/modules/tickets/repo.ts';
import { searchPortalTickets } from '../src/modules/portal-tickets/search-repo.ts';
import { SEARCH_WORD } from './generate/tickets.ts';
import { benchAgent, idealQueue, WARNING_MINUTES } from './scenarios/queues.ts';
import { idealSearch } from './scenarios/search.ts';

const [url, personaName, view = 'all', status = 'open', depthArg] = process.argv.slice(2);
if (!url || !personaName) {
  console.error('usage: tsx bench/explain.ts <url> <persona> <view|check> [open|all] [depth]');
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: url, max: 2 });
const captured: CompiledQuery[] = [];
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => void captured.push(event.query),
});

async function explain(title: string, query: { sql: string; parameters: readonly unknown[] }) {
  const plan = await pool.query(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]);
  console.log(`\n### ${title}\n${query.sql}\n${JSON.stringify(query.parameters).slice(0, 300)}\n`);
  for (const row of plan.rows as Array<{ 'QUERY PLAN': string }>) console.log(row['QUERY PLAN']);
}

/** Runs the API's call, then explains each statement it sent and the reference. */
async function explainCall(title: string, call: () => Promise<unknown>, reference: CompiledQuery) {
  captured.length = 0;
  await call();
  for (const [i, statement] of [...captured].entries())
    await explain(`ours: ${title} (statement ${i + 1})`, statement);
  await explain('ideal', reference);
}

if (personaName === 'agent') {
  const agent = await benchAgent(db);
  const queue = view === 'breaching' ? 'breaching' : 'mine';
  await explainCall(
    `listTickets queue ${queue}`,
    () => listStaffTickets(db, agent.actor, { queue, slaWarningMinutes: WARNING_MINUTES }, { limit: 25 }),
    idealQueue(queue, agent).compile(db),
  );
  await db.destroy();
  process.exit(0);
}
const manifest = (await sql<{ data: Manifest }>`select data from bench_manifest`.execute(db)).rows[0]!.data;
const p = manifest.personas.find((x) => x.name === personaName)!;
const actor = (await contactForSessionToken(db, p.token))!.actor;
captured.length = 0;
if (view === 'search') {
  await explainCall(
    `searchPortalTickets "${SEARCH_WORD}"`,
    () => searchPortalTickets(db, actor, { q: SEARCH_WORD, view: 'all', status: 'all' }, { limit: 25 }),
    idealSearch(p).compile(db),
  );
} else if (view === 'check') {
  const ids = (await sampleTickets(p, true, 1).execute(db)).rows.map((r) => r.id);
  captured.length = 0;
  await findTicketDetail(db, actor, ids[0]!);
  await explain('ours: findTicketDetail', captured[0]!);
  await explain('reference: PK lookup', pkLookup(ids[0]!).compile(db));
} else {
  const depth = depthArg ? Number(depthArg) : 0;
  const row = depth
    ? (await idealRowAt(p, view as TicketView, status as Status, depth).execute(db)).rows[0]
    : undefined;
  captured.length = 0;
  await listTickets(
    db,
    actor,
    { view: view as TicketView, status: status as 'open' | 'all' },
    { limit: 25, ...(row ? { cursor: encodeCursor([row.last_activity_at.toISOString(), row.id]) } : {}) },
  );
  const statements = [...captured];
  for (const [i, statement] of statements.entries())
    await explain(
      `ours: listTickets ${view}/${status}${depth ? ` after ${depth}` : ''} (statement ${i + 1})`,
      statement,
    );
  const shape = row ? { after: { at: row.last_activity_at, id: row.id } } : {};
  await explain('ideal', idealPage(p, view as TicketView, status as Status, shape).compile(db));
}
await db.destroy();
