import type { TicketView } from '../../src/authz/tickets/condition.ts';
import type { ContactActor } from '../../src/authz/actor.ts';
import { listTickets } from '../../src/modules/portal-tickets/repo.ts';
import { actorOf, assert, dbOf, record, recordGated, type Context } from '../context.ts';
import { interleaved } from '../gate.ts';
import { bestPage, pickForm, type KeyForm } from '../ideal-best.ts';
import { idealPage, type PageShape, type Status } from '../ideal-sql.ts';
import { measureTogether, type Measured, type Stats, type Task } from '../measure.ts';
import { personaViews, type Persona } from '../personas.ts';
import { side } from '../report/results.ts';

export type PageCase = {
  persona: Persona;
  actor: ContactActor;
  view: TicketView;
  status: Status;
  cursor?: string;
  shape?: PageShape;
};

/** The API's list call for a case (listTickets: the real repo function and scope). */
export const oursPage = (ctx: Context, c: PageCase) =>
  listTickets(
    dbOf(ctx),
    c.actor,
    { view: c.view, status: c.status },
    { limit: 25, ...(c.cursor ? { cursor: c.cursor } : {}) },
  );

/** Asserts that the API's page equals the hand-written page (straightforward SQL), with the same "has more". */
export async function assertSamePage(
  ctx: Context,
  c: PageCase,
  label: string,
  form?: KeyForm,
): Promise<void> {
  const ours = await oursPage(ctx, c);
  const shape = c.shape ?? {};
  const references = [(await idealPage(c.persona, c.view, c.status, shape).execute(dbOf(ctx))).rows];
  if (form && shape.offset === undefined)
    references.push((await bestPage(c.persona, c.view, c.status, shape, form).execute(dbOf(ctx))).rows);
  const got = ours.items.map((t) => t.id).join(',');
  for (const [i, rows] of references.entries()) {
    const want = rows
      .slice(0, 25)
      .map((r) => r.id)
      .join(',');
    assert(
      got === want,
      `${label}: API page differs from the ${i === 0 ? 'straightforward' : form} SQL's: ${got} vs ${want}`,
    );
    assert((ours.nextCursor !== null) === rows.length > 25, `${label}: "has more" differs`);
  }
}

export type PageStats = {
  ours: Measured;
  ideal: Measured;
  naive: Measured;
  form: KeyForm;
  /** The timed calls, to measure ours and the ideal again (bench/gate.ts). */
  tasks: { ours: Task; ideal: Task };
};

/**
 * Measures one page case: ours, the ideal (the faster hand-written plan for this persona), and the
 * straightforward hand-written SQL (one predicate, the planner's choice) for context.
 */
export async function measurePage(ctx: Context, c: PageCase): Promise<PageStats> {
  const db = dbOf(ctx);
  const shape = c.shape ?? {};
  const form = await pickForm(db, c.persona, c.view, c.status, shape);
  const tasks = {
    ours: () => oursPage(ctx, c),
    ideal: () => bestPage(c.persona, c.view, c.status, shape, form).execute(db),
    naive: () => idealPage(c.persona, c.view, c.status, shape).execute(db),
  };
  const stats = await measureTogether(tasks, ctx.budget);
  return { ours: stats.ours!, ideal: stats.ideal!, naive: stats.naive!, form, tasks };
}

/** A page case's ratio for the gate: ours against the ideal, as measured and to measure again. */
export function pageEvidence(ctx: Context, s: PageStats) {
  return interleaved(ctx, { task: s.tasks.ours, stats: s.ours }, { task: s.tasks.ideal, stats: s.ideal });
}

export const naiveNote = (s: PageStats) =>
  `ideal plan: ${FORM_NAMES[s.form]}; straightforward SQL p95 ${s.naive.p95.toFixed(1)} ms`;

export const FORM_NAMES: Record<KeyForm, string> = {
  few: 'key by key',
  hash: 'activity walk, hashed keys',
  many: 'activity walk, per-row probe',
  reverse: "activity walk, requester's groups probed",
};

/** Scenario 2: the first page of each of the persona's views (status open), for every persona. */
export async function runFirstPage(ctx: Context): Promise<void> {
  // The slowest view of each persona, ours and ideal.
  const worst: Record<string, { ours: Stats; ideal: Stats }> = {};
  for (const p of ctx.manifest.personas) {
    const actor = await actorOf(ctx, p);
    for (const view of personaViews(p)) {
      const c: PageCase = { persona: p, actor, view, status: 'open' };
      const s = await measurePage(ctx, c);
      await assertSamePage(ctx, c, `${p.name} ${view}`, s.form);
      const slowest = worst[p.name];
      if (!slowest || s.ours.p95 > slowest.ours.p95) worst[p.name] = { ours: s.ours, ideal: s.ideal };
      await recordGated(
        ctx,
        {
          scenario: '2 first page',
          name: `view=${view}&status=open (${p.openCounts[view] ?? '?'} visible)`,
          persona: p.name,
          ours: side('listTickets', s.ours),
          reference: side('ideal SQL', s.ideal),
          ratio: s.ours.p95 / s.ideal.p95,
          metric: 'p95',
          target: 'firstPage.p95',
          note: naiveNote(s),
        },
        pageEvidence(ctx, s),
      );
    }
  }
  const [large, plain] = [worst.largeSuper, worst.plain];
  if (large && plain)
    record(ctx, {
      scenario: '2 first page',
      name: 'largest super customer ÷ plain contact (slowest view of each)',
      persona: 'largeSuper',
      ours: { name: 'largeSuper', p50: large.ours.p50, p95: large.ours.p95 },
      reference: { name: 'plain', p50: plain.ours.p50, p95: plain.ours.p95 },
      ratio: large.ours.p95 / plain.ours.p95,
      metric: 'p95',
      target: 'firstPage.largeVsPlain',
      note: `the ideal SQL's own ratio: ${(large.ideal.p95 / plain.ideal.p95).toFixed(1)}× (p95), ${(large.ideal.p50 / plain.ideal.p50).toFixed(1)}× (p50)`,
    });
}
