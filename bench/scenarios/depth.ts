import type { TicketView } from '../../src/authz/tickets/condition.ts';
import { encodeCursor } from '../../src/http/pagination.ts';
import { actorOf, dbOf, persona, record, recordGated, type Context } from '../context.ts';
import { interleaved } from '../gate.ts';
import { idealCount, idealPage, idealRowAt, type Status } from '../ideal-sql.ts';
import { measureTogether } from '../measure.ts';
import type { PersonaName } from '../personas.ts';
import { side } from '../report/results.ts';
import { assertSamePage, FORM_NAMES, oursPage, type PageCase } from './first-page.ts';
import { bestPage, pickForm } from '../ideal-best.ts';

const CANDIDATES: Array<{ persona: PersonaName; view: TicketView }> = [
  { persona: 'largeSuper', view: 'groups' },
  { persona: 'tree', view: 'organization' },
];

/**
 * The deep-page cases: each candidate view with open tickets if it holds depth + 26 of them,
 * else with every status; skipped when even that is too short. The cursor is the API's own
 * encoding of the row at position `depth`.
 */
export async function depthCases(ctx: Context): Promise<Array<PageCase & { depth: number }>> {
  const db = dbOf(ctx);
  const depth = ctx.profile.depth;
  const cases: Array<PageCase & { depth: number }> = [];
  for (const candidate of CANDIDATES) {
    const p = persona(ctx, candidate.persona);
    let status: Status | undefined;
    for (const s of ['open', 'all'] as const) {
      const n = (await idealCount(p, candidate.view, s).execute(db)).rows[0]?.n ?? 0;
      if (n >= depth + 26) {
        status = s;
        break;
      }
    }
    if (!status) {
      console.log(`  [3 depth] ${p.name} ${candidate.view}: fewer than ${depth + 26} tickets, skipped`);
      continue;
    }
    const row = (await idealRowAt(p, candidate.view, status, depth).execute(db)).rows[0]!;
    cases.push({
      persona: p,
      actor: await actorOf(ctx, p),
      view: candidate.view,
      status,
      depth,
      cursor: encodeCursor([row.last_activity_at.toISOString(), row.id]),
      shape: { after: { at: row.last_activity_at, id: row.id } },
    });
  }
  return cases;
}

/** Scenario 3: the page after position 10,000 by the API's cursor, against ideal keyset SQL and OFFSET 10,000. */
export async function runDepth(ctx: Context): Promise<void> {
  const db = dbOf(ctx);
  for (const c of await depthCases(ctx)) {
    const shape = c.shape ?? {};
    const form = await pickForm(db, c.persona, c.view, c.status, shape);
    await assertSamePage(ctx, c, `${c.persona.name} ${c.view} at ${c.depth}`, form);
    await assertSamePage(
      ctx,
      { ...c, shape: { offset: c.depth } },
      `${c.persona.name} ${c.view} OFFSET ${c.depth}`,
    );
    const tasks = {
      ours: () => oursPage(ctx, c),
      keyset: () => bestPage(c.persona, c.view, c.status, shape, form).execute(db),
      offset: () => idealPage(c.persona, c.view, c.status, { offset: c.depth }).execute(db),
    };
    const stats = await measureTogether(tasks, { ...ctx.budget, ms: ctx.budget.ms * 2 });
    const name = `view=${c.view}&status=${c.status} after position ${c.depth}`;
    await recordGated(
      ctx,
      {
        scenario: '3 depth',
        name,
        persona: c.persona.name,
        ours: side('listTickets + cursor', stats.ours!),
        reference: side('ideal keyset SQL', stats.keyset!),
        ratio: stats.ours!.p95 / stats.keyset!.p95,
        metric: 'p95',
        target: 'depth.keyset',
        note: `ideal plan: ${FORM_NAMES[form]}`,
      },
      interleaved(
        ctx,
        { task: tasks.ours, stats: stats.ours! },
        { task: tasks.keyset, stats: stats.keyset! },
      ),
    );
    record(ctx, {
      scenario: '3 depth',
      name: `${name}: OFFSET ${c.depth} ÷ ours`,
      persona: c.persona.name,
      ours: side('listTickets + cursor', stats.ours!),
      reference: side(`hand-written SQL + OFFSET ${c.depth}`, stats.offset!),
      ratio: stats.offset!.p95 / stats.ours!.p95,
      metric: 'p95',
      target: 'depth.offset',
    });
  }
}
