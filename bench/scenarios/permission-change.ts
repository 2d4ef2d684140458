import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { registerModules } from '../../src/modules/routes.ts';
import { assert, dbOf, record, type Context } from '../context.ts';
import { statsOf } from '../measure.ts';
import { side } from '../report/results.ts';

const cohortRule = (cohort: string) => ({
  operator: 'all',
  conditions: [{ field: 'attributes.cohort', op: 'equals', value: cohort }],
});

/**
 * Scenario 5: a permission change through the staff API (the real route, service, audit and
 * triggers), then the watcher's very next portal request. The watcher holds read grants on the
 * two lever groups only. Organization: add (and remove) an organization of `leverSize`
 * contacts to a group. Rule: switch a rule from cohort a to cohort b (`leverSize` contacts
 * leave, `leverSize` join) and back.
 */
export async function runPermissionChange(ctx: Context): Promise<void> {
  const db = dbOf(ctx);
  const { lever, profile } = { lever: ctx.manifest.lever, profile: ctx.profile };
  const app = await buildApp({
    database: ctx.database,
    config: loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1' }),
    mailWorker: false,
    logger: false,
    routes: registerModules,
  });
  try {
    const staff = { cookie: `portico_staff=${lever.staffToken}`, 'x-csrf-token': lever.staffCsrf };
    const timed = async (options: InjectOptions, expected: number, what: string) => {
      const start = performance.now();
      const res = await app.inject(options);
      const ms = performance.now() - start;
      return { ok: res.statusCode === expected, ms, what: `${what}: ${res.statusCode}` };
    };
    const see = (ticketId: string, expected: number) =>
      timed(
        {
          method: 'GET',
          url: `/api/portal/tickets/${ticketId}`,
          headers: { cookie: `portico_portal=${lever.watcher.token}` },
        },
        expected,
        `GET ${ticketId}`,
      );
    const reps = ctx.quick ? 2 : 5;

    const orgPath = `/api/staff/user-groups/${lever.organizationGroupId}/organizations/${lever.organizationId}`;
    const orgChanges: number[] = [];
    const orgNext: number[] = [];
    let orgReflected = true;
    for (let i = 0; i < reps; i++) {
      const add = await timed(
        { method: 'PUT', url: orgPath, headers: staff, payload: { includeSubOrganizations: false } },
        204,
        'add organization',
      );
      const seen = await see(lever.organizationTicketId, 200);
      const remove = await timed(
        { method: 'DELETE', url: orgPath, headers: staff },
        204,
        'remove organization',
      );
      const gone = await see(lever.organizationTicketId, 404);
      assert(add.ok && remove.ok, `organization change failed (${add.what}, ${remove.what})`);
      orgReflected &&= seen.ok && gone.ok;
      orgChanges.push(add.ms, remove.ms);
      orgNext.push(seen.ms, gone.ms);
    }
    const moved = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from contacts where organization_id = ${lever.organizationId}::uuid`.execute(
        db,
      )
    ).rows[0]!.n;
    reportChange(
      ctx,
      `add/remove an organization of ${moved} contacts to a group`,
      orgChanges,
      orgNext,
      orgReflected,
    );

    const rulePath = `/api/staff/user-groups/${lever.ruleGroupId}`;
    const ruleChanges: number[] = [];
    const ruleNext: number[] = [];
    let ruleReflected = true;
    const ruleReps = Math.max(1, Math.ceil(reps / 2));
    // Bounded: a rule change re-evaluates the rule over every contact; when that takes seconds,
    // one round trip (b, then back to a) is enough to report it.
    for (let i = 0; i < ruleReps && !(i > 0 && Math.max(...ruleChanges) > 10_000); i++) {
      for (const [to, seenId, goneId] of [
        ['b', lever.cohortBTicketId, lever.cohortATicketId],
        ['a', lever.cohortATicketId, lever.cohortBTicketId],
      ] as const) {
        const change = await timed(
          { method: 'PATCH', url: rulePath, headers: staff, payload: { rule: cohortRule(to) } },
          200,
          `rule → ${to}`,
        );
        assert(change.ok, `rule change failed (${change.what})`);
        const seen = await see(seenId, 200);
        const gone = await see(goneId, 404);
        ruleReflected &&= seen.ok && gone.ok;
        ruleChanges.push(change.ms);
        ruleNext.push(seen.ms);
      }
    }
    const members = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from user_group_rule_members where user_group_id = ${lever.ruleGroupId}::uuid`.execute(
        db,
      )
    ).rows[0]!.n;
    assert(members === profile.leverSize, `rule group has ${members} members, expected ${profile.leverSize}`);
    reportChange(
      ctx,
      `change a rule: ${members} contacts leave, ${members} join`,
      ruleChanges,
      ruleNext,
      ruleReflected,
    );
    await measurePreviews(ctx, async (payload) => {
      const start = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/staff/access/preview',
        headers: staff,
        payload,
      });
      assert(res.statusCode === 200, `preview ${JSON.stringify(payload)}: ${res.statusCode} ${res.body}`);
      return { ms: performance.now() - start, body: res.json<PreviewBody>() };
    });
  } finally {
    await app.close();
  }
}

