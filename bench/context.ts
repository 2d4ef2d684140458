import type { Kysely } from 'kysely';
import type { ContactActor } from '../src/authz/actor.ts';
import type { Database } from '../src/db/database.ts';
import type { DB } from '../src/db/schema.ts';
import { contactForSessionToken } from '../src/authz/actor.ts';
import type { Manifest } from './generate/index.ts';
import type { Budget } from './measure.ts';
import type { Persona, PersonaName } from './personas.ts';
import type { Profile } from './profiles.ts';
import type { Row } from './report/results.ts';
import { meets, targetFor, TARGETS } from './targets.ts';

export type Context = {
  database: Database;
  engine: 'postgres' | 'pglite';
  profile: Profile;
  manifest: Manifest;
  budget: Budget;
  quick: boolean;
  rows: Row[];
};

export const dbOf = (ctx: Context): Kysely<DB> => ctx.database.db;

export function persona(ctx: Context, name: PersonaName): Persona {
  const found = ctx.manifest.personas.find((p) => p.name === name);
  if (!found) throw new Error(`no persona ${name}`);
  return found;
}

/** The actor exactly as a request resolves it from the persona's session (src/authz/actor.ts). */
export async function actorOf(ctx: Context, p: Persona): Promise<ContactActor> {
  const found = await contactForSessionToken(dbOf(ctx), p.token);
  if (!found) throw new Error(`persona ${p.name}: session does not resolve`);
  return found.actor;
}

/** Adds a row, judging it against its target for this engine. */
export function record(ctx: Context, row: Row): Row {
  // Quick runs (CI) take a few hundred samples: their p95 swings with a single hiccup of the
  // shared machine, their median does not. They compare medians; full runs the target's percentile.
  const [mine, theirs] = [row.ours.p50, row.reference?.p50];
  if (ctx.quick && row.target && (row.metric === 'p95' || row.metric === 'p99') && mine && theirs) {
    // A 'min' target on latencies is reference ÷ ours (how many times faster we are).
    row.ratio = TARGETS[row.target].op === 'min' ? theirs / mine : mine / theirs;
    row.metric = 'p50';
  }
  if (row.target && row.ratio !== undefined && Number.isFinite(row.ratio))
    row.met = meets(targetFor(row.target, ctx.engine), row.ratio);
  ctx.rows.push(row);
  const ratio = row.ratio === undefined ? '' : ` ratio ${row.ratio.toFixed(2)}`;
  const met = row.met === undefined ? '' : row.met ? ' ok' : ' MISSED';
  const ours =
    row.ours.rps !== undefined
      ? `${row.ours.rps.toFixed(0)} req/s`
      : `p50 ${fmt(row.ours.p50)} p95 ${fmt(row.ours.p95)}`;
  console.log(
    `  [${row.scenario}] ${row.name}${row.persona ? ` (${row.persona})` : ''}: ${ours}${ratio}${met}`,
  );
  return row;
}

export const fmt = (ms: number | undefined) =>
  ms === undefined ? '-' : ms < 10 ? ms.toFixed(3) : ms.toFixed(1);

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`benchmark self-check failed: ${message}`);
}
