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
import { judge, ratioOf, type Evidence } from './gate.ts';
import { isGatedRatio, meets, targetFor } from './targets.ts';

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

/**
 * Quick runs (CI) take a few hundred samples: their p95 swings with a single hiccup of the shared
 * machine, their median does not. They compare medians; full runs the target's percentile.
 */
function comparedOn(ctx: Context, row: Row): void {
  const [mine, theirs] = [row.ours.p50, row.reference?.p50];
  if (ctx.quick && row.target && (row.metric === 'p95' || row.metric === 'p99') && mine && theirs) {
    row.metric = 'p50';
    row.ratio = ratioOf(row, row.ours, row.reference!);
  }
}

/** Adds a row that no CI gate judges by its spread (absolute values, correctness, ungated ratios). */
export function record(ctx: Context, row: Row): Row {
  if (row.target && isGatedRatio(targetFor(row.target, ctx.engine)))
    throw new Error(`${row.name}: a gated ratio is recorded with its rounds (recordGated)`);
  comparedOn(ctx, row);
  return add(ctx, row, []);
}

/**
 * Adds a ratio with its rounds: a gated one is judged by bench/gate.ts (and re-measured there
 * when outside its gate); one its target marks notGated is only added.
 */
export async function recordGated(ctx: Context, row: Row, evidence: Evidence): Promise<Row> {
  comparedOn(ctx, row);
  const gated = row.target && isGatedRatio(targetFor(row.target, ctx.engine));
  return add(ctx, row, gated ? await judge(ctx, row, evidence) : []);
}

function add(ctx: Context, row: Row, notes: string[]): Row {
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
  for (const line of notes) console.log(`      ${line}`);
  return row;
}

export const fmt = (ms: number | undefined) =>
  ms === undefined ? '-' : ms < 10 ? ms.toFixed(3) : ms.toFixed(1);

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`benchmark self-check failed: ${message}`);
}
