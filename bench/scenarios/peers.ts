import { actorOf, assert, dbOf, record, recordGated, type Context } from '../context.ts';
import { interleaved } from '../gate.ts';
import { measureTogether, type Measured } from '../measure.ts';
import { caslPage } from '../peers/casl.ts';
import { idsThenIn, offsetAndCount, searchThenCheck, type PeerResult } from '../peers/strategies.ts';
import { side } from '../report/results.ts';
import { depthCases } from './depth.ts';
import { oursPage, type PageCase } from './first-page.ts';

/**
 * Scenario 7: the peers' strategies on the same data and rules, for every persona's full view
 * (view=all, open) and for the deep-page cases. Each strategy's page is first checked against
 * the API's page; then ours (full budget) and the peers (a few samples each: they are slow)
 * are timed in the same run. Ratios are peer p95 ÷ ours p95.
 */
export async function runPeers(ctx: Context): Promise<void> {
  const cases: Array<PageCase & { depth: number }> = [];
  for (const p of ctx.manifest.personas)
    cases.push({ persona: p, actor: await actorOf(ctx, p), view: 'all', status: 'open', depth: 0 });
  cases.push(...(await depthCases(ctx)));
  const db = dbOf(ctx);
  const maxExamined = ctx.quick ? 2_000 : 20_000;
  for (const c of cases) {
    const shape = c.shape ?? {};
    const strategies: Record<string, () => Promise<PeerResult>> = {
      'search-then-check': () => searchThenCheck(db, c.actor, c.view, c.status, c.depth, maxExamined),
      'list-ids-then-IN': () => idsThenIn(db, c.actor, c.view, c.status, shape),
      'OFFSET + exact count': () => offsetAndCount(db, c.actor, c.view, c.status, c.depth),
      'CASL rulesToAST + OFFSET': async () => ({
        ids: (await caslPage(db, c.actor, c.view, c.status, { offset: c.depth })).slice(0, 25),
        capped: false,
      }),
    };
    const expected = JSON.stringify((await oursPage(ctx, c)).items.map((t) => t.id));
    const capped = new Set<string>();
    for (const [name, run] of Object.entries(strategies)) {
      const result = await run();
      if (result.capped) capped.add(name);
      else
        assert(
          JSON.stringify(result.ids) === expected,
          `${name} page differs from the API's (${c.persona.name} ${c.view})`,
        );
    }
    const oursTask = () => oursPage(ctx, c);
    const ours = (await measureTogether({ ours: oursTask }, ctx.budget)).ours!;
    const slow = {
      ...ctx.budget,
      minSamples: ctx.quick ? 3 : 5,
      maxSamples: ctx.quick ? 50 : 200,
      warmup: 1,
      rounds: ctx.quick ? 1 : 3,
    };
    const peers = await measureTogether(strategies, slow);
    const where =
      c.depth > 0
        ? `view=${c.view}&status=${c.status} after position ${c.depth}`
        : `first page view=${c.view}&status=${c.status}`;
    let worst = 0;
    for (const [name, s] of Object.entries(peers) as Array<[string, Measured]>) {
      const ratio = s.p95 / ours.p95;
      worst = Math.max(worst, ratio);
      // Ours and the peers are timed apart (the peers are slow); a re-measurement interleaves them.
      await recordGated(
        ctx,
        {
          scenario: '7 peers',
          name: `${where}: ${name}`,
          persona: c.persona.name,
          ours: side('listTickets', ours),
          reference: side(name, s),
          ratio,
          metric: 'p95',
          target: 'peers.faster',
          ...(capped.has(name) ? { note: `capped at ${maxExamined} rows checked: a lower bound` } : {}),
        },
        interleaved(ctx, { task: oursTask, stats: ours }, { task: strategies[name]!, stats: s }),
      );
    }
    if (c.depth > 0 || c.persona.name === 'largeSuper')
      record(ctx, {
        scenario: '7 peers',
        name: `${where}: worst peer ÷ ours`,
        persona: c.persona.name,
        ours: side('listTickets', ours),
        ratio: worst,
        metric: 'p95',
        target: 'peers.worst',
      });
  }
}
