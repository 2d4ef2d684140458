import { sql, type Kysely } from 'kysely';
import type { StaffActor } from '../../src/authz/actor.ts';
import type { DB } from '../../src/db/schema.ts';
import { LIST_SQL_COLUMNS, LIST_SQL_JOINS, listTickets } from '../../src/modules/tickets/repo.ts';
import { assert, dbOf, recordGated, type Context } from '../context.ts';
import { interleaved } from '../gate.ts';
import { uuids } from '../ideal-sql.ts';
import { measureTogether } from '../measure.ts';
import { side } from '../report/results.ts';

/** SLA_WARNING_MINUTES' default: the Breaching queue's window. */
export const WARNING_MINUTES = 60;
/** Every 25th organization (by id) is the team's: 4 % of the tickets. */
const TEAM_ORGANIZATION_EVERY = 25;
/** Tickets numbered 7 modulo 500 are the agent's: 0.2 % of all tickets. */
const ASSIGNED_EVERY = 500;

export type Prepared = { actor: StaffActor; teams: string[] };

async function one<T>(db: Kysely<DB>, query: ReturnType<typeof sql<T>>): Promise<T | undefined> {
  return (await query.execute(db)).rows[0];
}

/**
 * The scenario's own data, idempotent, so it runs as well on a database kept by an earlier run
 * (generated before teams and SLAs existed): a team, an agent in it (not admin), the tickets of
 * every 25th organization on the team, 0.2 % of all tickets assigned to the agent, and due times
 * on the team's open tickets, relative to now, with about 5 % of them past or within the warning
 * window (offsets −3.5 h … +95.5 h by ticket number: the run lasts minutes, far from the next
 * boundary). Written straight into the columns migration 0018 added, as the SLA module keeps them.
 */
async function prepare(db: Kysely<DB>): Promise<Prepared> {
  const team =
    (await one<{ id: string }>(db, sql`select id from staff_teams where lower(name) = 'bench queue team'`)) ??
    (await one<{ id: string }>(
      db,
      sql`insert into staff_teams (name) values ('Bench queue team') returning id`,
    ))!;
  const agent =
    (await one<{ id: string }>(
      db,
      sql`select id from staff_users where lower(email) = 'bench-agent@bench.test'`,
    )) ??
    (await one<{ id: string }>(
      db,
      sql`insert into staff_users (email, name, role) values ('bench-agent@bench.test', 'Bench agent', 'agent')
        returning id`,
    ))!;
  await sql`update staff_users set role = 'agent', disabled = false where id = ${agent.id}::uuid`.execute(db);
  await sql`insert into staff_team_members (team_id, staff_user_id) values (${team.id}::uuid, ${agent.id}::uuid)
    on conflict do nothing`.execute(db);
  await sql`update tickets t set team_id = ${team.id}::uuid
    from (select id from (select id, row_number() over (order by id) as n from organizations) o
      where o.n % ${TEAM_ORGANIZATION_EVERY} = 0) o
    where t.organization_id = o.id and t.team_id is distinct from ${team.id}::uuid`.execute(db);
  await sql`update tickets set assignee_id = ${agent.id}::uuid
    where number % ${ASSIGNED_EVERY} = 7 and assignee_id is distinct from ${agent.id}::uuid`.execute(db);
  await sql`update tickets t set
      first_response_due_at = d.due, resolution_due_at = d.due + interval '1 day', first_responded_at = null,
      sla_next_due_at = d.due, sla_paused_at = null
    from (select id, now() + ((number % 100) - 3.5) * interval '1 hour' as due from tickets
      where team_id = ${team.id}::uuid and status = 'open') d
    where t.id = d.id`.execute(db);
  await sql`update tickets set sla_next_due_at = null
    where team_id = ${team.id}::uuid and status <> 'open' and sla_next_due_at is not null`.execute(db);
  await sql`analyze tickets`.execute(db);
  await sql`analyze staff_team_members`.execute(db);
  return benchAgent(db, agent.id);
}

/** The scenario's agent and its teams (on a database scenario 12 prepared). */
export async function benchAgent(db: Kysely<DB>, id?: string): Promise<Prepared> {
  const agent = id
    ? { id }
    : (await one<{ id: string }>(
        db,
        sql`select id from staff_users where lower(email) = 'bench-agent@bench.test'`,
      ))!;
  const actor: StaffActor = {
    kind: 'staff',
    id: agent.id,
    name: 'Bench agent',
    email: 'bench-agent@bench.test',
    role: 'agent',
    canImpersonate: false,
  };
  const teams = (
    await sql<{
      team_id: string;
    }>`select team_id from staff_team_members where staff_user_id = ${agent.id}::uuid`.execute(db)
  ).rows.map((r) => r.team_id);
  return { actor, teams };
}

/**
 * The ideal SQL a person would write for the agent's queue, knowing its teams (none sees all
 * tickets): Mine needs no scope (a ticket assigned to the agent is visible to it); Breaching is
 * the agent's scope and the due time, soonest first, over tickets_sla_next_due_idx. The same
 * columns, joins, order and limit + 1 as the API's page.
 */
export function idealQueue(queue: 'mine' | 'breaching', { actor, teams }: Prepared) {
  if (queue === 'mine')
    return sql<{ id: string }>`select ${LIST_SQL_COLUMNS} from tickets t ${LIST_SQL_JOINS}
      where t.assignee_id = ${actor.id}::uuid
      order by t.last_activity_at desc, t.id desc limit 26`;
  return sql<{ id: string }>`select ${LIST_SQL_COLUMNS} from tickets t ${LIST_SQL_JOINS}
    where t.sla_next_due_at < now() + make_interval(mins => ${WARNING_MINUTES})
      and (t.team_id is null or t.assignee_id = ${actor.id}::uuid or t.team_id = any(${uuids(teams)}))
    order by t.sla_next_due_at, t.id limit 26`;
}

/**
 * Scenario 12: an agent's "Mine" and "Breaching" queues, first page: listTickets (the staff list
 * the API answers with: scopedQueue, the staff scope and the queue) against the ideal SQL.
 */
export async function runQueues(ctx: Context): Promise<void> {
  const db = dbOf(ctx);
  const prepared = await prepare(db);
  for (const queue of ['mine', 'breaching'] as const) {
    const ours = () =>
      listTickets(db, prepared.actor, { queue, slaWarningMinutes: WARNING_MINUTES }, { limit: 25 });
    const ideal = () => idealQueue(queue, prepared).execute(db);
    const [page, reference] = [await ours(), (await ideal()).rows];
    assert(reference.length > 0, `queue ${queue}: the prepared data gives an empty queue`);
    assert(
      page.items.map((i) => i.id).join(',') ===
        reference
          .slice(0, 25)
          .map((r) => r.id)
          .join(','),
      `queue ${queue}: the API's page differs from the ideal SQL's`,
    );
    const measured = await measureTogether({ ours, ideal }, ctx.budget);
    const row = {
      scenario: '12 agent queues',
      name: `${queue === 'mine' ? 'Mine' : 'Breaching'}, first page (${reference.length > 25 ? '25+' : reference.length} rows)`,
      persona: 'agent',
      ours: side('listTickets', measured.ours!),
      reference: side('ideal SQL', measured.ideal!),
      metric: 'p95' as const,
      target: queue === 'mine' ? ('queues.mine' as const) : ('queues.breaching' as const),
    };
    await recordGated(
      ctx,
      { ...row, ratio: measured.ours!.p95 / measured.ideal!.p95 },
      interleaved(ctx, { task: ours, stats: measured.ours! }, { task: ideal, stats: measured.ideal! }),
    );
  }
}
