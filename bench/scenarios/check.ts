import { contactForSessionToken } from '../../src/authz/actor.ts';
import { findTicketDetail } from '../../src/modules/portal-tickets/repo.ts';
import { actorOf, assert, dbOf, record, recordGated, type Context } from '../context.ts';
import { interleaved } from '../gate.ts';
import { pkLookup, sampleTickets } from '../ideal-sql.ts';
import { measureTogether } from '../measure.ts';
import { side } from '../report/results.ts';

const SAMPLE = 20;

/**
 * Scenario 1: may C see T, through the API's single read (findTicketDetail: the list condition
 * applied to one id, with the write flag), allowed and denied tickets alternating; against a
 * primary-key read of the same ticket with the same columns and joins. The actor is resolved
 * from the persona's session once, as a request does before its handler; its own cost is a
 * separate row.
 */
export async function runCheck(ctx: Context): Promise<void> {
  const db = dbOf(ctx);
  for (const p of ctx.manifest.personas) {
    const actor = await actorOf(ctx, p);
    const allowed = (await sampleTickets(p, true, SAMPLE).execute(db)).rows.map((r) => r.id);
    const denied = (await sampleTickets(p, false, SAMPLE).execute(db)).rows.map((r) => r.id);
    const ids: Array<{ id: string; visible: boolean }> = [];
    for (let i = 0; i < SAMPLE; i++) {
      if (p.name !== 'denied' && allowed[i]) ids.push({ id: allowed[i]!, visible: true });
      if (denied[i]) ids.push({ id: denied[i]!, visible: false });
    }
    for (const { id, visible } of ids) {
      const detail = await findTicketDetail(db, actor, id);
      assert(!!detail === visible, `${p.name}: ticket ${id} visible=${!!detail}, ideal says ${visible}`);
      if (detail && p.name === 'pairRead' && detail.requester.id !== p.contactId)
        assert(!detail.abilities.reply, `pairRead may reply to ${id}`);
    }
    let i = 0;
    let j = 0;
    const tasks = {
      ours: () => findTicketDetail(db, actor, ids[i++ % ids.length]!.id),
      pk: () => pkLookup(ids[j++ % ids.length]!.id).execute(db),
      resolve: () => contactForSessionToken(db, p.token),
    };
    const stats = await measureTogether(tasks, ctx.budget);
    const mix = p.name === 'denied' ? 'all denied' : 'allowed/denied alternating';
    await recordGated(
      ctx,
      {
        scenario: '1 check',
        name: `may C see T (${mix})`,
        persona: p.name,
        ours: side('findTicketDetail', stats.ours!),
        reference: side('PK lookup, same columns', stats.pk!),
        ratio: stats.ours!.p50 / stats.pk!.p50,
        metric: 'p50',
        target: 'check.p50',
      },
      interleaved(ctx, { task: tasks.ours, stats: stats.ours! }, { task: tasks.pk, stats: stats.pk! }),
    );
    record(ctx, {
      scenario: '1 check',
      name: 'check p99 (absolute, ms)',
      persona: p.name,
      ours: side('findTicketDetail', stats.ours!),
      ratio: stats.ours!.p99,
      metric: 'value',
      target: 'check.p99',
    });
    record(ctx, {
      scenario: '1 check',
      name: 'actor resolution per request (contactForSessionToken)',
      persona: p.name,
      ours: side('contactForSessionToken', stats.resolve!),
      reference: side('PK lookup, same columns', stats.pk!),
      ratio: stats.resolve!.p50 / stats.pk!.p50,
      metric: 'p50',
      note: 'info: two queries (session + grants/modules), paid once per request before any check',
    });
  }
}
