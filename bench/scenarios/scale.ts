import type { TicketView } from '../../src/authz/tickets/condition.ts';
import { encodeCursor } from '../../src/http/pagination.ts';
import { actorOf, dbOf, persona, record, type Context } from '../context.ts';
import { idealCount, idealRowAt } from '../ideal-sql.ts';
import type { PersonaName } from '../personas.ts';
import { side } from '../report/results.ts';
import { assertSamePage, measurePage, naiveNote, type PageCase } from './first-page.ts';

/** One measured point of the scale curve. */
export type ScalePoint = {
  key: string;
  persona: PersonaName;
  tickets: number;
  ours: { p50: number; p95: number };
  ideal: { p50: number; p95: number };
};

const FIRST_PAGES: Array<{ persona: PersonaName; view: TicketView }> = [
  { persona: 'plain', view: 'mine' },
  { persona: 'organization', view: 'organization' },
  { persona: 'tree', view: 'organization' },
  { persona: 'smallSuper', view: 'groups' },
  { persona: 'largeSuper', view: 'groups' },
];

/**
 * Scenario 8, one point: the first pages of scenario 2 (open) and the deep page of scenario 3
 * (status all, so the same case exists at every size) at the current ticket count.
 */
export async function measureScalePoint(ctx: Context, points: ScalePoint[]): Promise<void> {
  const tickets = ctx.manifest.tickets;
  const cases: Array<{ key: string; c: PageCase }> = [];
  for (const f of FIRST_PAGES) {
    const p = persona(ctx, f.persona);
    cases.push({
      key: `first page ${f.view}/open`,
      c: { persona: p, actor: await actorOf(ctx, p), view: f.view, status: 'open' },
    });
  }
  const p = persona(ctx, 'largeSuper');
  const depth = ctx.profile.depth;
  const available = (await idealCount(p, 'groups', 'all').execute(dbOf(ctx))).rows[0]?.n ?? 0;
  if (available >= depth + 26) {
    const row = (await idealRowAt(p, 'groups', 'all', depth).execute(dbOf(ctx))).rows[0]!;
    cases.push({
      key: `groups/all after position ${depth}`,
      c: {
        persona: p,
        actor: await actorOf(ctx, p),
        view: 'groups',
        status: 'all',
        cursor: encodeCursor([row.last_activity_at.toISOString(), row.id]),
        shape: { after: { at: row.last_activity_at, id: row.id } },
      },
    });
  } else
    console.log(`  [8 scale] ${tickets} tickets: ${available} in largeSuper groups/all, depth case skipped`);
  for (const { key, c } of cases) {
    const s = await measurePage(ctx, c);
    await assertSamePage(ctx, c, `scale ${key}`, s.form);
    points.push({ key, persona: c.persona.name, tickets, ours: s.ours, ideal: s.ideal });
    record(ctx, {
      scenario: '8 scale',
      name: `${key} at ${tickets.toLocaleString('en')} tickets`,
      persona: c.persona.name,
      ours: side('listTickets', s.ours),
      reference: side('ideal SQL', s.ideal),
      ratio: s.ours.p95 / s.ideal.p95,
      metric: 'p95',
      note: naiveNote(s),
    });
  }
}

/** Scenario 8, the curve: p95 at the largest point ÷ p95 at the smallest point where the case existed. */
export function recordScaleGrowth(ctx: Context, points: ScalePoint[]): void {
  const keys = [...new Set(points.map((x) => `${x.persona}|${x.key}`))];
  for (const k of keys) {
    const series = points.filter((x) => `${x.persona}|${x.key}` === k).sort((a, b) => a.tickets - b.tickets);
    const first = series[0]!;
    const last = series[series.length - 1]!;
    if (series.length < 2) continue;
    record(ctx, {
      scenario: '8 scale',
      name: `${first.key}: growth ${first.tickets.toLocaleString('en')} → ${last.tickets.toLocaleString('en')} tickets`,
      persona: first.persona,
      ours: { name: `at ${last.tickets}`, p50: last.ours.p50, p95: last.ours.p95 },
      reference: { name: `at ${first.tickets}`, p50: first.ours.p50, p95: first.ours.p95 },
      ratio: last.ours.p95 / first.ours.p95,
      metric: 'p95',
      target: 'scale.growth',
      note: `ideal SQL grew ${(last.ideal.p95 / first.ideal.p95).toFixed(2)}× (p95)`,
    });
  }
}
