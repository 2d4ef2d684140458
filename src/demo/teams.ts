import { sql } from 'kysely';
import { pick, type DemoContext } from './util.ts';

// Teams for the demo (docs/desk.md): "Service desk" takes the tickets of organizations that name no
// team (the desk's default) and sees every ticket; "Schools support" is the school district's team
// (its organizations inherit it); "Billing" handles money questions. The demo agent is in the first
// two, so each of its queues (Mine, Unassigned, My teams, Waiting on us, Waiting on the customer,
// Breaching) shows something. The colleagues have no password: they hold tickets, nobody signs in.

const COLLEAGUES = [
  { key: 'priya', email: 'priya.shah@portico.example', name: 'Priya Shah' },
  { key: 'chris', email: 'chris.baker@portico.example', name: 'Chris Baker' },
] as const;

export async function seedTeams(ctx: DemoContext): Promise<void> {
  const { trx } = ctx;
  const colleague: Record<string, string> = {};
  for (const c of COLLEAGUES) {
    const existing = await trx
      .selectFrom('staff_users')
      .select('id')
      .where(sql`lower(email)`, '=', c.email)
      .executeTakeFirst();
    colleague[c.key] =
      existing?.id ??
      (
        await trx
          .insertInto('staff_users')
          .values({ email: c.email, name: c.name, role: 'agent', password_hash: null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
  }
  const agent = ctx.staff.agent;
  const teams: Array<
    [name: string, seesAll: boolean, autoAssign: 'none' | 'round_robin' | 'least_loaded', members: string[]]
  > = [
    ['Service desk', true, 'none', [agent, ctx.staff.admin]],
    ['Schools support', false, 'none', [agent, pick(colleague, 'priya')]],
    ['Billing', false, 'least_loaded', [pick(colleague, 'chris')]],
  ];
  const ids: Record<string, string> = {};
  for (const [name, seesAll, autoAssign, members] of teams) {
    const { id } = await trx
      .insertInto('staff_teams')
      .values({ name, sees_all_tickets: seesAll, auto_assign: autoAssign })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[name] = id;
    await trx
      .insertInto('staff_team_members')
      .values([...new Set(members)].filter(Boolean).map((staff_user_id) => ({ team_id: id, staff_user_id })))
      .execute();
  }
  const serviceDesk = pick(ids, 'Service desk');
  const schools = pick(ids, 'Schools support');
  await trx.updateTable('desk_settings').set({ default_team_id: serviceDesk }).execute();
  await trx
    .updateTable('organizations')
    .set({ default_team_id: schools })
    .where('id', '=', pick(ctx.orgs, 'district'))
    .execute();

  // The tickets as the desk would have routed them: the school district's to Schools support, the
  // money questions to Billing, the rest to the Service desk; then, oldest first, every third ticket not closed to the demo agent,
  // every third to a colleague of its team, the others left unassigned.
  await sql`update tickets t set team_id = case when exists (select 1 from organization_closure oc
      where oc.descendant_id = t.organization_id and oc.ancestor_id = ${pick(ctx.orgs, 'district')}::uuid)
      then ${schools}::uuid when t.subject ~* 'invoice|billing|quote|payment' then ${pick(ids, 'Billing')}::uuid
      else ${serviceDesk}::uuid end`.execute(trx);
  const tickets = await trx
    .selectFrom('tickets')
    .select(['id', 'team_id', 'status'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const [i, ticket] of tickets.entries()) {
    const other =
      ticket.team_id === schools
        ? pick(colleague, 'priya')
        : ticket.team_id === serviceDesk
          ? ctx.staff.admin
          : pick(colleague, 'chris');
    const assignee = i % 3 === 0 ? agent : i % 3 === 1 && ticket.status !== 'closed' ? other : null;
    if (assignee)
      await trx.updateTable('tickets').set({ assignee_id: assignee }).where('id', '=', ticket.id).execute();
  }
}
