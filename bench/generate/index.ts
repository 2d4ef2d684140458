import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import type { Profile } from '../profiles.ts';
import type { Lever, Persona } from '../personas.ts';
import { personaViews } from '../personas.ts';
import { idealCount } from '../ideal-sql.ts';
import { GENERATOR_FUNCTIONS } from './sql-functions.ts';
import { populationSql } from './population.ts';
import { REBUILD_DERIVED_SQL, RULE_REBUILD_CHECK_SQL } from './derived.ts';
import { pickLeverTickets, setUpPersonas } from './personas-setup.ts';
import { ticketSearchSql, ticketsSql } from './tickets.ts';

export type Manifest = {
  profile: Profile['name'];
  referenceTime: string;
  tickets: number;
  personas: Persona[];
  lever: Lever;
  counts: Record<string, number>;
  timings: Record<string, number>;
};

const log = (message: string) => console.log(`[generate] ${message}`);

async function timed<T>(timings: Record<string, number>, step: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  timings[step] = Math.round(performance.now() - start);
  log(`${step}: ${(timings[step] / 1000).toFixed(1)} s`);
  return result;
}

/** Runs statements on one connection with triggers and FK checks off (bulk load), then back on. */
async function bulk(database: Database, statements: string[]): Promise<void> {
  await database.withConnection(async (conn) => {
    await conn.exec('set session_replication_role = replica');
    try {
      for (const statement of statements) await conn.exec(statement);
    } finally {
      await conn.exec('reset session_replication_role');
    }
  });
}

// Batches keep each statement's memory bounded (PGlite holds everything in its WASM heap).
const BATCH = 250_000;

/** Adds tickets until the table holds `target` generated tickets (the scale curve grows it in steps). */
export async function growTickets(
  database: Database,
  manifest: Manifest,
  p: Profile,
  target: number,
): Promise<void> {
  if (target <= manifest.tickets) return;
  await timed(manifest.timings, `tickets ${manifest.tickets + 1}-${target}`, async () => {
    const statements: string[] = [];
    for (let from = manifest.tickets + 1; from <= target; from += BATCH)
      statements.push(ticketsSql(p, from, Math.min(target, from + BATCH - 1), manifest.referenceTime));
    // The bulk load runs without triggers (replica role): the search vectors the ticket insert
    // trigger would write (migration 0015; the tickets have no comments) are written set-based.
    statements.push(ticketSearchSql());
    await bulk(database, statements);
    await database.withConnection((conn) => conn.exec('vacuum analyze tickets, ticket_search'));
  });
  manifest.tickets = target;
  await countVisible(database, manifest);
}

/** Visible open tickets per persona and view, from the ideal SQL (asserted non-empty where the data guarantees it). */
async function countVisible(database: Database, manifest: Manifest): Promise<void> {
  for (const persona of manifest.personas) {
    for (const view of personaViews(persona)) {
      const row = (await idealCount(persona, view, 'open').execute(database.db)).rows[0];
      persona.openCounts[view] = row?.n ?? 0;
    }
  }
}

/** Builds a profile's population and personas; tickets come with growTickets. */
export async function generatePopulation(database: Database, p: Profile): Promise<Manifest> {
  const timings: Record<string, number> = {};
  const referenceTime = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
  await database.withConnection((conn) => conn.exec(GENERATOR_FUNCTIONS));
  await timed(timings, 'population', () => bulk(database, populationSql(p)));
  await timed(timings, 'derived tables', () => bulk(database, REBUILD_DERIVED_SQL));
  await database.withConnection((conn) => conn.exec('analyze'));
  const check = await database.withConnection((conn) => conn.query<{ diff: number }>(RULE_REBUILD_CHECK_SQL));
  if (check[0]?.diff !== 0)
    throw new Error(`rule membership rebuild differs from full evaluation: ${check[0]?.diff}`);
  const { personas, lever } = await timed(timings, 'personas', () => setUpPersonas(database.db, p));
  const counts = (
    await sql<Record<string, number>>`select
      (select count(*)::int from organizations) as organizations,
      (select count(*)::int from contacts) as contacts,
      (select count(*)::int from user_groups) as user_groups,
      (select count(*)::int from user_group_contacts) as explicit_memberships,
      (select count(*)::int from user_group_rule_members) as rule_memberships,
      (select count(*)::int from user_group_organizations ugo
        join organization_closure oc on oc.ancestor_id = ugo.organization_id and (ugo.include_sub_organizations or oc.depth = 0)
        join contacts c on c.organization_id = oc.descendant_id) as organization_memberships,
      (select count(distinct contact_id)::int from access_grants) as super_customers,
      (select count(*)::int from access_grants) as grants,
      (select max(depth)::int + 1 from organization_closure) as tree_levels,
      (select max(n)::int from (select count(*) as n from contacts group by organization_id) x) as largest_organization`.execute(
      database.db,
    )
  ).rows[0]!;
  log(JSON.stringify(counts));
  return { profile: p.name, referenceTime, tickets: 0, personas, lever, counts, timings };
}

export async function finishGeneration(database: Database, manifest: Manifest): Promise<void> {
  await pickLeverTickets(database.db, manifest.lever);
  // Kept with the data, so bench/explain.ts can rebuild the personas of a --keep database.
  await sql`create table bench_manifest (data jsonb not null)`.execute(database.db);
  await sql`insert into bench_manifest (data) values (${JSON.stringify(manifest)}::jsonb)`.execute(
    database.db,
  );
  await database.withConnection((conn) => conn.exec('vacuum analyze'));
}
