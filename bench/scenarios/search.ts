import { sql } from 'kysely';
import { searchPortalTickets } from '../../src/modules/portal-tickets/search-repo.ts';
import { actorOf, assert, dbOf, persona, record, recordGated, type Context } from '../context.ts';
import { interleaved } from '../gate.ts';
import { SEARCH_WORD } from '../generate/tickets.ts';
import { idealCondition, SUMMARY_SELECT } from '../ideal-sql.ts';
import { measureTogether, type Measured } from '../measure.ts';
import type { Persona, PersonaName } from '../personas.ts';
import { side } from '../report/results.ts';

/**
 * The ideal SQL for a contact's full-text search, written for the persona: its scope predicate
 * (view all), the public vector matching the word's query, ranked, the first page plus one with
 * the same columns; the snippet of each row like the API's (description first).
 */
export function idealSearch(p: Persona) {
  return sql<{ id: string }>`
    with q as (select portico_search_query('english', ${SEARCH_WORD}) as q),
    page as (
      select t.id, ts_rank(s.public, q.q) as rank
      from tickets t join ticket_search s on s.ticket_id = t.id, q
      where ${idealCondition(p, 'all')} and s.public @@ q.q
      order by 2 desc, t.id desc limit 26)
    select ${SUMMARY_SELECT}, page.rank,
      ts_headline('english', coalesce(nullif(t.description, ''), t.subject), q.q) as snippet
    from page join tickets t on t.id = page.id
    join contacts c on c.id = t.requester_id
    join organizations o on o.id = t.organization_id, q
    order by page.rank desc, page.id desc`;
}

const PERSONAS: PersonaName[] = ['plain', 'organization', 'largeSuper'];

/**
 * Scenario 11: a contact's full-text search for a word in 0.1 % of the tickets (SEARCH_WORD),
 * ours (searchPortalTickets: the real repo function and scope) against the ideal SQL for the same
 * scope; and a super customer's search against a plain contact's.
 */
export async function runSearch(ctx: Context): Promise<void> {
  const db = dbOf(ctx);
  const stats: Partial<Record<PersonaName, { ours: Measured; ideal: Measured }>> = {};
  for (const name of PERSONAS) {
    const p = persona(ctx, name);
    const actor = await actorOf(ctx, p);
    const ours = () =>
      searchPortalTickets(db, actor, { q: SEARCH_WORD, view: 'all', status: 'all' }, { limit: 25 });
    const ideal = () => idealSearch(p).execute(db);
    const [page, reference] = [await ours(), (await ideal()).rows];
    assert(
      page.items.map((i) => i.id).join(',') ===
        reference
          .slice(0, 25)
          .map((r) => r.id)
          .join(','),
      `search ${name}: the API's page differs from the ideal SQL's`,
    );
    const measured = await measureTogether({ ours, ideal }, ctx.budget);
    stats[name] = { ours: measured.ours!, ideal: measured.ideal! };
    const row = {
      scenario: '11 search',
      name: `"${SEARCH_WORD}" (0.1 % of tickets), view all: ${reference.length > 25 ? '25+' : reference.length} found`,
      persona: name,
      ours: side('searchPortalTickets', measured.ours!),
      reference: side('ideal SQL', measured.ideal!),
      metric: 'p95' as const,
    };
    await recordGated(
      ctx,
      { ...row, ratio: measured.ours!.p95 / measured.ideal!.p95, target: 'search.p95' },
      interleaved(ctx, { task: ours, stats: measured.ours! }, { task: ideal, stats: measured.ideal! }),
    );
    record(ctx, {
      ...row,
      name: `${row.name}: absolute`,
      reference: undefined,
      ratio: measured.ours!.p95,
      target: 'search.absolute',
    });
  }
  const [large, plain] = [stats.largeSuper, stats.plain];
  if (large && plain)
    record(ctx, {
      scenario: '11 search',
      name: 'super customer ÷ plain contact',
      persona: 'largeSuper',
      ours: { name: 'largeSuper', p50: large.ours.p50, p95: large.ours.p95 },
      reference: { name: 'plain', p50: plain.ours.p50, p95: plain.ours.p95 },
      ratio: large.ours.p95 / plain.ours.p95,
      metric: 'p95',
      target: 'search.superVsPlain',
      note: `the ideal SQL's own ratio: ${(large.ideal.p95 / plain.ideal.p95).toFixed(1)}× (p95)`,
    });
}
