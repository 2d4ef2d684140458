import { sql } from 'kysely';
import { createPortalTicket } from '../../src/modules/portal-tickets/ticket-write.ts';
import { actorOf, assert, dbOf, persona, recordGated, type Context } from '../context.ts';
import { interleaved } from '../gate.ts';
import { measureTogether } from '../measure.ts';
import { side } from '../report/results.ts';

/**
 * Scenario 4: a contact opens a ticket through the API's service (createPortalTicket in one
 * transaction: privilege check, insert, read-back through the scope, audit row), against one
 * autocommit INSERT of the same ticket row. Both commit, so both pay the WAL flush.
 */
export async function runCreate(ctx: Context): Promise<void> {
  const db = dbOf(ctx);
  const p = persona(ctx, 'plain');
  const actor = await actorOf(ctx, p);
  let n = 0;
  const subject = () => `Bench ticket ${++n}: the projector in room 12 flickers`;
  const created = await db
    .transaction()
    .execute((trx) => createPortalTicket(trx, actor, { subject: subject() }, '127.0.0.1'));
  assert(created.requester.id === p.contactId, 'created ticket has the persona as requester');
  const tasks = {
    ours: () =>
      db.transaction().execute((trx) => createPortalTicket(trx, actor, { subject: subject() }, '127.0.0.1')),
    raw: () =>
      sql`insert into tickets (subject, description, requester_id, organization_id, private)
          values (${subject()}, '', ${p.contactId}::uuid, ${p.organizationId}::uuid, false)`.execute(db),
  };
  const stats = await measureTogether(tasks, ctx.budget);
  await recordGated(
    ctx,
    {
      scenario: '4 create',
      name: 'open a ticket as a contact',
      persona: p.name,
      ours: side('createPortalTicket (transaction)', stats.ours!),
      reference: side('raw INSERT (autocommit)', stats.raw!),
      ratio: stats.ours!.p50 / stats.raw!.p50,
      metric: 'p50',
      target: 'create.p50',
    },
    interleaved(ctx, { task: tasks.ours, stats: stats.ours! }, { task: tasks.raw, stats: stats.raw! }),
  );
}