type PreviewBody = {
  contactsGaining: number;
  contactsLosing: number;
  ticketsGained: { tickets: number };
  ticketsLost: { tickets: number };
};

/**
 * Issue 5: a preview (POST /api/staff/access/preview) over the largest user group (about a
 * tenth of the contacts: 20,000 at L): a grant on it to a contact without one, a contact
 * joining it and one leaving it. Each answers with the exact numbers, computed on a rolled-back
 * copy of the change; the target is under a second.
 */
async function measurePreviews(
  ctx: Context,
  preview: (payload: Record<string, unknown>) => Promise<{ ms: number; body: PreviewBody }>,
): Promise<void> {
  const db = dbOf(ctx);
  const largest = (
    await sql<{
      id: string;
      n: number;
    }>`select user_group_id as id, count(*)::int as n from user_group_contacts
      group by user_group_id order by count(*) desc limit 1`.execute(db)
  ).rows[0]!;
  const pick = (inGroup: boolean) =>
    sql<{ id: string }>`select c.id from contacts c where ${inGroup ? sql`` : sql`not`} exists (
      select 1 from user_group_contacts e where e.user_group_id = ${largest.id}::uuid and e.contact_id = c.id)
      and not exists (select 1 from access_grants a where a.contact_id = c.id) order by c.id limit 1`.execute(
      db,
    );
  const outsider = (await pick(false)).rows[0]!.id;
  const member = (await pick(true)).rows[0]!.id;
  const changes: Array<[string, Record<string, unknown>]> = [
    [
      'grant read access to it',
      { kind: 'add_grant', contactId: outsider, userGroupId: largest.id, level: 'read' },
    ],
    ['add a member', { kind: 'add_member', userGroupId: largest.id, contactId: outsider }],
    ['remove a member', { kind: 'remove_member', userGroupId: largest.id, contactId: member }],
  ];
  for (const [what, payload] of changes) {
    const times: number[] = [];
    let body: PreviewBody | undefined;
    for (let i = 0; i < (ctx.quick ? 2 : 5); i++) ({ ms: times[i]!, body } = await preview(payload));
    const s = statsOf(times.slice(1));
    record(ctx, {
      scenario: '5 change',
      name: `preview on a group of ${largest.n} members: ${what} (median of ${s.n}, ms)`,
      ours: side('POST /api/staff/access/preview', s),
      ratio: s.p50,
      metric: 'value',
      target: 'change.preview',
      note: `contacts +${body?.contactsGaining}/-${body?.contactsLosing}, tickets +${body?.ticketsGained.tickets}/-${body?.ticketsLost.tickets}`,
    });
  }
}

function reportChange(ctx: Context, name: string, changes: number[], next: number[], reflected: boolean) {
  const change = statsOf(changes);
  record(ctx, {
    scenario: '5 change',
    name: `${name}: applied (slowest of ${changes.length}, ms)`,
    ours: side('staff API change (HTTP inject)', change),
    reference: side('next portal request', statsOf(next)),
    ratio: Math.max(...changes),
    metric: 'value',
    target: 'change.applied',
  });
  record(ctx, {
    scenario: '5 change',
    name: `${name}: the next request reflects it`,
    ours: { name: 'reflected', n: changes.length },
    ratio: reflected ? 1 : 0,
    metric: 'value',
    target: 'change.visible',
  });
}
