/**
 * Issue 12's recipients row: the recipients of an event on a ticket seen by 2,000 watchers
 * through grants, resolved by the one statement of recipientsOf (src/mail/notifications), against
 * the SQL a person would write knowing the path (the grants on the requester's explicit groups,
 * the watchers' preference, the portal gate). Builds profile S (bench/profiles.ts) in a new
 * database, adds one user group holding the ticket's requester, 2,000 contacts of other
 * organizations with read grants on it and "everything I may see", then times both, interleaved.
 *
 *   npx tsx bench/experiments/mail-recipients.ts [postgres|pglite] [S|L]
 *
 * KEEP_DB=1 keeps the database and prints where it is; KEPT_DB=<that> measures on it again
 * without generating (profile L takes about 18 minutes to generate here). KEPT_DB may also name a
 * database kept by `bench/run.ts --keep` (the watchers are added to it once).
 */
import { sql } from 'kysely';
import { recipientsOf, recipientsQuery } from '../../src/mail/notifications/recipients.ts';
import { createBenchDatabase, openKeptBenchDatabase } from '../engine.ts';
import { finishGeneration, generatePopulation, growTickets } from '../generate/index.ts';
import { FULL_BUDGET, measureTogether } from '../measure.ts';
import { PROFILES } from '../profiles.ts';

const engine = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
const profile = PROFILES[process.argv[3] === 'L' ? 'L' : 'S'];
const WATCHERS = 2_000;
const kept = process.env.KEPT_DB;
const bench = kept ? await openKeptBenchDatabase(kept) : await createBenchDatabase(engine, profile.name);
try {
  const { database } = bench;
  const db = database.db;
  if (!kept) {
    const started = Date.now();
    const manifest = await generatePopulation(database, profile);
    await growTickets(database, manifest, profile, profile.tickets);
    await finishGeneration(database, manifest);
    console.log(
      `profile ${profile.name} on ${engine} generated in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }

  const ticket = await db
    .selectFrom('tickets')
    .select(['id', 'requester_id', 'organization_id'])
    .where('private', '=', false)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  // A database kept by this script has its watchers already; one kept by bench/run.ts gets them.
  const watched = await db
    .selectFrom('user_groups')
    .select('id')
    .where('name', '=', 'Mail watchers (bench)')
    .executeTakeFirst();
  if (!watched) {
    const group = await db
      .insertInto('user_groups')
      .values({ name: 'Mail watchers (bench)' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('user_group_contacts')
      .values({ user_group_id: group.id, contact_id: ticket.requester_id })
      .execute();
    const partial = await db
      .selectFrom('privilege_groups')
      .select('id')
      .where('system_key', '=', 'partial')
      .executeTakeFirstOrThrow();
    await sql`
      with w as (
        select id from contacts where organization_id <> ${ticket.organization_id} and not disabled
        order by id limit ${WATCHERS}
      ),
      p as (update contacts set privilege_group_id = ${partial.id} where id in (select id from w))
      , g as (insert into access_grants (contact_id, user_group_id, level) select id, ${group.id}, 'read' from w)
      insert into contact_notification_preferences (contact_id, scope) select id, 'visible' from w`.execute(
      db,
    );
  }
  await database.withConnection((conn) => conn.exec('analyze'));

  const question = {
    ticketId: ticket.id,
    event: 'public_reply' as const,
    actorContactId: null,
    actorStaffId: null,
  };
  const ours = await recipientsOf(db, question);
  const reference = () =>
    sql`select ct.id, ct.email, ct.name, 'tickets.priority.view' = any(pg.privileges) as sees_priority
      from access_grants ag join contacts ct on ct.id = ag.contact_id
      join privilege_groups pg on pg.id = ct.privilege_group_id
      join contact_notification_preferences np on np.contact_id = ct.id
      where ag.user_group_id in (select user_group_id from user_group_contacts where contact_id = ${ticket.requester_id})
        and (ag.expires_at is null or ag.expires_at > now())
        and np.scope = 'visible' and np.delivery = 'immediate'
        and not ct.disabled and 'portal.login' = any(pg.privileges) and 'tickets.view' = any(pg.privileges)`.execute(
      db,
    );
  const referenceRows = (await reference()).rows.length;
  console.log(`recipients: ours ${ours.length}, reference ${referenceRows} (watchers ${WATCHERS})`);
  if (ours.length < WATCHERS) throw new Error('recipientsOf missed watchers');

  const stats = await measureTogether(
    { recipientsOf: () => recipientsOf(db, question), reference },
    FULL_BUDGET,
  );
  for (const [name, s] of Object.entries(stats))
    console.log(
      `${name.padEnd(13)} p50 ${s.p50.toFixed(2)} p95 ${s.p95.toFixed(2)} p99 ${s.p99.toFixed(2)} ms (n=${s.n})`,
    );
  if (process.env.EXPLAIN) {
    const plan = await sql<{
      'QUERY PLAN': string;
    }>`explain (analyze, buffers) ${recipientsQuery(question)}`.execute(db);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  const ratio = stats.recipientsOf!.p50 / stats.reference!.p50;
  console.log(`ratio p50 ours / reference: ${ratio.toFixed(2)}`);
} finally {
  if (process.env.KEEP_DB === '1') {
    const where = bench.location.engine === 'postgres' ? bench.location.url : bench.location.dataDir;
    console.log(`kept: KEPT_DB=${where}`);
    await bench.close();
  } else await bench.drop();
}
