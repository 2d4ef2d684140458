/**
 * What planning costs the single read: the API's findTicketDetail statement for one persona, run
 * as node-postgres runs it (an unnamed statement, planned on every call) and as a named prepared
 * statement (planned once per connection; after five runs PostgreSQL may switch to a generic
 * plan), against the primary-key read. On a database kept by `bench/run.ts --keep`:
 *
 *   npx tsx bench/experiments/prepared-check.ts <postgres url> <persona>
 */
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { DB } from '../../src/db/schema.ts';
import { contactForSessionToken } from '../../src/authz/actor.ts';
import { findTicketDetail } from '../../src/modules/portal-tickets/repo.ts';
import type { Manifest } from '../generate/index.ts';
import { pkLookup, sampleTickets } from '../ideal-sql.ts';
import { measureTogether, FULL_BUDGET } from '../measure.ts';

const [url, personaName = 'largeSuper'] = process.argv.slice(2);
if (!url) throw new Error('usage: prepared-check.ts <postgres url> <persona>');
const pool = new pg.Pool({ connectionString: url, max: 1 });
const captured: CompiledQuery[] = [];
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => void captured.push(e.query),
});
const manifest = (await sql<{ data: Manifest }>`select data from bench_manifest`.execute(db)).rows[0]!.data;
const p = manifest.personas.find((x) => x.name === personaName)!;
const actor = (await contactForSessionToken(db, p.token))!.actor;
const ids = (await sampleTickets(p, true, 20).execute(db)).rows.map((r) => r.id);
captured.length = 0;
await findTicketDetail(db, actor, ids[0]!);
const check = captured[0]!;
const idIndex = check.parameters.findIndex((v) => v === ids[0]);
const withId = (id: string) => check.parameters.map((v, i) => (i === idIndex ? id : v));
const client = await pool.connect();
let n = 0;
const next = () => ids[n++ % ids.length]!;
const stats = await measureTogether(
  {
    unnamed: () => client.query(check.sql, withId(next())),
    prepared: () => client.query({ name: 'bench_check', text: check.sql, values: withId(next()) }),
    pk: () => client.query(pkLookup(next()).compile(db).sql, [next()]),
  },
  FULL_BUDGET,
);
for (const [name, s] of Object.entries(stats))
  console.log(
    `${name.padEnd(9)} p50 ${s.p50.toFixed(3)} p95 ${s.p95.toFixed(3)} p99 ${s.p99.toFixed(3)} ms (n=${s.n})`,
  );
client.release();
await db.destroy();
